"""Decision rights: who may decide an activity now follows the matrix, not a hard-coded role."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from governance import services
from governance.models import MemberRole, may_decide, who_may_decide
from tests.factories import ActivityFactory, MembershipFactory, UserFactory


def test_the_leads_of_the_deciding_body_may_decide(structure):
    chair = MembershipFactory(body=structure["steering"], role=MemberRole.CHAIR).person
    MembershipFactory(body=structure["steering"], role=MemberRole.MEMBER)
    activity = ActivityFactory(decided_by=structure["steering"])
    assert list(who_may_decide(activity=activity)) == [chair]


def test_changing_the_decision_right_changes_who_may_decide(structure, core_team_user):
    chair = MembershipFactory(body=structure["steering"], role=MemberRole.CHAIR).person
    sponsor = MembershipFactory(body=structure["sponsor"], role=MemberRole.SPONSOR).person
    activity = ActivityFactory(decided_by=structure["steering"])
    assert may_decide(user=chair, activity=activity)
    services.activity_update(
        activity=activity, by=core_team_user, data={"decided_by": structure["sponsor"]}
    )
    assert not may_decide(user=chair, activity=activity)
    assert may_decide(user=sponsor, activity=activity)


def test_an_ended_membership_no_longer_decides(structure, core_team_user):
    membership = MembershipFactory(body=structure["steering"], role=MemberRole.CHAIR)
    activity = ActivityFactory(decided_by=structure["steering"])
    services.membership_end(membership=membership, by=core_team_user, on=dt.date(2026, 2, 1))
    assert not who_may_decide(activity=activity).exists()


def test_nobody_decides_without_a_decision_right(structure):
    MembershipFactory(body=structure["steering"], role=MemberRole.CHAIR)
    assert not who_may_decide(activity=ActivityFactory(decided_by=None)).exists()
    assert not may_decide(user=UserFactory(), activity=ActivityFactory())


def test_a_decision_cannot_escalate_to_the_body_that_decides(structure, core_team_user):
    activity = ActivityFactory()
    with pytest.raises(ValidationError) as refused:
        services.activity_update(
            activity=activity,
            by=core_team_user,
            data={"decided_by": structure["steering"], "escalates_to": structure["steering"]},
        )
    assert "escalates_to" in refused.value.message_dict
