"""Memberships: dates, one active sponsor, a business unit for working groups, no doubles."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from governance import services
from governance.errors import GovernanceError
from governance.models import MemberRole, Membership
from governance.selectors import body_warnings
from governance.services import MANAGE_BODY
from tests.factories import BusinessUnitFactory, MembershipFactory, UserFactory

JAN = dt.date(2026, 1, 1)


def add(by, body, person, **fields):
    return services.membership_create(by=by, body=body, person=person, **fields)


def test_a_membership_ending_before_it_starts_is_refused(structure, retail, core_team_user):
    person = UserFactory(roles=["Working-group member"])
    with pytest.raises(ValidationError) as refused:
        add(
            core_team_user,
            structure["onboarding"],
            person,
            business_unit=retail,
            start_date=dt.date(2026, 5, 1),
            end_date=dt.date(2026, 4, 30),
        )
    assert refused.value.message_dict["end_date"] == [
        "The membership ends (30 Apr 2026) before it starts (1 May 2026)."
    ]
    assert not Membership.objects.filter(person=person).exists()


def test_the_database_also_refuses_a_membership_ending_before_it_starts(structure):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            person=UserFactory(roles=["Working-group member"]),
            body=structure["steering"],
            start_date=dt.date(2026, 5, 1),
            end_date=dt.date(2026, 4, 1),
        )


def test_a_second_active_sponsor_is_refused(structure, core_team_user):
    first, second = (
        UserFactory(roles=["Working-group member"], first_name="Evelyn", last_name="Stone"),
        UserFactory(roles=["Working-group member"]),
    )
    add(core_team_user, structure["sponsor"], first, role=MemberRole.SPONSOR, start_date=JAN)
    with pytest.raises(ValidationError) as refused:
        add(core_team_user, structure["sponsor"], second, role=MemberRole.SPONSOR, start_date=JAN)
    assert refused.value.message_dict["role"] == [
        "Evelyn Stone is already the active executive sponsor; end that membership first."
    ]
    assert Membership.objects.filter(role=MemberRole.SPONSOR).count() == 1


def test_the_database_allows_only_one_open_sponsor(structure):
    Membership.objects.create(
        person=UserFactory(roles=["Working-group member"]),
        body=structure["sponsor"],
        role="sponsor",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            person=UserFactory(roles=["Working-group member"]),
            body=structure["sponsor"],
            role="sponsor",
        )


def test_a_new_sponsor_may_follow_once_the_old_one_has_ended(structure, core_team_user):
    old = add(
        core_team_user,
        structure["sponsor"],
        UserFactory(roles=["Working-group member"]),
        role=MemberRole.SPONSOR,
        start_date=JAN,
    )
    services.membership_end(membership=old, by=core_team_user, on=dt.date(2026, 3, 31))
    new = add(
        core_team_user,
        structure["sponsor"],
        UserFactory(roles=["Working-group member"]),
        role=MemberRole.SPONSOR,
        start_date=dt.date(2026, 4, 1),
    )
    assert new.pk


def test_only_the_executive_sponsor_body_has_a_sponsor(structure, core_team_user):
    with pytest.raises(ValidationError) as refused:
        add(
            core_team_user,
            structure["steering"],
            UserFactory(roles=["Working-group member"]),
            role=MemberRole.SPONSOR,
        )
    assert refused.value.message_dict["role"] == ["Only the executive sponsor body has a sponsor."]


def test_a_working_group_member_represents_a_business_unit(structure, core_team_user):
    with pytest.raises(ValidationError) as refused:
        add(
            core_team_user,
            structure["onboarding"],
            UserFactory(roles=["Working-group member"]),
            business_unit=None,
        )
    assert "represents a business unit" in refused.value.message_dict["business_unit"][0]


def test_nobody_sits_twice_in_one_body_at_once(structure, retail, core_team_user):
    person = UserFactory(roles=["Working-group member"])
    add(core_team_user, structure["onboarding"], person, business_unit=retail, start_date=JAN)
    with pytest.raises(ValidationError) as refused:
        add(
            core_team_user,
            structure["onboarding"],
            person,
            business_unit=retail,
            role=MemberRole.SECRETARY,
            start_date=dt.date(2026, 2, 1),
        )
    assert "already a member" in refused.value.message_dict["person"][0]
    assert Membership.objects.filter(person=person).count() == 1


def test_a_past_membership_does_not_block_a_new_one(structure, retail, core_team_user):
    person = UserFactory(roles=["Working-group member"])
    add(
        core_team_user,
        structure["onboarding"],
        person,
        business_unit=retail,
        start_date=JAN,
        end_date=dt.date(2026, 2, 28),
    )
    again = add(
        core_team_user,
        structure["onboarding"],
        person,
        business_unit=retail,
        start_date=dt.date(2026, 3, 1),
    )
    assert again.pk


def test_a_disbanded_body_takes_no_new_members(structure, retail, core_team_user):
    group = structure["complaints"]
    services.body_disband(body=group, by=core_team_user, on=dt.date(2026, 2, 1))
    with pytest.raises(ValidationError) as refused:
        add(
            core_team_user, group, UserFactory(roles=["Working-group member"]), business_unit=retail
        )
    assert "disbanded" in refused.value.message_dict["body"][0]


def test_a_lead_manages_their_body_while_they_lead_it(structure, wg_lead, core_team_user):
    group = structure["onboarding"]
    assert wg_lead.has_perm(MANAGE_BODY, group)
    membership = Membership.objects.get(person=wg_lead, body=group)
    services.membership_end(membership=membership, by=core_team_user, on=dt.date(2026, 2, 1))
    fresh = type(wg_lead).objects.get(pk=wg_lead.pk)  # guardian caches perms per user object
    assert not fresh.has_perm(MANAGE_BODY, group)


def test_a_lead_adds_members_to_their_group_only(structure, wg_lead, retail):
    added = add(
        wg_lead,
        structure["onboarding"],
        UserFactory(roles=["Working-group member"]),
        business_unit=retail,
    )
    assert added.body == structure["onboarding"]
    with pytest.raises(PermissionDenied):
        add(
            wg_lead,
            structure["complaints"],
            UserFactory(roles=["Working-group member"]),
            business_unit=retail,
        )


def test_ending_an_ended_membership_is_refused(structure, core_team_user):
    membership = MembershipFactory(body=structure["steering"], end_date=dt.date(2026, 2, 1))
    with pytest.raises(GovernanceError) as refused:
        services.membership_end(membership=membership, by=core_team_user)
    assert refused.value.field == "end_date"


def test_steering_committee_from_fewer_than_three_units_is_a_warning(structure, core_team_user):
    steering = structure["steering"]
    units = [BusinessUnitFactory() for _ in range(3)]
    add(
        core_team_user,
        steering,
        UserFactory(roles=["Working-group member"]),
        role=MemberRole.CHAIR,
        business_unit=units[0],
    )
    add(
        core_team_user,
        steering,
        UserFactory(roles=["Working-group member"]),
        business_unit=units[1],
    )
    assert any("2 business units" in w for w in body_warnings(steering))
    add(
        core_team_user,
        steering,
        UserFactory(roles=["Working-group member"]),
        business_unit=units[2],
    )
    assert body_warnings(steering) == []


def test_a_deactivated_account_cannot_join_a_body(structure, core_team_user):
    person = UserFactory(
        roles=["Working-group member"], first_name="Gone", last_name="Away", is_active=False
    )
    with pytest.raises(ValidationError) as refused:
        add(core_team_user, structure["steering"], person)
    assert refused.value.message_dict["person"] == [
        "Gone Away's account is deactivated; reactivate it before adding them to a body."
    ]
