"""A working group's members edit its initiatives exactly while they serve on it: the object
permission is granted and revoked with the seat, in the membership service's transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance import services as governance
from governance.models import MemberRole
from portfolio import permissions, services
from portfolio.models import Status
from tests.factories import UserFactory
from tests.portfolio.conftest import START


def may_edit(user, initiative) -> bool:
    # A fresh user object: guardian caches permissions per user instance.
    from django.contrib.auth import get_user_model

    return permissions.can_edit_initiative(get_user_model().objects.get(pk=user.pk), initiative)


def test_a_member_edits_their_groups_initiatives_and_not_another_groups(program, make_initiative):
    own, theirs = make_initiative(), make_initiative(group=program.complaints)
    assert may_edit(program.member, own)
    assert not may_edit(program.member, theirs)
    assert may_edit(program.other, theirs) and not may_edit(program.other, own)


def test_joining_a_group_grants_the_right_in_the_same_transaction(program, make_initiative):
    initiative = make_initiative(group=program.complaints)
    newcomer = UserFactory(username="newcomer", roles=["Working-group member"])
    assert not may_edit(newcomer, initiative)
    governance.membership_create(
        by=program.admin,
        body=program.complaints,
        person=newcomer,
        business_unit=program.retail,
        start_date=START,
    )
    assert may_edit(newcomer, initiative)


def test_leaving_a_group_revokes_the_right(program, make_initiative):
    initiative = make_initiative()
    governance.membership_end(
        membership=program.seats.member, by=program.admin, on=program.seats.member.start_date
    )
    assert not may_edit(program.member, initiative)
    with pytest.raises(PermissionDenied):
        services.initiative_update(
            initiative=initiative, by=program.member, data={"description": "Late edit."}
        )


def test_handing_a_seat_to_someone_else_moves_the_right(program, make_initiative):
    initiative = make_initiative()
    successor = UserFactory(username="successor", roles=["Working-group member"])
    governance.membership_update(
        membership=program.seats.member, by=program.admin, data={"person": successor}
    )
    assert may_edit(successor, initiative)
    assert not may_edit(program.member, initiative)


def test_a_refused_membership_change_leaves_the_right_as_it_was(program, make_initiative):
    initiative = make_initiative()
    with pytest.raises(ValidationError):
        governance.membership_update(
            membership=program.seats.member,
            by=program.admin,
            data={"role": MemberRole.SPONSOR},  # only the sponsor body has a sponsor
        )
    assert may_edit(program.member, initiative)


def test_a_new_initiative_is_editable_by_the_groups_members_at_once(program):
    initiative = services.initiative_propose(
        by=program.member,
        title="Welcome calls",
        working_group=program.onboarding,
        owner=program.member,
        business_unit=program.retail,
        start_date=START,
        target_date=START.replace(month=6),
    )
    assert may_edit(program.member, initiative)
    assert not may_edit(program.other, initiative)


def test_moving_an_initiative_to_another_group_hands_the_right_over(program, make_initiative):
    initiative = make_initiative()
    # Its owner serves on onboarding: one of the new group's members takes it over with it.
    services.initiative_update(
        initiative=initiative,
        by=program.core,
        data={"working_group": program.complaints, "owner": program.other},
    )
    assert may_edit(program.other, initiative)
    assert not may_edit(program.member, initiative)


def test_a_member_proposes_only_in_their_own_groups(program):
    with pytest.raises(PermissionDenied, match="Complaints WG"):
        services.initiative_propose(
            by=program.member,
            title="Not mine to propose",
            working_group=program.complaints,
            owner=program.member,
            business_unit=program.retail,
            start_date=START,
            target_date=START.replace(month=6),
        )


def test_the_core_team_edits_every_initiative_and_viewers_none(program, make_initiative):
    initiative = make_initiative(group=program.complaints, status=Status.IN_PROGRESS)
    assert may_edit(program.core, initiative) and may_edit(program.admin, initiative)
    assert not may_edit(program.viewer, initiative)
    assert not may_edit(program.chair, initiative)


def test_the_nightly_sync_repairs_what_only_the_calendar_changes(program, make_initiative):
    import datetime as dt

    from portfolio.services import initiative_permissions_sync

    initiative = make_initiative()
    # The seat ends in the future, then that day comes: nothing wrote since.
    seat = program.seats.member
    seat.end_date = dt.date(2099, 1, 1)
    seat.save()
    assert initiative_permissions_sync(on=dt.date(2099, 1, 2)) == (0, 1)
    assert not may_edit(program.member, initiative)
    assert initiative_permissions_sync() == (1, 0)
    assert initiative_permissions_sync() == (0, 0)  # idempotent
    assert may_edit(program.member, initiative)


def test_the_nightly_job_is_declared_once_and_runs_the_sync(program, make_initiative):
    from django_celery_beat.models import PeriodicTask

    from portfolio.tasks import initiative_permissions_sync

    job = PeriodicTask.objects.get(task="portfolio.initiative_permissions_sync")
    assert job.enabled
    initiative = make_initiative()
    from guardian.shortcuts import remove_perm

    remove_perm(permissions.EDIT_INITIATIVE, program.member, initiative)  # drifted
    assert initiative_permissions_sync.apply().get() == {"granted": 1, "revoked": 0}
    assert may_edit(program.member, initiative)
