"""Overdue-case reminders are sent exactly once on real infrastructure: PostgreSQL, the Redis
broker, real Celery worker processes and a real SMTP conversation (the meeting reminders'
harness in tests/governance/test_celery_meeting_reminders.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter

import pytest

from cxgov.dates import today
from cxgov.models import Notification
from cxgov.roles import Role
from tests.factories import UserFactory
from tests.governance.test_celery_meeting_reminders import (  # noqa: F401 (fixtures)
    client,
    smtp,
    wait_for_mail,
    workers,
)
from voc.models import ClosedLoopCase, Metric, Response
from voc.services import CASE_OVERDUE

TASK = "voc.case_reminders_send"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def overdue_cases(db):
    """Ten overdue cases, two each for five owners, and one case not yet due."""
    nps = Metric.objects.get(code="nps")
    owners = [
        UserFactory(username=f"owner{i}", email=f"owner{i}@example.com",
                    roles=[Role.WORKING_GROUP_MEMBER])
        for i in range(5)
    ]  # fmt: skip
    for i in range(11):
        response = Response.objects.create(
            metric=nps, score=2, comment="Slow.", external_id=f"celery-{i}",
            responded_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        )  # fmt: skip
        due = today() + dt.timedelta(days=3) if i == 10 else today() - dt.timedelta(days=2)
        ClosedLoopCase.objects.create(
            response=response, metric=nps, owner=owners[i % 5],
            opened_on=min(due, today()) - dt.timedelta(days=7), due_on=due,
        )  # fmt: skip
    return owners


def assert_each_overdue_case_reminded_once(server) -> None:
    expected = Counter(f"owner{i % 5}@example.com" for i in range(10))
    assert Counter(server.delivered) == expected
    rows = Notification.objects.filter(kind=CASE_OVERDUE)
    assert rows.count() == 10 and not rows.filter(emailed_at__isnull=True).exists()


def test_a_beat_that_fires_twice_reminds_each_overdue_case_once(overdue_cases, smtp, workers):  # noqa: F811
    server = smtp()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    workers(queue, server.server_address[1])
    app = client()
    results = [app.send_task(TASK, queue=queue) for _ in range(2)]
    assert sorted(r.get(timeout=90)["sent"] for r in results) == [0, 10]
    wait_for_mail(server, 10)
    assert_each_overdue_case_reminded_once(server)


def test_two_workers_at_once_remind_each_overdue_case_once(overdue_cases, smtp, workers):  # noqa: F811
    server = smtp()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    workers(queue, server.server_address[1])
    workers(queue, server.server_address[1])
    app = client()
    results = [app.send_task(TASK, queue=queue) for _ in range(4)]
    assert sum(r.get(timeout=120)["sent"] for r in results) == 10
    wait_for_mail(server, 10)
    assert_each_overdue_case_reminded_once(server)
