"""The issue's bad input: each refused with a message naming the field, nothing written, the
initiative as it was (services, pages and the API)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portfolio import services
from portfolio.models import Initiative, Milestone, Status, StatusUpdate
from tests.portfolio.conftest import START


def snapshot(initiative: Initiative) -> dict:
    fresh = Initiative.objects.get(pk=initiative.pk)
    return {
        field.name: getattr(fresh, field.attname) for field in Initiative._meta.concrete_fields
    } | {
        "milestones": Milestone.objects.count(),
        "updates": StatusUpdate.objects.count(),
        "history": fresh.history.count(),
    }


@pytest.fixture
def running(make_initiative):
    return make_initiative(status=Status.IN_PROGRESS, progress=30, health="green")


def test_a_milestone_outside_the_initiatives_dates_is_refused(program, running, api_client):
    before = snapshot(running)
    with pytest.raises(ValidationError) as refusal:
        services.milestone_create(
            by=program.member, initiative=running, title="Too late", due_on=dt.date(2027, 3, 1)
        )
    assert "outside the initiative's dates (1 Jan 2026 to 31 Dec 2026)" in str(
        refusal.value.message_dict["due_on"]
    )
    api_client.force_login(program.member)
    response = api_client.post(
        "/api/v1/milestones/",
        {"initiative": running.pk, "title": "Too early", "due_on": "2025-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["due_on"]
    assert snapshot(running) == before


def test_moving_the_dates_past_a_milestone_is_refused(program, running):
    Milestone.objects.create(initiative=running, title="Pilot", due_on=dt.date(2026, 11, 1))
    before = snapshot(running)
    with pytest.raises(ValidationError) as refusal:
        services.initiative_update(
            initiative=running, by=program.member, data={"target_date": dt.date(2026, 6, 30)}
        )
    assert "Pilot (1 Nov 2026)" in refusal.value.message_dict["target_date"][0]
    assert snapshot(running) == before


@pytest.mark.parametrize("progress", [101, -1])
def test_progress_outside_0_to_100_is_refused(program, running, api_client, client, progress):
    before = snapshot(running)
    with pytest.raises(ValidationError) as refusal:
        services.status_update_create(
            by=program.member, initiative=running, health="amber", progress=progress, summary="x"
        )
    assert "progress" in refusal.value.message_dict
    api_client.force_login(program.member)
    response = api_client.post(
        "/api/v1/status-updates/",
        {"initiative": running.pk, "health": "amber", "progress": progress, "summary": "x"},
        format="json",
    )
    assert response.status_code == 400 and list(response.json()) == ["progress"]
    client.force_login(program.member)
    page = client.post(
        reverse("portfolio:update-create", args=[running.pk]),
        {"health": "amber", "progress": progress, "summary": "x"},
    )
    assert page.status_code == 200
    assert page.context["form"].errors["progress"]
    assert snapshot(running) == before


def test_a_target_date_before_the_start_is_refused(program, running, api_client, client):
    with pytest.raises(ValidationError) as refusal:
        services.initiative_propose(
            by=program.member,
            title="Backwards",
            working_group=program.onboarding,
            owner=program.member,
            business_unit=program.retail,
            start_date=START,
            target_date=START - dt.timedelta(days=1),
        )
    assert "is before the start date" in refusal.value.message_dict["target_date"][0]
    before = snapshot(running)
    api_client.force_login(program.member)
    response = api_client.patch(
        f"/api/v1/initiatives/{running.pk}/",
        {"target_date": "2025-06-01", "version": running.version},
        format="json",
    )
    assert response.status_code == 400 and "target_date" in response.json()
    client.force_login(program.member)
    form = {
        "title": "Renamed",
        "working_group": program.onboarding.pk,
        "owner": program.member.pk,
        "business_unit": program.retail.pk,
        "driven_by": "business",
        "start_date": "2026-01-01",
        "target_date": "2025-06-01",
        "version": running.version,
    }
    page = client.post(reverse("portfolio:initiative-edit", args=[running.pk]), form)
    assert page.status_code == 200
    assert "is before the start date" in page.context["form"].errors["target_date"][0]
    assert snapshot(running) == before
    assert Initiative.objects.filter(title="Backwards").count() == 0


def test_a_forbidden_transition_through_the_api_is_a_400_naming_to_status(
    program, make_initiative, api_client
):
    done = make_initiative(status=Status.COMPLETED)
    before = snapshot(done)
    api_client.force_login(program.core)
    response = api_client.post(
        f"/api/v1/initiatives/{done.pk}/transition/", {"to_status": "proposed"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["to_status"] == [
        "An initiative that is completed is closed; it cannot move any more."
    ]
    assert snapshot(done) == before


def test_approving_without_the_decision_right_is_a_403_and_changes_nothing(
    program, make_initiative, api_client
):
    proposal = make_initiative(status=Status.PROPOSED)
    before = snapshot(proposal)
    api_client.force_login(program.core)
    response = api_client.post(
        f"/api/v1/initiatives/{proposal.pk}/transition/", {"to_status": "approved"}, format="json"
    )
    assert response.status_code == 403
    assert "decision right" in response.json()["detail"]
    assert snapshot(proposal) == before


def test_the_status_cannot_be_set_by_an_edit(program, running, api_client):
    before = snapshot(running)
    with pytest.raises(ValidationError) as refusal:
        services.initiative_update(
            initiative=running, by=program.core, data={"status": Status.COMPLETED}
        )
    assert "status" in refusal.value.message_dict
    api_client.force_login(program.core)
    api_client.patch(f"/api/v1/initiatives/{running.pk}/", {"status": "completed"}, format="json")
    assert snapshot(running) == before  # read-only in the API: ignored, never written


def test_asking_for_help_needs_a_reason(program, running):
    before = snapshot(running)
    with pytest.raises(ValidationError) as refusal:
        services.status_update_create(
            by=program.member,
            initiative=running,
            health="amber",
            progress=40,
            summary="Slow.",
            needs_help=True,
            help_reason="  ",
        )
    assert "help_reason" in refusal.value.message_dict
    assert snapshot(running) == before


def test_an_update_on_a_closed_initiative_is_refused(program, make_initiative):
    from portfolio.errors import PortfolioError

    done = make_initiative(status=Status.CANCELLED)
    with pytest.raises(PortfolioError, match="takes no more updates"):
        services.status_update_create(
            by=program.core, initiative=done, health="green", progress=10, summary="x"
        )
