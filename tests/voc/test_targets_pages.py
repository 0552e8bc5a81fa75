"""The KPI target pages: add one from a success statement (scope picked by name from one
grouped list), read it with its status and history, change it, remove it. Only the core team
and admins write; a refusal names its field and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from governance.models import SuccessStatement
from voc import services
from voc.models import KpiTarget

from .factories import TouchpointFactory, metric

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(db):
    return SuccessStatement.objects.create(title="Easy to do business with", text="Every time.")


def form_data(**overrides) -> dict:
    data = {
        "metric": metric("nps").pk,
        "scope": "overall",
        "granularity": "month",
        "baseline_value": "10",
        "baseline_period_start": "2026-01-01",
        "target_value": "40",
        "target_date": "2027-01-01",
        "note": "",
    }
    data.update(overrides)
    return data


def made(core_team_user, statement, **overrides) -> KpiTarget:
    values = {
        "success_statement": statement,
        "metric": metric("nps"),
        "baseline_value": 10,
        "baseline_period_start": dt.date(2026, 1, 1),
        "target_value": 40,
        "target_date": dt.date(2027, 1, 1),
    }
    values.update(overrides)
    return services.target_create(by=core_team_user, **values)


def test_the_statement_page_offers_add_a_target_only_to_configurers(
    client, core_team_user, viewer_user, statement
):
    url = reverse("governance:success-statement-detail", args=[statement.pk])
    add = reverse("voc:target-create", args=[statement.pk])
    client.force_login(core_team_user)
    assert add in client.get(url).content.decode()
    client.force_login(viewer_user)
    assert add not in client.get(url).content.decode()


def test_the_statement_page_lists_its_targets(client, core_team_user, viewer_user, statement):
    target = made(core_team_user, statement)
    other = SuccessStatement.objects.create(title="Other", text="Elsewhere.")
    elsewhere = made(core_team_user, other, target_value=30)
    client.force_login(viewer_user)
    page = client.get(
        reverse("governance:success-statement-detail", args=[statement.pk])
    ).content.decode()
    assert reverse("voc:target", args=[target.pk]) in page
    assert reverse("voc:target", args=[elsewhere.pk]) not in page
    bare = SuccessStatement.objects.create(title="Bare", text="Nothing yet.")
    empty = client.get(reverse("governance:success-statement-detail", args=[bare.pk]))
    assert "No KPI targets point at this statement yet." in empty.content.decode()


def test_core_team_adds_a_target_for_a_touchpoint_picked_by_name(client, core_team_user, statement):
    checkout = TouchpointFactory(code="checkout", name="Checkout")
    TouchpointFactory(code="old", name="Retired desk", is_active=False)
    client.force_login(core_team_user)
    url = reverse("voc:target-create", args=[statement.pk])
    page = client.get(url).content.decode()
    assert '<optgroup label="Touchpoints">' in page
    assert "Checkout" in page and "Retired desk" not in page
    answer = client.post(url, form_data(scope=f"touchpoint:{checkout.pk}", note="Checkout"))
    target = KpiTarget.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "voc:target", args=[target.pk]
    )
    assert (target.dimension_kind, target.dimension_id, target.note) == (
        "touchpoint", checkout.pk, "Checkout",
    )  # fmt: skip
    shown = client.get(answer["Location"]).content.decode()
    assert "Touchpoint: Checkout" in shown and "Created" in shown


@pytest.mark.parametrize(
    "overrides, words",
    [
        ({"target_value": "5"}, "above the baseline"),
        ({"target_date": "2025-12-01"}, "after the baseline"),
        ({"scope": "touchpoint:99999"}, "Select a valid choice"),
        ({"baseline_period_start": "2026-01-15"}, "first day of its period"),
        ({"target_value": "140"}, "outside -100 to 100"),
    ],
)
def test_a_bad_target_is_refused_on_the_form_and_nothing_is_written(
    client, core_team_user, statement, overrides, words
):
    client.force_login(core_team_user)
    answer = client.post(reverse("voc:target-create", args=[statement.pk]), form_data(**overrides))
    assert answer.status_code == 400
    assert words in answer.content.decode()
    assert not KpiTarget.objects.exists()


def test_a_second_target_for_the_same_scope_is_refused(client, core_team_user, statement):
    made(core_team_user, statement)
    client.force_login(core_team_user)
    answer = client.post(reverse("voc:target-create", args=[statement.pk]), form_data())
    assert answer.status_code == 400
    assert "already has a target for this KPI" in answer.content.decode()
    assert KpiTarget.objects.count() == 1


def test_core_team_changes_a_target_and_the_page_shows_the_history(
    client, core_team_user, statement
):
    target = made(core_team_user, statement)
    client.force_login(core_team_user)
    url = reverse("voc:target-edit", args=[target.pk])
    answer = client.post(url, form_data(target_value="45", note="Raised", version=target.version))
    assert answer.status_code == 302
    target.refresh_from_db()
    assert (target.target_value, target.note) == (45, "Raised")
    page = client.get(reverse("voc:target", args=[target.pk])).content.decode()
    assert "Target value: 40.0 → 45.0" in page
    assert "Carol Core" in page


def test_a_refused_change_keeps_the_stored_target(client, core_team_user, statement):
    target = made(core_team_user, statement)
    client.force_login(core_team_user)
    answer = client.post(
        reverse("voc:target-edit", args=[target.pk]),
        form_data(target_value="5", version=target.version),
    )
    assert answer.status_code == 400 and "above the baseline" in answer.content.decode()
    target.refresh_from_db()
    assert target.target_value == 40 and target.history.count() == 1


def test_core_team_removes_an_unlinked_target(client, core_team_user, statement):
    target = made(core_team_user, statement)
    client.force_login(core_team_user)
    answer = client.post(reverse("voc:target-delete", args=[target.pk]))
    assert answer.status_code == 302
    assert not KpiTarget.objects.exists()


def test_a_linked_target_is_not_removed_and_the_page_says_how_many_link(
    client, core_team_user, statement
):
    from portfolio.models import TargetLink
    from tests.portfolio.factories import InitiativeFactory

    target = made(core_team_user, statement)
    TargetLink.objects.create(
        initiative=InitiativeFactory(), target=target, expected_change=5, direction="increase",
        expected_by=dt.date(2026, 9, 1),
    )  # fmt: skip
    client.force_login(core_team_user)
    url = reverse("voc:target-delete", args=[target.pk])
    assert "1 initiative link to this target" in client.get(url).content.decode()
    answer = client.post(url)
    assert answer.status_code == 400
    assert "1 initiative links to this target" in answer.content.decode()
    assert KpiTarget.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("role", ["viewer_user", "steering_user", "wg_member_user"])
def test_other_roles_read_a_target_but_cannot_add_change_or_remove_one(
    request, client, role, core_team_user, statement
):
    target = made(core_team_user, statement)
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("voc:target", args=[target.pk]))
    assert page.status_code == 200
    assert reverse("voc:target-edit", args=[target.pk]) not in page.content.decode()
    create = reverse("voc:target-create", args=[statement.pk])
    assert client.post(create, form_data(target_value="50")).status_code == 403
    edit = reverse("voc:target-edit", args=[target.pk])
    assert client.post(edit, form_data(target_value="45")).status_code == 403
    assert client.post(reverse("voc:target-delete", args=[target.pk])).status_code == 403
    target.refresh_from_db()
    assert KpiTarget.objects.count() == 1 and target.target_value == 40


def test_the_target_page_reads_in_a_flat_number_of_queries(
    client, core_team_user, statement, django_assert_max_num_queries
):
    target = made(core_team_user, statement)
    for n in range(5):
        services.target_update(target=target, by=core_team_user, data={"note": f"Change {n}"})
    client.force_login(core_team_user)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("voc:target", args=[target.pk])).status_code == 200
