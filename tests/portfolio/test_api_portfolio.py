"""The portfolio API: proposals, the transition action, strict filters, and input a create
does not take refused by name."""

from __future__ import annotations

import datetime as dt

from cxgov.dates import today
from portfolio.models import Initiative, Risk, Status

INITIATIVES = "/api/v1/initiatives/"


def proposal(program, **extra) -> dict:
    return {
        "title": "Branch appointment booking",
        "working_group": program.onboarding.pk,
        "owner": program.member.pk,
        "business_unit": program.retail.pk,
        "start_date": "2026-02-01",
        "target_date": "2026-10-31",
    } | extra


def test_a_member_proposes_an_initiative_in_their_group(api_client, program):
    api_client.force_login(program.member)
    response = api_client.post(INITIATIVES, proposal(program), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["allowed_moves"]) == ("proposed", ["approved", "cancelled"])
    assert body["is_stale"] is False


def test_a_member_cannot_propose_in_another_group(api_client, program):
    api_client.force_login(program.member)
    response = api_client.post(
        INITIATIVES, proposal(program, working_group=program.complaints.pk), format="json"
    )
    assert response.status_code == 403
    assert "Complaints WG" in response.json()["detail"]
    assert not Initiative.objects.exists()


def test_what_a_proposal_does_not_take_is_refused_by_name(api_client, program):
    api_client.force_login(program.core)
    response = api_client.post(
        INITIATIVES,
        proposal(program, needs_help=True, help_reason="Early.", realized_benefit="10"),
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"needs_help", "help_reason", "realized_benefit"}
    assert not Initiative.objects.exists()


def test_the_transition_action_moves_along_the_workflow(api_client, program, make_initiative):
    initiative = make_initiative(status=Status.IN_PROGRESS)
    api_client.force_login(program.member)
    url = f"{INITIATIVES}{initiative.pk}/transition/"
    refused = api_client.post(url, {"to_status": "on_hold"}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()
    moved = api_client.post(url, {"to_status": "on_hold", "reason": "Freeze."}, format="json")
    assert moved.status_code == 200
    assert (moved.json()["status"], moved.json()["status_reason"]) == ("on_hold", "Freeze.")


def test_the_list_filters_are_strict_and_filter(api_client, program, make_initiative):
    quiet = make_initiative(status=Status.IN_PROGRESS, last_update_on=today() - dt.timedelta(60))
    make_initiative(status=Status.IN_PROGRESS, last_update_on=today())
    api_client.force_login(program.viewer)
    response = api_client.get(INITIATIVES, {"stale": "true"})
    assert [row["id"] for row in response.json()["results"]] == [quiet.pk]
    assert response.json()["results"][0]["is_stale"] is True
    assert api_client.get(INITIATIVES, {"health": "purple"}).status_code == 400
    assert api_client.get(INITIATIVES, {"stale": ""}).status_code == 400


def test_a_new_risk_is_open_and_its_status_is_refused_on_create(
    api_client, program, make_initiative
):
    initiative = make_initiative(status=Status.IN_PROGRESS)
    api_client.force_login(program.member)
    data = {
        "initiative": initiative.pk,
        "title": "Vendor delay",
        "likelihood": 4,
        "impact": 5,
        "owner": program.member.pk,
    }
    refused = api_client.post("/api/v1/risks/", data | {"status": "closed"}, format="json")
    assert refused.status_code == 400 and list(refused.json()) == ["status"]
    created = api_client.post("/api/v1/risks/", data, format="json")
    assert created.status_code == 201 and created.json()["severity"] == 20
    escalated = api_client.post(
        f"/api/v1/risks/{created.json()['id']}/escalate/", {"note": "Decide."}, format="json"
    )
    assert escalated.json()["escalated_on"] == today().isoformat()
    assert Risk.objects.awaiting_steering().count() == 1


def test_a_milestone_on_a_proposal_the_member_cannot_see_is_refused(
    api_client, program, make_initiative
):
    draft = make_initiative(status=Status.PROPOSED)  # Onboarding's draft
    api_client.force_login(program.other)  # serves on Complaints
    response = api_client.post(
        "/api/v1/milestones/",
        {"initiative": draft.pk, "title": "Sneaky", "due_on": "2026-05-01"},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["initiative"]
    assert not draft.milestones.exists()
