"""The kit's digest: the registry (a person gets the sections meant for a role they hold, each
with its items since the moment asked, sections with nothing to say left out), the periods, and
the daily run that e-mails each person's digest once per person and period."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cxgov import digest as kit
from cxgov.digest import (
    DIGEST,
    DigestItem,
    DigestSection,
    digest,
    digest_period,
    digest_preference_set,
    digests_send,
    register_digest_section,
    sections_for,
)
from cxgov.models import DigestFrequency, DigestPreference, Notification
from cxgov.registry import Registry
from cxgov.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SINCE = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


@pytest.fixture
def registry(monkeypatch) -> Registry:
    """An empty registry in place of the one the apps filled, for the mechanism alone."""
    fresh: Registry[DigestSection] = Registry("digest sections")
    monkeypatch.setattr(kit, "digest_sections", fresh)
    return fresh


def _section(key: str, roles, items) -> DigestSection:
    return register_digest_section(
        DigestSection(key=key, title=key.title(), roles=frozenset(roles), items=items)
    )


def _for_each(item):
    """A section whose every reader gets `item(user, since)`."""
    return lambda *, users, since: {user.pk: [item(user, since)] for user in users}


def test_the_apps_register_their_sections_in_dependency_order():
    assert kit.digest_sections.keys() == [
        "governance.overdue-actions",
        "governance.open-actions",
        "governance.decisions",
        "governance.standards-review",
        "voc.kpi-changes",
        "voc.overdue-cases",
        "portfolio.initiatives",
        "program.health",
    ]
    assert kit.digest_sections["governance.overdue-actions"].roles == frozenset(Role)
    assert Role.VIEWER not in kit.digest_sections["portfolio.initiatives"].roles


def test_a_person_gets_the_sections_of_the_roles_they_hold(
    registry, core_team_user, viewer_user, no_role_user
):
    _section("core", [Role.CORE_TEAM, Role.ADMIN], _for_each(lambda user, since: "core item"))
    _section(
        "everyone",
        list(Role),
        _for_each(lambda user, since: f"{user.username} since {since:%-d %b}"),
    )
    assert [s.key for s in sections_for(core_team_user)] == ["core", "everyone"]
    assert [s.key for s in sections_for(viewer_user)] == ["everyone"]
    assert sections_for(no_role_user) == []
    assert [(s.key, items) for s, items in digest(user=viewer_user, since=SINCE)] == [
        ("everyone", ["vic since 1 Mar"])
    ]


def test_a_section_is_asked_once_for_only_the_people_of_its_roles(
    registry, core_team_user, viewer_user
):
    asked = []

    def items(*, users, since):
        asked.append(sorted(user.username for user in users))
        return {}

    _section("core", [Role.CORE_TEAM], items)
    found = kit.digests(users=[core_team_user, viewer_user], since=SINCE)
    assert asked == [["carol"]]
    assert found == {core_team_user.pk: [], viewer_user.pk: []}


def test_a_section_with_nothing_to_say_is_left_out(registry, core_team_user):
    _section("quiet", [Role.CORE_TEAM], lambda *, users, since: {})
    _section("busy", [Role.CORE_TEAM], _for_each(lambda user, since: "one"))
    assert [(s.key, items) for s, items in digest(user=core_team_user, since=SINCE)] == [
        ("busy", ["one"])
    ]


def test_a_section_for_no_role_is_refused(registry):
    with pytest.raises(ValueError, match="for no role"):
        _section("nobody", [], lambda *, users, since: {})
    assert len(registry) == 0


def test_a_long_section_names_the_first_few_and_says_how_many_more():
    rows = list(range(kit.SHOWN + 3))
    items = kit.first_few(rows, lambda n: DigestItem(text=f"item {n}"), more_link="/all/")
    assert len(items) == kit.SHOWN + 1
    assert items[-1] == DigestItem(text="and 3 more", link="/all/")
    assert kit.first_few(rows[:2], lambda n: DigestItem(text=f"item {n}")) == [
        DigestItem(text="item 0"),
        DigestItem(text="item 1"),
    ]


# -- Periods -----------------------------------------------------------------------------------


def test_the_monthly_period_reports_since_the_first_of_the_month_before():
    period = digest_period(DigestFrequency.MONTHLY, dt.date(2026, 12, 17))
    assert (period.key, period.label) == ("2026-12", "December 2026")
    assert timezone.localtime(period.since).date() == dt.date(2026, 11, 1)
    january = digest_period(DigestFrequency.MONTHLY, dt.date(2027, 1, 1))
    assert timezone.localtime(january.since).date() == dt.date(2026, 12, 1)


def test_the_weekly_period_is_the_iso_week_and_reports_since_the_monday_before():
    # Thursday 10 December 2026 is in ISO week 50, which starts on Monday 7 December.
    period = digest_period(DigestFrequency.WEEKLY, dt.date(2026, 12, 10))
    assert (period.key, period.label) == ("2026-W50", "the week of 7 December 2026")
    assert timezone.localtime(period.since).date() == dt.date(2026, 11, 30)


# -- The person's choice -------------------------------------------------------------------------


def test_the_preference_is_monthly_until_chosen_and_then_kept(viewer_user):
    assert kit.digest_frequency(viewer_user) == DigestFrequency.MONTHLY
    digest_preference_set(user=viewer_user, frequency="weekly")
    digest_preference_set(user=viewer_user, frequency="off")
    assert DigestPreference.objects.get(user=viewer_user).frequency == "off"
    assert DigestPreference.objects.count() == 1


@pytest.mark.parametrize("frequency", ["daily", "", "MONTHLY", "weekly "])
def test_an_unknown_frequency_is_refused_naming_the_field(viewer_user, frequency):
    with pytest.raises(ValidationError) as refused:
        digest_preference_set(user=viewer_user, frequency=frequency)
    assert list(refused.value.message_dict) == ["frequency"]
    assert "monthly, weekly, off" in refused.value.message_dict["frequency"][0]
    assert not DigestPreference.objects.exists()


# -- The daily run -------------------------------------------------------------------------------

ON = dt.date(2026, 12, 1)


@pytest.fixture
def one_section(registry):
    """A single section that names each reader, so every person with a role has something."""
    _section(
        "hello",
        list(Role),
        _for_each(lambda user, since: DigestItem(text=f"Hello {user.username}", link="/x/")),
    )


def people(count: int, **fields) -> list:
    return [
        UserFactory(username=f"person{i}", roles=[Role.WORKING_GROUP_MEMBER], **fields)
        for i in range(count)
    ]


def test_each_person_gets_one_multipart_digest_per_period(one_section, deliver):
    ada, bea = people(2)
    with deliver():
        counts = digests_send(on=ON)
    assert counts["sent"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == [ada.email, bea.email]
    message = next(m for m in mail.outbox if m.to == [ada.email])
    assert message.subject == "Your cxgov digest for December 2026"
    assert "Hello person0" in message.body and "Hello person1" not in message.body
    assert "because you hold the role Working-group member" in message.body
    assert "http://localhost:8000/accounts/digest/" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert '<a href="http://localhost:8000/x/">Hello person0</a>' in html
    assert 'href="http://localhost:8000/accounts/digest/"' in html
    row = Notification.objects.get(recipient=ada, kind=DIGEST)
    assert row.occasion == f"digest:monthly:2026-12:user {ada.pk}"
    assert row.emailed_at is not None
    # The rest of the month finds it sent; the next month sends anew.
    with deliver():
        again = digests_send(on=ON + dt.timedelta(days=9))
    assert (again["sent"], again["already_sent"], len(mail.outbox)) == (0, 2, 2)
    with deliver():
        assert digests_send(on=dt.date(2027, 1, 1))["sent"] == 2
    assert len(mail.outbox) == 4


def test_off_sends_nothing_and_weekly_sends_each_week(one_section, deliver):
    monthly, weekly, off = people(3)
    digest_preference_set(user=weekly, frequency="weekly")
    digest_preference_set(user=off, frequency="off")
    with deliver():
        first = digests_send(on=ON)  # Tuesday 1 December 2026, ISO week 49
        later_that_week = digests_send(on=ON + dt.timedelta(days=3))
        next_week = digests_send(on=ON + dt.timedelta(days=7))
    assert (first["sent"], first["off"]) == (2, 1)
    assert later_that_week["sent"] == 0
    assert next_week["sent"] == 1
    assert sorted(
        Notification.objects.filter(kind=DIGEST).values_list("recipient__username", "occasion")
    ) == [
        ("person0", f"digest:monthly:2026-12:user {monthly.pk}"),
        ("person1", f"digest:weekly:2026-W49:user {weekly.pk}"),
        ("person1", f"digest:weekly:2026-W50:user {weekly.pk}"),
    ]
    assert off.email not in {m.to[0] for m in mail.outbox}


def test_a_person_without_e_mail_is_skipped_logged_and_counted(one_section, deliver, caplog):
    [reachable] = people(1)
    mute = UserFactory(username="mute", email="", roles=[Role.CORE_TEAM])
    with caplog.at_level(logging.INFO, logger="cxgov.digest"), deliver():
        counts = digests_send(on=ON)
    assert (counts["sent"], counts["no_email"]) == (1, 1)
    assert f"mute (user {mute.pk}) has no e-mail address; skipped" in caplog.text
    assert not Notification.objects.filter(recipient=mute).exists()
    assert [m.to for m in mail.outbox] == [[reachable.email]]


def test_nobody_without_a_role_or_with_nothing_to_say_gets_one(registry, deliver):
    _section(
        "core only",
        [Role.CORE_TEAM],
        _for_each(lambda user, since: DigestItem(text="KPIs moved")),
    )
    UserFactory(username="core", roles=[Role.CORE_TEAM])
    UserFactory(username="member", roles=[Role.WORKING_GROUP_MEMBER])  # no section of theirs
    UserFactory(username="nobody")  # no role
    with deliver():
        counts = digests_send(on=ON)
    assert (counts["sent"], counts["quiet"], counts["no_role"]) == (1, 1, 1)
    assert [m.to for m in mail.outbox] == [["core@example.com"]]


def test_the_runs_query_count_does_not_grow_with_the_people(one_section, django_assert_num_queries):
    # The people with their roles and choices (2), the batch locked (1), its digests logged
    # before (1), the log written and read back (3: before, insert, after), the e-mail queued
    # (1), in a transaction's savepoint (2); the section itself asks nothing.
    people(3)
    with django_assert_num_queries(QUERIES):
        assert digests_send(on=ON)["sent"] == 3
    for i in range(3, 40):
        UserFactory(username=f"person{i}", roles=[Role.WORKING_GROUP_MEMBER])
    Notification.objects.all().delete()
    with django_assert_num_queries(QUERIES):
        assert digests_send(on=ON)["sent"] == 40


QUERIES = 10
