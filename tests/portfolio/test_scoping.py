"""Who sees which initiatives: `Initiative.objects.for_user` asks the visibility rule in
portfolio.permissions (the leadership roles see every proposal), and the initiative's parts
(milestones, updates, risks, target links) follow the initiative."""

import pytest

from cxgov.roles import Role
from portfolio import permissions as rules
from portfolio.models import Initiative, Milestone, Status
from tests.factories import BodyFactory
from tests.portfolio.factories import InitiativeFactory, MilestoneFactory


@pytest.mark.parametrize(
    ("persona", "sees_all"),
    [
        (Role.ADMIN, True),
        (Role.CORE_TEAM, True),
        (Role.EXECUTIVE, True),
        (Role.STEERING_COMMITTEE, True),
        (Role.VIEWER, False),
        (Role.WORKING_GROUP_MEMBER, False),
    ],
    indirect=["persona"],
)
def test_the_visibility_rule_decides_who_sees_another_groups_proposal(persona, sees_all):
    approved = InitiativeFactory(status=Status.APPROVED)
    proposal = InitiativeFactory(status=Status.PROPOSED, working_group=BodyFactory())
    step = MilestoneFactory(initiative=proposal, due_on=proposal.target_date)

    assert rules.can_see_all_initiatives(persona) is sees_all
    seen = set(Initiative.objects.for_user(persona))
    assert seen == ({approved, proposal} if sees_all else {approved})
    assert Milestone.objects.for_user(persona).contains(step) is sees_all


def test_the_initiative_queryset_asks_the_rule_not_a_role_list(monkeypatch, viewer_user):
    proposal = InitiativeFactory(status=Status.PROPOSED)
    assert not Initiative.objects.for_user(viewer_user).contains(proposal)

    monkeypatch.setattr(rules.can_see_all_initiatives, "test", lambda user, obj: True)
    assert Initiative.objects.for_user(viewer_user).contains(proposal)
