"""The escalation ladder takes each step once on real infrastructure: PostgreSQL, the Redis
broker, real Celery worker processes and a real SMTP conversation (the meeting reminders'
harness in tests/governance/test_celery_meeting_reminders.py).

Six cases long past twice their service level, each in one of three business units with its
own lead: the job writes twelve steps (six to a lead, six to the steering committee) and sends
twelve notices (two to each lead, six to the committee's chair).
"""

from __future__ import annotations

import datetime as dt
import signal
import uuid
from collections import Counter

import pytest
from django.db import connection, transaction

from cxgov.models import Notification
from cxgov.roles import Role
from governance.models import MemberRole, Tier
from tests.factories import BodyFactory, BusinessUnitFactory, MembershipFactory, UserFactory
from tests.governance.test_celery_meeting_reminders import (  # noqa: F401 (fixtures)
    client,
    smtp,
    wait_for,
    wait_for_mail,
    workers,
)
from voc.models import ClosedLoopCase, Metric, Response
from voc.services import CASE_ESCALATED

TASK = "voc.case_escalations_send"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def late_cases(db):
    nps = Metric.objects.get(code="nps")
    owner = UserFactory(username="owner", email="owner@example.com",
                        roles=[Role.WORKING_GROUP_MEMBER])  # fmt: skip
    steering = BodyFactory(name="Steering committee", tier=Tier.STEERING_COMMITTEE)
    MembershipFactory(body=steering, role=MemberRole.CHAIR,
                      person=UserFactory(username="chair", email="chair@example.com"))  # fmt: skip
    units = []
    for i in range(3):
        unit = BusinessUnitFactory(name=f"Unit {i}")
        MembershipFactory(
            body=BodyFactory(name=f"Group {i}", tier=Tier.WORKING_GROUP), role=MemberRole.LEAD,
            business_unit=unit, person=UserFactory(username=f"lead{i}", email=f"lead{i}@example.com"),
        )  # fmt: skip
        units.append(unit)
    opened = dt.date(2026, 1, 5)
    for i in range(6):
        response = Response.objects.create(
            metric=nps, score=1, comment="Nobody called.", external_id=f"esc-celery-{i}",
            responded_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        )  # fmt: skip
        ClosedLoopCase.objects.create(
            response=response, metric=nps, owner=owner, business_unit=units[i % 3],
            opened_on=opened, due_on=opened + dt.timedelta(days=7),
        )  # fmt: skip
    return sorted(ClosedLoopCase.objects.values_list("pk", flat=True))


def assert_each_step_taken_and_told_once(server) -> None:
    expected = Counter({"lead0@example.com": 2, "lead1@example.com": 2, "lead2@example.com": 2,
                        "chair@example.com": 6})  # fmt: skip
    assert Counter(server.delivered) == expected
    rows = Notification.objects.filter(kind=CASE_ESCALATED)
    assert rows.count() == 12 and not rows.filter(emailed_at__isnull=True).exists()
    assert not ClosedLoopCase.objects.filter(escalated_to_steering_on__isnull=True).exists()
    history = ClosedLoopCase.history.model.objects
    assert history.filter(history_change_reason__startswith="One service level").count() == 6
    assert history.filter(history_change_reason__startswith="Twice its").count() == 6


def test_a_beat_that_fires_twice_takes_each_step_once(late_cases, smtp, workers):  # noqa: F811
    server = smtp()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    workers(queue, server.server_address[1])
    app = client()
    results = [r.get(timeout=90) for r in [app.send_task(TASK, queue=queue) for _ in range(2)]]
    assert sorted(tuple(r.values()) for r in results) == [(0, 0, 0), (6, 6, 12)]
    wait_for_mail(server, 12)
    assert_each_step_taken_and_told_once(server)


def test_two_workers_at_once_take_each_step_once(late_cases, smtp, workers):  # noqa: F811
    server = smtp()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    workers(queue, server.server_address[1])
    workers(queue, server.server_address[1])
    app = client()
    results = [r.get(timeout=120) for r in [app.send_task(TASK, queue=queue) for _ in range(4)]]
    assert [sum(r[k] for r in results) for k in ("lead", "steering", "sent")] == [6, 6, 12]
    wait_for_mail(server, 12)
    assert_each_step_taken_and_told_once(server)


def test_a_worker_killed_mid_job_resumes_where_it_stopped(late_cases, smtp, workers):  # noqa: F811
    server = smtp()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with transaction.atomic():
        # The test holds the fourth case: the job writes the first three lead steps, each in
        # its own transaction, and waits on the fourth, where the worker is killed.
        ClosedLoopCase.objects.select_for_update().get(pk=late_cases[3])
        first = workers(queue, server.server_address[1])
        client().send_task(TASK, queue=queue)
        wait_for(
            lambda: ClosedLoopCase.objects.filter(escalated_to_lead_on__isnull=False).count() == 3,
            90,
            "the job to write three steps",
        )
        with connection.cursor() as cursor:
            wait_for(
                lambda: (
                    cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                    or cursor.fetchone()[0] > 0
                ),
                30,
                "the job to wait on the fourth case",
            )
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=20)
    assert not Notification.objects.filter(kind=CASE_ESCALATED).exists()
    # The job is redelivered after the visibility timeout, to a worker that sweeps every second,
    # and takes the steps the first did not.
    workers(queue, server.server_address[1], app="tests.worker")
    wait_for_mail(server, 12)
    assert_each_step_taken_and_told_once(server)
