"""Digests are sent exactly once on real infrastructure: PostgreSQL, the Redis broker, real
Celery worker processes and a real SMTP conversation (the meeting reminders' harness in
tests/governance/test_celery_meeting_reminders.py).

- a beat that fires twice: the daily job queued twice logs and sends each digest once (the
  second run waits on the first's lock on the people, then finds their digests logged);
- a worker killed mid-send (SIGKILL while it talks to the mail server): the job had logged all
  twelve digests and queued one e-mail task for them; acks_late leaves that task on the broker,
  a new worker takes it, and the retry sends the digests the first did not mark sent, no other.
"""

from __future__ import annotations

import datetime as dt
import signal
import uuid
from collections import Counter

import pytest

from cxgov.dates import today
from cxgov.digest import DIGEST
from cxgov.models import Notification
from cxgov.roles import Role
from tests.factories import UserFactory
from tests.governance.factories import ActionItemFactory
from tests.governance.test_celery_meeting_reminders import (  # noqa: F401 (fixtures)
    client,
    smtp,
    wait_for,
    wait_for_mail,
    workers,
)

TASK = "cxgov.digests_send"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def people(db):
    """Twelve working-group members, each owning an action item ten days overdue."""
    found = []
    for i in range(12):
        person = UserFactory(
            username=f"reader{i}", email=f"reader{i}@example.com",
            roles=[Role.WORKING_GROUP_MEMBER],
        )  # fmt: skip
        ActionItemFactory(owner=person, due_on=today() - dt.timedelta(days=10))
        found.append(person)
    return found


def assert_each_person_got_one_digest(server, people) -> None:
    emails = {person.email for person in people}
    assert Counter(server.delivered) == Counter(emails), "each person gets exactly one digest"
    rows = Notification.objects.filter(kind=DIGEST)
    assert rows.count() == len(people)
    assert set(rows.values_list("recipient__email", flat=True)) == emails
    assert not rows.filter(emailed_at__isnull=True).exists()


def test_a_beat_that_fires_twice_sends_each_digest_once(people, smtp, workers):  # noqa: F811
    server = smtp()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    workers(queue, server.server_address[1])
    app = client()
    results = [app.send_task(TASK, queue=queue) for _ in range(2)]
    counts = [r.get(timeout=120) for r in results]
    assert sorted(c["sent"] for c in counts) == [0, 12]
    assert sorted(c["already_sent"] for c in counts) == [0, 12]
    wait_for_mail(server, 12)
    assert_each_person_got_one_digest(server, people)


def test_a_worker_killed_mid_send_is_retried_and_neither_loses_nor_repeats(
    people,
    smtp,  # noqa: F811
    workers,  # noqa: F811
):
    server = smtp(hold_at=5)  # the fifth message hangs in the middle of the SMTP exchange
    queue = f"test-{uuid.uuid4().hex[:8]}"
    first = workers(queue, server.server_address[1])
    client().send_task(TASK, queue=queue)
    assert server.held.wait(120), "the first worker never reached the fifth digest"
    assert len(server.delivered) == 4
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=20)
    server.release.set()
    # The job had logged all twelve before the first e-mail; the killed e-mail task marked
    # four sent, and the fifth's mark was rolled back with its connection.
    rows = Notification.objects.filter(kind=DIGEST)
    wait_for(
        lambda: rows.count() == 12 and rows.filter(emailed_at__isnull=False).count() == 4,
        30,
        "the killed worker's open transaction to roll back",
    )
    # The e-mail task is redelivered after the timeout, to a worker that sweeps every second.
    workers(queue, server.server_address[1], app="tests.worker")
    wait_for_mail(server, 12)  # and nothing more arrives
    assert_each_person_got_one_digest(server, people)
