"""voc's visibility is named rules in voc.permissions, and the querysets ask them: who sees
every closed-loop case, who sees import jobs, who is shown the comment column."""

from __future__ import annotations

import pytest

from cxgov.roles import Role
from tests.factories import UserFactory
from voc import permissions as rules
from voc.models import ClosedLoopCase, ImportJob

from .factories import TouchpointFactory
from .test_case_selectors_and_api import make_case

pytestmark = pytest.mark.django_db

ROLES = [
    (Role.ADMIN, True),
    (Role.CORE_TEAM, True),
    (Role.EXECUTIVE, False),
    (Role.STEERING_COMMITTEE, False),
    (Role.VIEWER, False),
    (Role.WORKING_GROUP_MEMBER, False),
]


@pytest.mark.parametrize("persona, sees_all", ROLES, indirect=["persona"])
def test_the_case_visibility_rule_decides_which_cases_a_role_sees(persona, sees_all):
    own = make_case(owner=persona)
    other = make_case(owner=UserFactory(roles=[Role.WORKING_GROUP_MEMBER]))
    assert rules.can_see_all_cases(persona) is sees_all
    assert set(ClosedLoopCase.objects.for_user(persona)) == ({own, other} if sees_all else {own})


def test_the_case_queryset_asks_the_rule_not_a_role_list(monkeypatch, wg_member_user):
    own = make_case(owner=wg_member_user)
    other = make_case()
    assert list(ClosedLoopCase.objects.for_user(wg_member_user)) == [own]
    # Widen the rule alone: the queryset follows it.
    monkeypatch.setattr(rules.can_see_all_cases, "test", lambda user, obj: True)
    assert set(ClosedLoopCase.objects.for_user(wg_member_user)) == {own, other}


def test_the_import_job_queryset_asks_the_import_rule(monkeypatch, core_team_user, viewer_user):
    job = ImportJob.objects.create(created_by=core_team_user, original_name="survey.csv")
    assert list(ImportJob.objects.for_user(core_team_user)) == [job]
    assert not ImportJob.objects.for_user(viewer_user).exists()
    monkeypatch.setattr(rules.can_import_responses, "test", lambda user, obj: True)
    assert list(ImportJob.objects.for_user(viewer_user)) == [job]


@pytest.mark.parametrize("persona, reads", ROLES, indirect=["persona"])
def test_the_comment_column_shows_for_the_core_team_and_touchpoint_owners(persona, reads):
    assert rules.can_read_some_comments(persona) is reads
    TouchpointFactory(owner=persona)
    assert rules.can_read_some_comments(persona) is True
