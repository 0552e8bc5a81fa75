"""initiative_transition: only the moves of the workflow, each for the people allowed to make it;
approving for exactly those holding the approve-initiative decision right."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import PermissionDenied

from governance import services as governance
from governance.models import MemberRole
from portfolio.errors import PortfolioError
from portfolio.models import Initiative, Status
from portfolio.services import initiative_transition

P, A, IP, OH, DONE, X = (
    Status.PROPOSED,
    Status.APPROVED,
    Status.IN_PROGRESS,
    Status.ON_HOLD,
    Status.COMPLETED,
    Status.CANCELLED,
)
# The workflow as the issue states it, written out by hand (not read from the model).
ALLOWED = {
    (P, A),
    (P, X),
    (A, IP),
    (A, OH),
    (A, X),
    (IP, OH),
    (IP, DONE),
    (IP, X),
    (OH, IP),
    (OH, X),
}
# Who makes a move other than approving: the initiative's working group and the configurers.
EDITORS = {"core", "admin", "member"}
APPROVERS = {"chair"}  # chairs the steering committee, which holds approve-initiative
PERSONAS = ["core", "admin", "member", "other", "chair", "viewer", "executive"]


def expected_allowed(persona: str, source: str, target: str) -> bool:
    if (source, target) not in ALLOWED:
        return False
    return persona in (APPROVERS if target == A else EDITORS)


PAIRS = [(s, t) for s, t in itertools.product(Status, Status) if s != t]


def test_the_model_workflow_is_the_one_the_issue_states():
    from_model = {(s, t) for s, targets in Initiative.TRANSITIONS.items() for t in targets}
    assert from_model == ALLOWED


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{s}->{t}" for s, t in PAIRS])
def test_every_transition_for_every_role(program, make_initiative, source, target):
    for persona in PERSONAS:
        initiative = make_initiative(status=source)
        user = getattr(program, persona)
        if expected_allowed(persona, source, target):
            moved = initiative_transition(
                initiative=initiative, to_status=target, by=user, reason="Agreed in review."
            )
            assert moved.status == target, persona
        else:
            with pytest.raises((PermissionDenied, PortfolioError)):
                initiative_transition(
                    initiative=initiative, to_status=target, by=user, reason="Agreed in review."
                )
            initiative.refresh_from_db()
            assert initiative.status == source, persona


@pytest.mark.parametrize("target", [OH, X])
def test_on_hold_and_cancel_need_a_reason(program, make_initiative, target):
    initiative = make_initiative(status=IP)
    with pytest.raises(PortfolioError) as refusal:
        initiative_transition(initiative=initiative, to_status=target, by=program.core, reason=" ")
    assert refusal.value.field == "reason"
    assert "Say why" in refusal.value.message
    initiative.refresh_from_db()
    assert initiative.status == IP and initiative.status_reason == ""


def test_the_reason_is_kept_on_the_initiative_and_in_its_history(program, make_initiative):
    initiative = make_initiative(status=IP)
    initiative_transition(
        initiative=initiative, to_status=OH, by=program.member, reason="IT release freeze."
    )
    initiative.refresh_from_db()
    assert initiative.status_reason == "IT release freeze."
    assert initiative.history.first().status == OH


def test_completed_cannot_go_back_to_proposed(program, make_initiative):
    initiative = make_initiative(status=DONE)
    with pytest.raises(PortfolioError, match="closed; it cannot move any more"):
        initiative_transition(initiative=initiative, to_status=P, by=program.core)
    initiative.refresh_from_db()
    assert initiative.status == DONE


def test_an_unknown_status_is_refused_naming_the_field(program, make_initiative):
    initiative = make_initiative(status=A)
    with pytest.raises(PortfolioError) as refusal:
        initiative_transition(initiative=initiative, to_status="finished", by=program.core)
    assert refusal.value.field == "to_status"


def test_approving_records_who_and_when(program, make_initiative):
    from cxgov.dates import today

    initiative = initiative_transition(
        initiative=make_initiative(status=P), to_status=A, by=program.chair
    )
    assert (initiative.approved_by, initiative.approved_on) == (program.chair, today())


def test_the_core_team_cannot_approve_without_the_decision_right(program, make_initiative):
    initiative = make_initiative(status=P)
    with pytest.raises(PermissionDenied, match="decision right"):
        initiative_transition(initiative=initiative, to_status=A, by=program.core)


def test_changing_the_deciding_body_changes_who_may_approve(program, make_initiative):
    governance.membership_create(
        by=program.admin,
        body=program.sponsor_body,
        person=program.executive,
        role=MemberRole.SPONSOR,
        business_unit=program.retail,
    )
    governance.activity_update(
        activity=program.approve, by=program.admin, data={"decided_by": program.sponsor_body}
    )
    first, second = make_initiative(status=P), make_initiative(status=P)
    with pytest.raises(PermissionDenied):
        initiative_transition(initiative=first, to_status=A, by=program.chair)
    assert initiative_transition(initiative=first, to_status=A, by=program.executive).status == A

    governance.activity_update(
        activity=program.approve, by=program.admin, data={"decided_by": program.steering}
    )
    with pytest.raises(PermissionDenied):
        initiative_transition(initiative=second, to_status=A, by=program.executive)
    assert initiative_transition(initiative=second, to_status=A, by=program.chair).status == A


def test_with_no_deciding_body_nobody_approves(program, make_initiative):
    governance.activity_update(
        activity=program.approve, by=program.admin, data={"decided_by": None}
    )
    initiative = make_initiative(status=P)
    for user in (program.chair, program.core, program.admin):
        with pytest.raises(PermissionDenied):
            initiative_transition(initiative=initiative, to_status=A, by=user)


def test_a_chair_whose_seat_ended_no_longer_approves(program, make_initiative):
    seat = program.seats.chair
    governance.membership_end(membership=seat, by=program.admin, on=seat.start_date)
    with pytest.raises(PermissionDenied):
        initiative_transition(initiative=make_initiative(status=P), to_status=A, by=program.chair)
