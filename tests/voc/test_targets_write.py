"""Setting, changing and removing KPI targets: through the services, the API and the pages.

Only the core team and admins (voc.manage_targets) write; every refusal names its field and
writes nothing; a target keeps its statement, metric and scope; a linked target stays."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from governance.models import BusinessUnit, SuccessStatement
from voc import services
from voc.errors import VocError
from voc.models import KpiTarget, Metric

from .factories import ChannelFactory, SegmentFactory, TouchpointFactory, metric

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(db):
    return SuccessStatement.objects.create(title="Easy to do business with", text="Every time.")


def fields(statement, **overrides):
    values = {
        "success_statement": statement,
        "metric": metric("nps"),
        "dimension_kind": "overall",
        "dimension_id": 0,
        "granularity": "month",
        "baseline_value": 10,
        "baseline_period_start": dt.date(2026, 1, 1),
        "target_value": 40,
        "target_date": dt.date(2027, 1, 1),
    }
    values.update(overrides)
    return values


def refused(by, **values) -> dict:
    """The field errors of a refused create, after checking nothing was written."""
    before = KpiTarget.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.target_create(by=by, **values)
    assert KpiTarget.objects.count() == before
    return caught.value.message_dict


# -- Services -------------------------------------------------------------------------------------


def test_core_team_sets_a_target_scoped_to_a_touchpoint(core_team_user, statement):
    checkout = TouchpointFactory(code="checkout", name="Checkout")
    target = services.target_create(
        by=core_team_user,
        **fields(statement, dimension_kind="touchpoint", dimension_id=checkout.pk),
        note="  Checkout first. ",
    )
    target.refresh_from_db()
    assert (target.dimension_kind, target.dimension_id) == ("touchpoint", checkout.pk)
    assert target.dimension_value() == checkout
    assert target.note == "Checkout first."
    assert target.history.count() == 1


@pytest.mark.parametrize(
    "overrides, field, words",
    [
        ({"target_value": 5}, "target_value", "above the baseline"),
        ({"target_value": 10}, "target_value", "is the baseline"),
        ({"target_date": dt.date(2025, 12, 1)}, "target_date", "after the baseline"),
        ({"target_date": dt.date(2026, 1, 1)}, "target_date", "after the baseline"),
        ({"target_value": 140}, "target_value", "outside -100 to 100"),
        ({"baseline_value": -120, "target_value": 0}, "baseline_value", "outside -100 to 100"),
        ({"dimension_kind": "overall", "dimension_id": 3}, "dimension_id", "overall without"),
        ({"dimension_kind": "touchpoint", "dimension_id": 0}, "dimension_id", "dimension value"),
        ({"dimension_kind": "touchpoint", "dimension_id": 99999}, "dimension_id",
         "no touchpoint with id 99999"),
        ({"baseline_period_start": dt.date(2026, 1, 15)}, "baseline_period_start",
         "1 Jan 2026, not 15 Jan 2026"),
        ({"granularity": "quarter", "baseline_period_start": dt.date(2026, 2, 1)},
         "baseline_period_start", "1 Jan 2026"),
    ],
)  # fmt: skip
def test_bad_target_is_refused_on_its_field_and_nothing_is_written(
    core_team_user, statement, overrides, field, words
):
    errors = refused(core_team_user, **fields(statement, **overrides))
    assert field in errors
    assert words in " ".join(errors[field])


def test_a_lower_is_better_metric_needs_a_target_below_the_baseline(core_team_user, statement):
    ces = Metric.objects.get(code="ces")
    lower = Metric.objects.create(
        code="wait", name="Wait", kind=ces.kind, scale_min=1, scale_max=7, direction="lower"
    )
    errors = refused(
        core_team_user,
        **fields(statement, metric=lower, baseline_value=4, target_value=5),
    )
    assert "below the baseline (4)" in errors["target_value"][0]


@pytest.mark.parametrize("kind", ["touchpoint", "channel", "segment", "business_unit"])
def test_an_inactive_dimension_value_is_refused_for_a_new_target(core_team_user, statement, kind):
    value = {
        "touchpoint": lambda: TouchpointFactory(is_active=False),
        "channel": lambda: ChannelFactory(is_active=False),
        "segment": lambda: SegmentFactory(is_active=False),
        "business_unit": lambda: BusinessUnit.objects.create(
            name="Retired", code="retired", is_active=False
        ),
    }[kind]()
    errors = refused(
        core_team_user, **fields(statement, dimension_kind=kind, dimension_id=value.pk)
    )
    assert "no longer in use" in errors["dimension_id"][0]


def test_an_inactive_metric_is_refused(core_team_user, statement):
    nps = metric("nps")
    Metric.objects.filter(pk=nps.pk).update(is_active=False)
    nps.refresh_from_db()
    errors = refused(core_team_user, **fields(statement, metric=nps))
    assert "no longer in use" in errors["metric"][0]


def test_a_second_target_for_the_same_statement_metric_and_scope_is_refused(
    core_team_user, statement
):
    services.target_create(by=core_team_user, **fields(statement))
    errors = refused(core_team_user, **fields(statement, target_value=50))
    assert "already has a target for this KPI" in " ".join(errors["__all__"])


@pytest.mark.parametrize("role", ["viewer_user", "steering_user", "wg_member_user"])
def test_only_configurers_set_change_or_remove_targets(request, role, core_team_user, statement):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied, match="core CX team"):
        services.target_create(by=user, **fields(statement))
    target = services.target_create(by=core_team_user, **fields(statement))
    with pytest.raises(PermissionDenied):
        services.target_update(target=target, by=user, data={"target_value": 45})
    with pytest.raises(PermissionDenied):
        services.target_delete(target=target, by=user)
    target.refresh_from_db()
    assert target.target_value == 40


def test_update_changes_values_and_records_history(core_team_user, statement):
    target = services.target_create(by=core_team_user, **fields(statement))
    services.target_update(
        target=target, by=core_team_user, data={"target_value": 45, "note": "Raised"}
    )
    target.refresh_from_db()
    assert (target.target_value, target.note) == (45, "Raised")
    latest = target.history.first()
    assert latest.history_type == "~" and latest.history_user == core_team_user
    assert target.history.count() == 2


def test_update_keeps_statement_metric_and_scope(core_team_user, statement):
    target = services.target_create(by=core_team_user, **fields(statement))
    with pytest.raises(ValidationError) as caught:
        services.target_update(
            target=target, by=core_team_user, data={"metric": metric("csat"), "target_value": 45}
        )
    assert "keeps its metric" in caught.value.message_dict["metric"][0]
    target.refresh_from_db()
    assert (target.metric.code, target.target_value, target.history.count()) == ("nps", 40, 1)


def test_a_refused_update_writes_nothing(core_team_user, statement):
    target = services.target_create(by=core_team_user, **fields(statement))
    with pytest.raises(ValidationError) as caught:
        services.target_update(target=target, by=core_team_user, data={"target_value": 5})
    assert "target_value" in caught.value.message_dict
    target.refresh_from_db()
    assert target.target_value == 40 and target.history.count() == 1


def test_delete_removes_an_unlinked_target(core_team_user, statement):
    target = services.target_create(by=core_team_user, **fields(statement))
    services.target_delete(target=target, by=core_team_user)
    assert not KpiTarget.objects.exists()


def test_a_linked_target_cannot_be_deleted_and_says_how_many_initiatives_link(
    core_team_user, statement
):
    from portfolio.models import TargetLink

    target = services.target_create(by=core_team_user, **fields(statement))
    for n in range(2):
        TargetLink.objects.create(
            initiative=_initiative(n), target=target, expected_change=5,
            direction="increase", expected_by=dt.date(2026, 9, 1),
        )  # fmt: skip
    with pytest.raises(VocError, match="2 initiatives link to this target"):
        services.target_delete(target=target, by=core_team_user)
    assert KpiTarget.objects.filter(pk=target.pk).exists()


def _initiative(n: int):
    from tests.portfolio.factories import InitiativeFactory

    return InitiativeFactory(title=f"Initiative {n}")


# -- API ------------------------------------------------------------------------------------------


def _payload(statement, **overrides) -> dict:
    data = fields(statement)
    data["success_statement"] = data["success_statement"].pk
    data["metric"] = data["metric"].pk
    for name in ("baseline_period_start", "target_date"):
        data[name] = data[name].isoformat()
    data.update(overrides)
    return data


def test_api_creates_updates_and_deletes_a_target(api_client, core_team_user, statement):
    api_client.force_authenticate(core_team_user)
    channel = ChannelFactory(code="web", name="Web")
    made = api_client.post(
        reverse("target-list"),
        _payload(statement, dimension_kind="channel", dimension_id=channel.pk),
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["dimension_id"] == channel.pk
    pk = made.json()["id"]
    url = reverse("target-detail", args=[pk])
    assert made.json()["version"] == 1
    change = {"target_value": 45, "note": "Raised", "version": 1}
    changed = api_client.patch(url, change, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["target_value"] == 45
    assert KpiTarget.objects.get(pk=pk).history.count() == 2
    assert api_client.delete(url).status_code == 204
    assert not KpiTarget.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"dimension_kind": "planet"}, "dimension_kind"),
        ({"dimension_id": 2.5}, "dimension_id"),
        ({"dimension_id": -1}, "dimension_id"),
        ({"dimension_kind": "segment", "dimension_id": 99999}, "dimension_id"),
        ({"metric": "nps"}, "metric"),
        ({"success_statement": 99999}, "success_statement"),
        ({"target_value": 5}, "target_value"),
        ({"target_date": "2025-12-01"}, "target_date"),
        ({"baseline_period_start": "1 Jan 2026"}, "baseline_period_start"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_api_refuses_bad_input_naming_the_field(
    api_client, core_team_user, statement, overrides, field
):
    api_client.force_authenticate(core_team_user)
    answer = api_client.post(
        reverse("target-list"), _payload(statement, **overrides), format="json"
    )
    assert answer.status_code == 400
    assert field in answer.json(), answer.json()
    assert not KpiTarget.objects.exists()


def test_api_refuses_a_change_of_scope_naming_it(api_client, core_team_user, statement):
    target = services.target_create(by=core_team_user, **fields(statement))
    api_client.force_authenticate(core_team_user)
    answer = api_client.patch(
        reverse("target-detail", args=[target.pk]),
        {"dimension_kind": "segment", "dimension_id": SegmentFactory().pk, "version": 1},
        format="json",
    )
    assert answer.status_code == 400 and "dimension_kind" in answer.json()
    target.refresh_from_db()
    assert target.dimension_kind == "overall"


def test_api_refuses_deleting_a_linked_target(api_client, core_team_user, statement):
    from portfolio.models import TargetLink

    target = services.target_create(by=core_team_user, **fields(statement))
    TargetLink.objects.create(
        initiative=_initiative(1), target=target, expected_change=5, direction="increase",
        expected_by=dt.date(2026, 9, 1),
    )  # fmt: skip
    api_client.force_authenticate(core_team_user)
    answer = api_client.delete(reverse("target-detail", args=[target.pk]))
    assert answer.status_code == 400
    assert "1 initiative links to this target" in str(answer.json())
    assert KpiTarget.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("role", ["viewer_user", "steering_user", "wg_member_user"])
def test_api_refuses_writes_to_other_roles(request, api_client, role, core_team_user, statement):
    target = services.target_create(by=core_team_user, **fields(statement))
    api_client.force_authenticate(request.getfixturevalue(role))
    url = reverse("target-detail", args=[target.pk])
    made = api_client.post(
        reverse("target-list"), _payload(statement, target_value=50), format="json"
    )
    assert made.status_code == 403
    assert "core CX team" in made.json()["detail"]
    assert api_client.patch(url, {"note": "x"}, format="json").status_code == 403
    assert api_client.delete(url).status_code == 403
    assert KpiTarget.objects.count() == 1 and KpiTarget.objects.get().note == ""
