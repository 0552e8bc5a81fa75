"""The standards library's digest section: each person's own items past their review date or
within 30 days of it, the most overdue first, in the owner's digest (text and HTML) and in no
one else's; read for everyone in one query, so the monthly run stays flat as people are added."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cxgov.dates import today
from cxgov.digest import digest, digest_period, digest_render, digests_send
from cxgov.models import Notification
from cxgov.roles import Role
from governance import services
from governance.digest import standards_due_for_review
from governance.models import Standard, StandardKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ON = today()
SINCE = dt.datetime.combine(ON - dt.timedelta(days=30), dt.time(), tzinfo=dt.UTC)


def publish(by, *, owner, title, due_in: int, kind=StandardKind.DEFINITION) -> Standard:
    """An item whose review falls `due_in` days from today (negative: that many days ago)."""
    standard = services.standard_create(
        by=by, kind=kind, title=title, text="What it means here.", owner=owner,
        review_on=ON + dt.timedelta(days=max(due_in, 1)),
    )  # fmt: skip
    if due_in < 1:
        # The date has come since it was set (a date already past is refused when set).
        Standard.objects.filter(pk=standard.pk).update(review_on=ON + dt.timedelta(days=due_in))
    return standard


def test_the_owners_items_due_within_30_days_most_overdue_first_in_one_query(
    core_team_user, executive_user, steering_user, django_assert_num_queries
):
    publish(core_team_user, owner=executive_user, title="Detractor", due_in=-10)
    publish(core_team_user, owner=executive_user, title="Journey mapping", due_in=12,
            kind=StandardKind.METHOD)  # fmt: skip
    publish(core_team_user, owner=executive_user, title="Resolved", due_in=30)
    publish(core_team_user, owner=executive_user, title="Customer", due_in=31)  # not yet
    publish(core_team_user, owner=executive_user, title="Journey", due_in=0)
    theirs = publish(core_team_user, owner=steering_user, title="Promoter", due_in=5)
    with django_assert_num_queries(1):
        items = standards_due_for_review(
            users=[executive_user, steering_user, core_team_user], since=SINCE
        )
    day = lambda n: f"{ON + dt.timedelta(days=n):%-d %b %Y}"  # noqa: E731
    assert [(i.text, i.note) for i in items[executive_user.pk]] == [
        ("Detractor (definition)", f"review was due {day(-10)}, 10 days ago"),
        ("Journey (definition)", "review due today"),
        ("Journey mapping (method)", f"review due {day(12)}, in 12 days"),
        ("Resolved (definition)", f"review due {day(30)}, in 30 days"),
    ]
    assert [(i.text, i.link) for i in items[steering_user.pk]] == [
        ("Promoter (definition)", theirs.get_absolute_url())
    ]
    assert core_team_user.pk not in items  # they published, they own none


def test_in_the_owners_digest_text_and_html_and_in_no_one_elses(
    core_team_user, executive_user, steering_user
):
    item = publish(core_team_user, owner=executive_user, title="Detractor", due_in=-3)
    period = digest_period("monthly", ON)
    owner, other = (
        digest_render(user=user, period=period, sections=digest(user=user, since=period.since))
        for user in (executive_user, steering_user)
    )
    assert "Your standards due for review\n- Detractor (definition) (review was due" in owner.text
    assert item.get_absolute_url() in owner.text
    assert "Your standards due for review" in owner.html and "Detractor (definition)" in owner.html
    assert f'{item.get_absolute_url()}"' in owner.html
    for rendered in (other.text, other.html):
        assert "standards due for review" not in rendered and "Detractor" not in rendered


def test_the_monthly_run_reads_the_section_in_the_same_queries_for_3_or_30_owners(core_team_user):
    def owners(count: int, start: int) -> None:
        for i in range(start, start + count):
            person = UserFactory(username=f"owner{i}", roles=[Role.WORKING_GROUP_MEMBER])
            publish(core_team_user, owner=person, title=f"Term {i}", due_in=-i - 1)

    def run() -> tuple[int, int]:
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            sent = digests_send(on=ON)["sent"]
        return sent, len(queries)

    owners(3, 0)
    small = run()
    owners(27, 3)
    large = run()
    assert large[0] - small[0] == 27  # each new owner with an item due got a digest
    assert large[1] == small[1]
