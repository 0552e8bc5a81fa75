"""Governance's digest sections, on hand-built items: the person's own overdue action items
(those that fell due since the last digest marked new), their open ones not yet due, and the
decisions made in the bodies whose meetings they may see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cxgov.digest import digest
from cxgov.permissions import user_roles
from governance.digest import decisions_made, open_action_items, overdue_action_items
from governance.models import ActionStatus
from tests.factories import BodyFactory, MembershipFactory
from tests.governance.factories import ActionItemFactory, DecisionFactory, MeetingFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def since(today):
    """The last digest's period began a week ago."""
    return timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=7), dt.time()))


def test_only_the_persons_open_overdue_items_oldest_due_first(
    viewer_user, core_team_user, today, since, django_assert_num_queries
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
    theirs = ActionItemFactory(owner=core_team_user, due_on=today - dt.timedelta(days=5))
    with django_assert_num_queries(1):
        items = overdue_action_items(users=[viewer_user, core_team_user], since=since)
    assert [(i.text, i.note) for i in items[viewer_user.pk]] == [
        (f"{late.title} ({late.body.name})", f"due {late.due_on:%-d %b %Y}, 20 days late"),
        (f"{later.title} ({later.body.name})",
         f"due {later.due_on:%-d %b %Y}, 2 days late, newly overdue"),
    ]  # fmt: skip
    assert [i.note.split(", ", 1)[1] for i in items[core_team_user.pk]] == [
        "5 days late, newly overdue"
    ]
    assert items[core_team_user.pk][0].link == theirs.body.get_absolute_url()


def test_open_items_not_yet_due_soonest_first(viewer_user, today, since):
    ActionItemFactory(owner=viewer_user, due_on=today - dt.timedelta(days=1))  # overdue: not here
    soon = ActionItemFactory(owner=viewer_user, due_on=today)
    later = ActionItemFactory(owner=viewer_user, due_on=today + dt.timedelta(days=10))
    ActionItemFactory(owner=viewer_user, due_on=today, status=ActionStatus.CANCELLED)
    items = open_action_items(users=[viewer_user], since=since)[viewer_user.pk]
    assert [(i.text, i.note) for i in items] == [
        (f"{soon.title} ({soon.body.name})", f"due {today:%-d %b %Y}"),
        (f"{later.title} ({later.body.name})", f"due {later.due_on:%-d %b %Y}"),
    ]


def test_decisions_since_the_last_digest_in_the_bodies_each_may_see(
    steering_user, wg_member_user, today, since, django_assert_num_queries
):
    own_group, other_group = BodyFactory(name="Onboarding WG"), BodyFactory(name="Billing WG")
    MembershipFactory(body=own_group, person=wg_member_user)

    def decided(body, days_ago: int, text: str):
        meeting = MeetingFactory(body=body)
        return DecisionFactory(
            meeting=meeting, body=body, text=text, decided_on=today - dt.timedelta(days=days_ago)
        )

    decided(own_group, 2, "Simplify the welcome e-mail")
    decided(other_group, 1, "Refund within a day")
    decided(own_group, 30, "An old decision")  # before the period: not news
    for person in (steering_user, wg_member_user):
        user_roles(person)  # read once per person, as the run reads them with the people
    with django_assert_num_queries(2):
        found = decisions_made(users=[steering_user, wg_member_user], since=since)
    # The steering committee sees every body's meetings; a member their own bodies'.
    assert [i.text for i in found[steering_user.pk]] == [
        "Billing WG: Refund within a day",
        "Onboarding WG: Simplify the welcome e-mail",
    ]
    assert [i.text for i in found[wg_member_user.pk]] == [
        "Onboarding WG: Simplify the welcome e-mail"
    ]
    assert found[wg_member_user.pk][0].link == "/governance/decisions/"


def test_the_sections_reach_the_digest_of_any_role(viewer_user, no_role_user, today, since):
    item = ActionItemFactory(owner=viewer_user, due_on=today - dt.timedelta(days=1))
    sections = {s.key: items for s, items in digest(user=viewer_user, since=since)}
    assert [i.text.split(" (")[0] for i in sections["governance.overdue-actions"]] == [item.title]
    ActionItemFactory(owner=no_role_user, due_on=today - dt.timedelta(days=1))
    assert digest(user=no_role_user, since=since) == []
