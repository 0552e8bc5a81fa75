"""Governance fixtures: a small structure of the three tiers and the core team."""

import datetime as dt

import pytest

from governance import services
from governance.models import MemberRole, Tier
from tests.factories import BodyFactory, BusinessUnitFactory, UserFactory


@pytest.fixture
def structure(db):
    """Sponsor ← steering committee ← working group; the core team beside the committee."""
    sponsor = BodyFactory(name="Executive sponsor", tier=Tier.EXECUTIVE_SPONSOR)
    steering = BodyFactory(name="Steering committee", tier=Tier.STEERING_COMMITTEE, parent=sponsor)
    core = BodyFactory(name="Core CX team", tier=Tier.CORE_TEAM, parent=sponsor)
    onboarding = BodyFactory(name="Onboarding WG", tier=Tier.WORKING_GROUP, parent=steering)
    complaints = BodyFactory(name="Complaints WG", tier=Tier.WORKING_GROUP, parent=steering)
    return {
        "sponsor": sponsor,
        "steering": steering,
        "core": core,
        "onboarding": onboarding,
        "complaints": complaints,
    }


@pytest.fixture
def retail(db):
    return BusinessUnitFactory(name="Retail", code="retail")


@pytest.fixture
def wg_lead(db, structure, retail, admin_user):
    """Wendy leads the onboarding working group (and so manages it, via an object permission)."""
    lead = UserFactory(username="lead-wendy", roles=["Working-group member"])
    services.membership_create(
        by=admin_user,
        body=structure["onboarding"],
        person=lead,
        role=MemberRole.LEAD,
        business_unit=retail,
        start_date=dt.date(2026, 1, 1),
    )
    return lead


@pytest.fixture
def chartering(db, structure, retail, admin_user, core_team_user, wg_lead, wg_member_user):
    """Charters' people: the executive sponsor decides on approving charters (the decision
    rights say so); Sam chairs the steering committee; Wendy (lead-wendy) leads onboarding,
    where Wendy Worker is a member; Carol is the core team."""
    from cxgov.roles import Role
    from governance.models import Activity

    def seat(person, body, role):
        services.membership_create(
            by=admin_user,
            body=structure[body],
            person=person,
            role=role,
            business_unit=retail,
            start_date=dt.date(2026, 1, 1),
        )
        return person

    sponsor = seat(
        UserFactory(username="evelyn", roles=[Role.EXECUTIVE]), "sponsor", MemberRole.SPONSOR
    )
    chair = seat(
        UserFactory(username="sam-chair", roles=[Role.STEERING_COMMITTEE]),
        "steering",
        MemberRole.CHAIR,
    )
    member = seat(wg_member_user, "onboarding", MemberRole.MEMBER)
    activity = Activity.objects.get(code="approve-charter")
    services.activity_update(
        activity=activity, by=admin_user, data={"decided_by": structure["sponsor"]}
    )
    return {
        **structure,
        "approve_charter": activity,
        "sponsor_person": sponsor,
        "chair": chair,
        "core": core_team_user,
        "lead": wg_lead,
        "member": member,
        "admin": admin_user,
        "retail": retail,
    }
