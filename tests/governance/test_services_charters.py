"""Charter versions: every allowed and refused transition, per role, and who may approve."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from governance import services
from governance.errors import GovernanceError
from governance.models import CHARTER_TRANSITIONS, CharterStatus, CharterVersion, MemberRole
from tests.factories import UserFactory
from tests.governance.charters_helpers import COMPONENTS, approved, draft, in_review

pytestmark = pytest.mark.django_db


def statuses(charter):
    return dict(charter.versions.values_list("number", "status"))


# Drafting


def test_the_core_team_drafts_the_first_version_and_the_charter_with_it(chartering):
    version = draft(chartering)
    assert (version.number, version.status, version.author) == (1, "draft", chartering["core"])
    assert version.charter.body == chartering["onboarding"]


def test_the_bodys_lead_drafts_its_charter(chartering):
    assert draft(chartering, by=chartering["lead"]).status == CharterStatus.DRAFT


@pytest.mark.parametrize("who", ["member", "chair", "sponsor_person"])
def test_others_may_not_draft_a_bodys_charter(chartering, who):
    with pytest.raises(PermissionDenied, match="leads of the body"):
        draft(chartering, by=chartering[who])
    assert not CharterVersion.objects.exists()


def test_the_lead_of_one_body_may_not_draft_anothers(chartering):
    with pytest.raises(PermissionDenied):
        draft(chartering, body="complaints", by=chartering["lead"])


def test_a_second_version_waits_until_the_open_one_is_decided(chartering):
    first = draft(chartering)
    with pytest.raises(GovernanceError, match="v1 .* is draft"):
        draft(chartering)
    assert statuses(first.charter) == {1: "draft"}


def test_the_next_version_is_numbered_after_the_last(chartering):
    approved(chartering)
    assert draft(chartering).number == 2


# Submitting


def test_the_author_submits_a_complete_draft_for_review(chartering):
    version = in_review(chartering, by=chartering["lead"])
    assert version.status == CharterStatus.IN_REVIEW
    assert version.submitted_by == chartering["lead"]


def test_a_draft_with_an_empty_component_is_not_submitted_and_names_it(chartering):
    version = draft(chartering, meeting_cadence="", success_measures="")
    with pytest.raises(ValidationError) as refused:
        services.charter_version_submit(version=version, by=chartering["core"])
    assert {"meeting_cadence", "success_measures"} <= set(refused.value.message_dict)
    version.refresh_from_db()
    assert version.status == CharterStatus.DRAFT


def test_a_member_may_not_submit(chartering):
    version = draft(chartering)
    with pytest.raises(PermissionDenied):
        services.charter_version_submit(version=version, by=chartering["member"])
    version.refresh_from_db()
    assert version.status == CharterStatus.DRAFT


def test_a_version_in_review_is_not_submitted_again(chartering):
    version = in_review(chartering)
    with pytest.raises(GovernanceError, match="in review; it cannot become in review"):
        services.charter_version_submit(version=version, by=chartering["core"])


# Approving and rejecting


def test_the_sponsor_approves_a_version_in_review(chartering):
    version = approved(chartering)
    assert version.status == CharterStatus.APPROVED
    assert version.approved_by == chartering["sponsor_person"]
    assert version.approved_at is not None


def test_approving_supersedes_the_approved_version_in_the_same_transaction(chartering):
    first = approved(chartering)
    second = approved(chartering, purpose_vision="A sharper purpose.")
    first.refresh_from_db()
    assert statuses(second.charter) == {1: "superseded", 2: "approved"}
    assert first.superseded_at == second.approved_at


@pytest.mark.parametrize("who", ["core", "chair", "lead", "member", "admin"])
def test_only_the_people_the_decision_rights_name_may_approve(chartering, who):
    version = in_review(chartering)
    with pytest.raises(PermissionDenied, match="decision rights name"):
        services.charter_version_approve(version=version, by=chartering[who])
    version.refresh_from_db()
    assert version.status == CharterStatus.IN_REVIEW


def test_the_author_may_not_approve_their_own_draft(chartering, admin_user):
    # The sponsor also leads onboarding here, so may draft its charter; deciding on it is refused.
    services.membership_create(
        by=admin_user,
        body=chartering["onboarding"],
        person=chartering["sponsor_person"],
        role=MemberRole.LEAD,
        business_unit=chartering["retail"],
        start_date=dt.date(2026, 1, 1),
    )
    version = in_review(chartering, by=chartering["sponsor_person"])
    with pytest.raises(PermissionDenied, match="only with a second decider"):
        services.charter_version_approve(version=version, by=chartering["sponsor_person"])
    with pytest.raises(PermissionDenied):
        services.charter_version_reject(
            version=version, by=chartering["sponsor_person"], comment="No."
        )
    version.refresh_from_db()
    assert version.status == CharterStatus.IN_REVIEW


def test_a_draft_that_was_never_submitted_is_not_approved(chartering):
    version = draft(chartering)
    with pytest.raises(GovernanceError, match="never submitted"):
        services.charter_version_approve(version=version, by=chartering["sponsor_person"])
    version.refresh_from_db()
    assert version.status == CharterStatus.DRAFT


def test_an_approved_version_is_not_approved_again(chartering):
    version = approved(chartering)
    with pytest.raises(GovernanceError, match="only a version in review"):
        services.charter_version_approve(version=version, by=chartering["sponsor_person"])


def test_rejecting_sends_the_version_back_to_draft_with_the_comment(chartering):
    version = in_review(chartering)
    services.charter_version_reject(
        version=version, by=chartering["sponsor_person"], comment="Say who escalates."
    )
    version.refresh_from_db()
    assert version.status == CharterStatus.DRAFT
    assert version.review_comment == "Say who escalates."
    assert version.rejected_by == chartering["sponsor_person"]
    # ...and it can be fixed and submitted again.
    services.charter_version_submit(version=version, by=chartering["core"])


def test_a_rejection_needs_a_comment(chartering):
    version = in_review(chartering)
    with pytest.raises(ValidationError) as refused:
        services.charter_version_reject(
            version=version, by=chartering["sponsor_person"], comment="  "
        )
    assert "comment" in refused.value.message_dict
    version.refresh_from_db()
    assert version.status == CharterStatus.IN_REVIEW


def test_a_draft_is_not_rejected(chartering):
    version = draft(chartering)
    with pytest.raises(GovernanceError, match="never submitted"):
        services.charter_version_reject(
            version=version, by=chartering["sponsor_person"], comment="No."
        )


def test_the_transitions_are_the_ones_declared_on_the_model():
    assert {
        "draft": {"in_review"},
        "in_review": {"approved", "draft"},
        "approved": {"superseded"},
        "superseded": set(),
    } == CHARTER_TRANSITIONS


# Who may approve follows the decision rights


def test_moving_approve_charter_to_the_steering_committee_moves_the_right(chartering):
    version = in_review(chartering)
    services.activity_update(
        activity=chartering["approve_charter"],
        by=chartering["admin"],
        data={"decided_by": chartering["steering"]},
    )
    with pytest.raises(PermissionDenied):
        services.charter_version_approve(version=version, by=chartering["sponsor_person"])
    services.charter_version_approve(version=version, by=chartering["chair"])
    version.refresh_from_db()
    assert version.approved_by == chartering["chair"]


def test_nobody_approves_while_no_body_holds_the_right(chartering):
    version = in_review(chartering)
    services.activity_update(
        activity=chartering["approve_charter"], by=chartering["admin"], data={"decided_by": None}
    )
    with pytest.raises(PermissionDenied):
        services.charter_version_approve(version=version, by=chartering["sponsor_person"])


def test_a_sponsor_whose_seat_ended_no_longer_approves(chartering):
    version = in_review(chartering)
    seat = chartering["sponsor_person"].memberships.get()
    services.membership_end(membership=seat, by=chartering["admin"], on=dt.date(2026, 2, 1))
    with pytest.raises(PermissionDenied):
        services.charter_version_approve(version=version, by=chartering["sponsor_person"])


# Read-only once approved


@pytest.mark.parametrize("superseded", [False, True])
def test_an_approved_or_superseded_version_is_read_only(chartering, superseded):
    version = approved(chartering)
    if superseded:
        approved(chartering)
    with pytest.raises(GovernanceError, match="read-only"):
        services.charter_version_update(
            version=version, by=chartering["core"], data={"purpose_vision": "Changed."}
        )
    version.refresh_from_db()
    assert version.purpose_vision == COMPONENTS["purpose_vision"]


def test_a_version_in_review_is_not_edited(chartering):
    version = in_review(chartering)
    with pytest.raises(GovernanceError, match="in review"):
        services.charter_version_update(
            version=version, by=chartering["core"], data={"goals_scope": "More."}
        )


def test_a_draft_is_edited_field_by_field_and_the_status_is_not_among_them(chartering):
    version = draft(chartering)
    services.charter_version_update(
        version=version, by=chartering["lead"], data={"goals_scope": "More."}
    )
    version.refresh_from_db()
    assert version.goals_scope == "More."
    with pytest.raises(ValidationError) as refused:
        services.charter_version_update(
            version=version, by=chartering["core"], data={"status": "approved"}
        )
    assert "status" in refused.value.message_dict


# Review due after a year


def test_an_approved_version_more_than_a_year_old_is_due_for_review(chartering):
    version = approved(chartering)
    on = timezone.localdate(version.approved_at)
    assert not version.review_due(on + dt.timedelta(days=365))
    assert version.review_due(on + dt.timedelta(days=366))


def test_a_draft_is_never_due_for_review(chartering):
    assert not draft(chartering).review_due(dt.date(2030, 1, 1))


def test_a_viewer_may_do_nothing_with_a_charter(chartering, viewer_user):
    version = in_review(chartering)
    for attempt in (
        lambda: draft(chartering, body="complaints", by=viewer_user),
        lambda: services.charter_version_approve(version=version, by=viewer_user),
        lambda: services.charter_version_reject(version=version, by=viewer_user, comment="x"),
    ):
        with pytest.raises(PermissionDenied):
            attempt()


def test_an_account_without_a_role_may_not_draft(chartering):
    with pytest.raises(PermissionDenied):
        draft(chartering, by=UserFactory(username="nobody"))
