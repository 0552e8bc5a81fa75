"""The KPI targets an initiative moves: each link states the change it expects (a positive
number in the metric's unit, the way the metric gets better) and by when. Written by those who
may edit the initiative; bad input names its field and writes nothing (services, page, API)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from governance.models import SuccessStatement
from portfolio import services
from portfolio.models import Status, TargetLink
from voc.models import KpiRollup, KpiTarget, Metric
from voc.models.targets import TargetStatus

BY = dt.date(2026, 9, 1)


@pytest.fixture
def statement(db):
    return SuccessStatement.objects.create(title="Effortless", text="Every time.")


@pytest.fixture
def nps_target(statement):
    return KpiTarget.objects.create(
        success_statement=statement,
        metric=Metric.objects.get(code="nps"),
        baseline_value=10,
        baseline_period_start=dt.date(2026, 1, 1),
        target_value=30,
        target_date=dt.date(2027, 1, 1),
    )


@pytest.fixture
def ces_target(statement):
    """CES (a mean on 1-7, better higher) for a link whose change has a scale to fit."""
    return KpiTarget.objects.create(
        success_statement=statement,
        metric=Metric.objects.get(code="ces"),
        baseline_value=5.0,
        baseline_period_start=dt.date(2026, 1, 1),
        target_value=5.8,
        target_date=dt.date(2027, 1, 1),
    )


@pytest.fixture
def running(make_initiative):
    return make_initiative(status=Status.IN_PROGRESS)


def link_state() -> tuple:
    return (
        list(TargetLink.objects.order_by("pk").values_list()),
        TargetLink.history.count(),
    )


# Writing through the service


def test_a_member_links_their_groups_initiative_the_way_the_metric_gets_better(
    program, running, nps_target
):
    link = services.target_link_create(
        by=program.member, initiative=running, target=nps_target, expected_change=5, expected_by=BY
    )
    assert (link.direction, link.expected_change, link.signed_change) == ("increase", 5, 5)
    assert link.history.count() == 1
    assert list(running.target_links.all()) == [link]


def test_a_lower_is_better_metric_expects_a_decrease(program, running, statement):
    churn = Metric.objects.get(code="churn")  # operational, lower is better, in %
    target = KpiTarget.objects.create(
        success_statement=statement, metric=churn, baseline_value=12,
        baseline_period_start=dt.date(2026, 1, 1), target_value=9,
        target_date=dt.date(2027, 1, 1),
    )  # fmt: skip
    link = services.target_link_create(
        by=program.core, initiative=running, target=target, expected_change=1.5, expected_by=BY
    )
    assert (link.direction, link.signed_change) == ("decrease", -1.5)


def test_a_member_of_another_group_cannot_link_it(program, running, nps_target):
    with pytest.raises(PermissionDenied):
        services.target_link_create(
            by=program.other, initiative=running, target=nps_target, expected_change=5,
            expected_by=BY,
        )  # fmt: skip
    assert TargetLink.objects.count() == 0


def test_the_core_team_edits_and_removes_a_link_with_history(program, running, nps_target):
    link = services.target_link_create(
        by=program.member, initiative=running, target=nps_target, expected_change=5, expected_by=BY
    )
    services.target_link_update(
        link=link, by=program.core, data={"expected_change": 8, "note": " Fewer steps. "}
    )
    link.refresh_from_db()
    assert (link.expected_change, link.note) == (8, "Fewer steps.")
    assert link.history.count() == 2
    services.target_link_delete(link=link, by=program.core)
    assert not TargetLink.objects.exists()
    assert TargetLink.history.filter(history_type="-").count() == 1


def test_a_link_keeps_its_target(program, running, nps_target, ces_target):
    link = services.target_link_create(
        by=program.member, initiative=running, target=nps_target, expected_change=5, expected_by=BY
    )
    before = link_state()
    with pytest.raises(ValidationError) as refusal:
        services.target_link_update(link=link, by=program.member, data={"target": ces_target})
    assert "remove it and add a new one" in refusal.value.message_dict["target"][0]
    assert link_state() == before


# Bad input: the field named, nothing written


@pytest.mark.parametrize(
    ("change", "direction", "by", "field", "words"),
    [
        (-3, None, BY, "expected_change", "is a positive number (-3 is not)"),
        (0, None, BY, "expected_change", "is a positive number (0 is not)"),
        (250, None, BY, "expected_change", "runs from -100 to 100: it cannot move by 250 points"),
        (5, "decrease", BY, "direction", "is better higher"),
        (5, None, dt.date(2025, 12, 31), "expected_by", "before the initiative starts (1 Jan"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    program, running, nps_target, change, direction, by, field, words
):
    before = link_state()
    with pytest.raises(ValidationError) as refusal:
        services.target_link_create(
            by=program.member, initiative=running, target=nps_target, expected_change=change,
            direction=direction, expected_by=by,
        )  # fmt: skip
    assert words in " ".join(refusal.value.message_dict[field])
    assert link_state() == before


def test_a_mean_cannot_move_further_than_its_scale(program, running, ces_target):
    with pytest.raises(ValidationError) as refusal:
        services.target_link_create(
            by=program.member, initiative=running, target=ces_target, expected_change=6.5,
            expected_by=BY,
        )  # fmt: skip
    assert "runs from 1 to 7" in refusal.value.message_dict["expected_change"][0]
    link = services.target_link_create(
        by=program.member, initiative=running, target=ces_target, expected_change=0.3,
        expected_by=BY,
    )  # fmt: skip
    assert link.expected_change == 0.3


def test_a_second_link_to_the_same_target_is_refused(program, running, nps_target):
    services.target_link_create(
        by=program.member, initiative=running, target=nps_target, expected_change=5, expected_by=BY
    )
    before = link_state()
    with pytest.raises(ValidationError) as refusal:
        services.target_link_create(
            by=program.core, initiative=running, target=nps_target, expected_change=2,
            expected_by=BY,
        )  # fmt: skip
    assert "already linked to this target" in str(refusal.value)
    assert link_state() == before


def test_a_target_outside_the_persons_scope_is_refused_on_the_target_field(
    program, running, nps_target
):
    """The service asks KpiTarget.objects.for_user: a target outside it (today every role
    reads every target, so: one that no longer exists) is refused as unknown."""
    gone = KpiTarget(pk=nps_target.pk + 1000, metric=nps_target.metric)
    before = link_state()
    with pytest.raises(ValidationError) as refusal:
        services.target_link_create(
            by=program.member, initiative=running, target=gone, expected_change=5, expected_by=BY
        )
    assert "this one is unknown" in refusal.value.message_dict["target"][0]
    assert link_state() == before


def test_bad_input_through_the_api_is_a_400_naming_the_field(
    program, running, nps_target, api_client
):
    api_client.force_login(program.member)
    good = {
        "initiative": running.pk, "target": nps_target.pk, "expected_change": 5,
        "expected_by": "2026-09-01",
    }  # fmt: skip
    before = link_state()
    cases = [
        ({"expected_change": -3}, "expected_change"),
        ({"target": 999_999}, "target"),
        ({"expected_by": "2025-12-01"}, "expected_by"),
        ({"direction": "decrease"}, "direction"),
    ]
    for change, field in cases:
        response = api_client.post("/api/v1/target-links/", {**good, **change}, format="json")
        assert response.status_code == 400, change
        assert list(response.json()) == [field], response.json()
    assert link_state() == before
    assert api_client.post("/api/v1/target-links/", good, format="json").status_code == 201
    before = link_state()
    again = api_client.post("/api/v1/target-links/", good, format="json")
    assert again.status_code == 400
    assert "already linked to this target" in str(again.json())
    assert link_state() == before


def test_bad_input_on_the_page_shows_beside_the_field_and_saves_nothing(
    program, running, nps_target, client
):
    client.force_login(program.member)
    url = reverse("portfolio:target-link-create", args=[running.pk])
    form = {"target": nps_target.pk, "expected_change": "5", "direction": "increase",
            "expected_by": "2025-06-01", "note": ""}  # fmt: skip
    page = client.post(url, form)
    assert page.status_code == 200
    assert "before the initiative starts" in page.context["form"].errors["expected_by"][0]
    swapped = client.post(url, {**form, "expected_change": "-2"}, HTTP_HX_REQUEST="true")
    assert swapped.status_code == 200
    assert b"<html" not in swapped.content
    assert swapped.context["link_form"].errors["expected_change"]
    assert not TargetLink.objects.exists()


# Pages and the API read


def test_the_initiative_page_lists_its_targets_with_change_unit_and_status(
    program, running, nps_target, client
):
    KpiRollup.objects.create(
        metric=nps_target.metric, granularity="month", period_start=dt.date(2026, 3, 1), n=100,
        promoters=40, passives=40, detractors=20, score=20, low=5, high=35,
    )  # fmt: skip
    services.target_link_create(
        by=program.member, initiative=running, target=nps_target, expected_change=5,
        expected_by=BY, note="Fewer forms.",
    )  # fmt: skip
    client.force_login(program.viewer)
    page = client.get(running.get_absolute_url())
    assert page.status_code == 200
    row = page.context["detail"].target_links[0]
    assert row.scope == "overall"
    assert row.reading.status in set(TargetStatus)
    html = page.content.decode()
    assert "+5 points" in html and "(increase)" in html and "1 Sep 2026" in html
    # The note reads under the KPI's name, not inside the right-aligned figure, and the
    # target carries the metric's unit as the expected change does.
    row_html = html[html.index(f'id="target-link-{row.link.pk}"') :]
    header = row_html[row_html.index("<th") : row_html.index("</th>")]
    assert "Fewer forms." in header
    assert f"{nps_target.target_value:g} points by" in row_html
    assert "Link a KPI target" not in html  # a viewer reads, the form is not offered


def test_adding_with_htmx_swaps_the_section_and_a_plain_post_redirects(
    program, running, nps_target, ces_target, client
):
    client.force_login(program.member)
    url = reverse("portfolio:target-link-create", args=[running.pk])
    form = {"target": nps_target.pk, "expected_change": "5", "direction": "increase",
            "expected_by": "2026-09-01", "note": ""}  # fmt: skip
    swapped = client.post(url, form, HTTP_HX_REQUEST="true")
    assert swapped.status_code == 200 and b'id="targets"' in swapped.content
    assert b"<html" not in swapped.content
    plain = client.post(url, {**form, "target": ces_target.pk, "expected_change": "0.4"})
    assert plain.status_code == 302 and plain["Location"].endswith("#targets")
    link = TargetLink.objects.get(target=ces_target)
    removed = client.post(
        reverse("portfolio:target-link-delete", args=[link.pk]), HTTP_HX_REQUEST="true"
    )
    assert removed.status_code == 200 and b"no longer claims to move" in removed.content
    assert list(TargetLink.objects.values_list("target", flat=True)) == [nps_target.pk]


def test_the_initiative_api_shows_its_targets_and_target_links_filter(
    program, running, make_initiative, nps_target, ces_target, api_client
):
    other = make_initiative(status=Status.APPROVED, group=program.complaints)
    services.target_link_create(
        by=program.core, initiative=running, target=nps_target, expected_change=5, expected_by=BY
    )
    services.target_link_create(
        by=program.core, initiative=other, target=ces_target, expected_change=0.2, expected_by=BY
    )
    api_client.force_login(program.viewer)
    body = api_client.get(f"/api/v1/initiatives/{running.pk}/").json()
    assert [(t["target"], t["expected_change"], t["direction"]) for t in body["targets"]] == [
        (nps_target.pk, 5.0, "increase")
    ]
    listed = api_client.get("/api/v1/target-links/", {"metric": nps_target.metric_id}).json()[
        "results"
    ]
    assert [(row["initiative"], row["unit"]) for row in listed] == [(running.pk, "points")]
    by_group = api_client.get("/api/v1/target-links/", {"initiative": other.pk}).json()
    assert [row["target"] for row in by_group["results"]] == [ces_target.pk]
    refused = api_client.get("/api/v1/target-links/", {"direction": "sideways"})
    assert refused.status_code == 400 and "direction" in refused.json()


def test_moving_the_start_past_a_links_expected_by_date_is_refused(program, running, nps_target):
    services.target_link_create(
        by=program.member, initiative=running, target=nps_target, expected_change=5, expected_by=BY
    )
    with pytest.raises(ValidationError) as refusal:
        services.initiative_update(
            initiative=running, by=program.member, data={"start_date": dt.date(2026, 10, 1)}
        )
    assert "Net Promoter Score by 1 Sep 2026" in refusal.value.message_dict["start_date"][0]
    running.refresh_from_db()
    assert running.start_date == dt.date(2026, 1, 1)
