"""Status updates set health from the latest one; risks escalate to the steering committee."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from cxgov.dates import today
from portfolio import services
from portfolio.errors import PortfolioError
from portfolio.models import Initiative, Risk, Status
from tests.portfolio.factories import RiskFactory


@pytest.fixture
def running(make_initiative):
    return make_initiative(status=Status.IN_PROGRESS, status_changed_on=dt.date(2026, 1, 1))


def post(program, initiative, **fields):
    values = {"health": "green", "progress": 10, "summary": "Fine."} | fields
    return services.status_update_create(by=program.member, initiative=initiative, **values)


def test_the_latest_update_sets_health_progress_and_last_heard(program, running):
    post(program, running, health="amber", progress=40, blockers="Vendor late.")
    running.refresh_from_db()
    assert (running.health, running.progress, running.last_update_on) == ("amber", 40, today())


def test_a_backdated_update_does_not_override_a_newer_one(program, running):
    post(program, running, health="red", progress=50)
    post(program, running, health="green", progress=20, reported_on=today() - dt.timedelta(days=9))
    running.refresh_from_db()
    assert (running.health, running.progress) == ("red", 50)
    assert [u.health for u in running.status_updates.all()] == ["red", "green"]  # timeline


def test_an_update_can_ask_for_help_and_withdraw_it(program, running):
    post(program, running, needs_help=True, help_reason="Legal is silent.")
    running.refresh_from_db()
    assert (running.needs_help, running.help_reason) == (True, "Legal is silent.")
    post(program, running)  # None leaves the request standing
    assert Initiative.objects.get(pk=running.pk).needs_help
    post(program, running, needs_help=False)
    running.refresh_from_db()
    assert (running.needs_help, running.help_reason) == (False, "")


def test_an_update_brings_a_stale_initiative_back(program, running):
    assert running in Initiative.objects.stale()
    post(program, running)
    assert running not in Initiative.objects.stale()


def test_stale_means_in_progress_and_silent_for_the_configured_days(
    program, make_initiative, settings
):
    settings.CXGOV_PORTFOLIO_STALE_DAYS = 10
    quiet = make_initiative(status=Status.IN_PROGRESS, last_update_on=today() - dt.timedelta(11))
    recent = make_initiative(status=Status.IN_PROGRESS, last_update_on=today() - dt.timedelta(10))
    held = make_initiative(status=Status.ON_HOLD, last_update_on=today() - dt.timedelta(60))
    stale = set(Initiative.objects.stale())
    assert quiet in stale and recent not in stale and held not in stale
    assert quiet.is_stale and not recent.is_stale and not held.is_stale


def test_another_groups_member_cannot_post_an_update(program, running):
    with pytest.raises(PermissionDenied):
        services.status_update_create(
            by=program.other, initiative=running, health="red", progress=1, summary="x"
        )


def test_escalating_a_risk_puts_it_before_the_steering_committee(program, running):
    risk = RiskFactory(initiative=running, owner=program.member)
    services.risk_escalate(risk=risk, by=program.member, note="Decide the release slot.")
    assert list(Risk.objects.awaiting_steering()) == [risk]
    risk.refresh_from_db()
    assert (risk.escalated_on, risk.escalated_by) == (today(), program.member)
    with pytest.raises(PortfolioError, match="already escalated"):
        services.risk_escalate(risk=risk, by=program.member)


def test_only_an_open_risk_is_escalated(program, running):
    risk = RiskFactory(initiative=running, owner=program.member, status="closed")
    with pytest.raises(PortfolioError, match="Only an open risk"):
        services.risk_escalate(risk=risk, by=program.member)
    assert not Risk.objects.awaiting_steering().exists()


def test_the_escalation_is_not_set_by_an_edit(program, running):
    from django.core.exceptions import ValidationError

    risk = RiskFactory(initiative=running, owner=program.member)
    with pytest.raises(ValidationError) as refusal:
        services.risk_update(risk=risk, by=program.member, data={"escalated_on": today()})
    assert "escalated_on" in refusal.value.message_dict
