"""Portfolio fixtures: a program with the steering committee holding the approve-initiative
right, two working groups and their members, seated through governance's services (so the
right to edit initiatives follows the seats)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from cxgov.roles import Role
from governance import services as governance
from governance.models import Activity, MemberRole, Tier
from tests.factories import BodyFactory, BusinessUnitFactory, UserFactory
from tests.portfolio.factories import InitiativeFactory

START = dt.date(2026, 1, 1)


@pytest.fixture
def program(db, admin_user, core_team_user, steering_user, viewer_user, executive_user):
    sponsor = BodyFactory(name="Executive sponsor", tier=Tier.EXECUTIVE_SPONSOR)
    steering = BodyFactory(name="Steering committee", tier=Tier.STEERING_COMMITTEE, parent=sponsor)
    onboarding = BodyFactory(name="Onboarding WG", parent=steering)
    complaints = BodyFactory(name="Complaints WG", parent=steering)
    retail = BusinessUnitFactory(name="Retail", code="retail")
    member = UserFactory(username="wendy", first_name="Wendy", roles=[Role.WORKING_GROUP_MEMBER])
    other = UserFactory(username="otto", first_name="Otto", roles=[Role.WORKING_GROUP_MEMBER])

    def seat(person, body, role=MemberRole.MEMBER):
        return governance.membership_create(
            by=admin_user,
            body=body,
            person=person,
            role=role,
            business_unit=retail,
            start_date=START,
        )

    seats = SimpleNamespace(
        chair=seat(steering_user, steering, MemberRole.CHAIR),
        member=seat(member, onboarding),
        other=seat(other, complaints),
    )
    approve = Activity.objects.get(code="approve-initiative")
    governance.activity_update(activity=approve, by=admin_user, data={"decided_by": steering})
    return SimpleNamespace(
        admin=admin_user,
        core=core_team_user,
        chair=steering_user,
        viewer=viewer_user,
        executive=executive_user,
        member=member,
        other=other,
        sponsor_body=sponsor,
        steering=steering,
        onboarding=onboarding,
        complaints=complaints,
        retail=retail,
        approve=approve,
        seats=seats,
    )


@pytest.fixture
def make_initiative(program):
    def make(status="proposed", group=None, **fields):
        fields.setdefault("owner", program.member)
        fields.setdefault("business_unit", program.retail)
        return InitiativeFactory(working_group=group or program.onboarding, status=status, **fields)

    return make
