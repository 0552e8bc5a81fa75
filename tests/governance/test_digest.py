"""Governance's digest section: the person's own open action items past due, those that fell
due since the last digest marked new."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cxgov.digest import digest
from governance.digest import overdue_action_items
from governance.models import ActionStatus
from tests.governance.factories import ActionItemFactory


@pytest.fixture
def today():
    return timezone.localdate()


def test_only_the_persons_open_overdue_items_oldest_due_first(
    viewer_user, core_team_user, today, django_assert_num_queries
):
    late = ActionItemFactory(owner=viewer_user, due_on=today - dt.timedelta(days=20))
    later = ActionItemFactory(owner=viewer_user, due_on=today - dt.timedelta(days=2))
    ActionItemFactory(owner=viewer_user, due_on=today)  # due today: not overdue yet
    ActionItemFactory(
        owner=viewer_user,
        due_on=today - dt.timedelta(days=5),
        status=ActionStatus.DONE,
        completed_on=today,
    )
    ActionItemFactory(owner=core_team_user, due_on=today - dt.timedelta(days=5))  # not theirs
    since = timezone.now() - dt.timedelta(days=7)
    with django_assert_num_queries(1):
        items = overdue_action_items(user=viewer_user, since=since)
    assert [(i.pk, i.newly_overdue) for i in items] == [(late.pk, False), (later.pk, True)]


def test_the_section_reaches_the_digest_of_any_role(viewer_user, no_role_user, today):
    item = ActionItemFactory(owner=viewer_user, due_on=today - dt.timedelta(days=1))
    since = timezone.now() - dt.timedelta(days=7)
    sections = {s.key: items for s, items in digest(user=viewer_user, since=since)}
    assert [i.pk for i in sections["governance.overdue-actions"]] == [item.pk]
    ActionItemFactory(owner=no_role_user, due_on=today - dt.timedelta(days=1))
    assert digest(user=no_role_user, since=since) == []
