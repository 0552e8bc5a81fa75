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
