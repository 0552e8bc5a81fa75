"""Reminders are sent exactly once on real infrastructure: PostgreSQL, the Redis broker, real
Celery worker processes, and a real SMTP conversation (a small server in this test that counts
the messages it accepts and can hold one mid-send).

- a beat that fires twice: the job queued twice sends each reminder once;
- two workers at once: four copies of the job on two workers send each reminder once;
- a worker killed mid-task (SIGKILL while it talks to the mail server): acks_late leaves the
  e-mail task on the broker, a new worker takes it when the visibility timeout passes, and the
  retry sends the e-mails the first run did not mark sent, and no other.

The job logs each reminder in its own transaction and queues its e-mail for after the commit
(cxgov.notifications); the workers take the job and the e-mails from the test's own queue.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from cxgov.models import Notification
from governance import services
from governance.models import MeetingSettings, Tier
from tests.conftest import redis_url
from tests.factories import BodyFactory, MembershipFactory, UserFactory
from tests.governance.factories import MeetingFactory

ROOT = Path(__file__).resolve().parents[2]
TASK = "governance.meeting_reminders_send"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: EHLO, MAIL, RCPT, DATA, QUIT."""

    def reply(self, text: str) -> None:
        self.wfile.write(f"{text}\r\n".encode())

    def handle(self) -> None:
        server: SmtpServer = self.server
        self.reply("220 test ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.split(" ", 1)[0].split(":", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 test")
            elif verb == "MAIL":
                with server.lock:
                    server.attempts += 1
                    attempt = server.attempts
                if attempt == server.hold_at:
                    server.held.set()
                    server.release.wait(120)
                    return  # the worker is dead by now; drop the connection
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                with server.lock:
                    server.delivered.extend(recipients)
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("250 OK")


class SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, hold_at: int = 0):
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.lock = threading.Lock()
        self.attempts = 0
        self.hold_at = hold_at
        self.held = threading.Event()
        self.release = threading.Event()
        self.delivered: list[str] = []


@pytest.fixture
def smtp():
    servers: list[SmtpServer] = []

    def start(hold_at: int = 0) -> SmtpServer:
        server = SmtpServer(hold_at=hold_at)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.release.set()
        server.shutdown()
        server.server_close()


def database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def workers():
    started: list[subprocess.Popen] = []

    def start(queue: str, smtp_port: int, app: str = "cxgov") -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": redis_url(),
            "CELERY_RESULT_BACKEND": redis_url(),
            "CELERY_VISIBILITY_TIMEOUT": "2",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            # The e-mail tasks the job queues go to this test's queue, not the shared default.
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "SECRET_KEY": os.environ.get("SECRET_KEY", "test-worker"),
        }
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                app,
                "worker",
                "--pool",
                "solo",
                "--queues",
                queue,
                "--hostname",
                f"{uuid.uuid4().hex[:8]}@test",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(worker)
        return worker

    yield start
    # Killed, all at once: the test is over and its queue is its own, so nothing a warm
    # shutdown would finish or hand back matters (it took seconds a worker, one after another).
    for worker in started:
        if worker.poll() is None:
            worker.kill()
    for worker in started:
        worker.wait(timeout=20)


@pytest.fixture
def meeting(db):
    """A steering committee meeting in 36 hours (inside the 2-day window) with 12 members."""
    MeetingSettings.objects.update_or_create(pk=1, defaults={"meeting_reminder_days": 2})
    body = BodyFactory(name="Steering committee", tier=Tier.STEERING_COMMITTEE)
    for i in range(12):
        MembershipFactory(body=body, person=UserFactory(email=f"member{i}@example.com"))
    return MeetingFactory(
        body=body, starts_at=(timezone.now() + dt.timedelta(hours=36)).replace(microsecond=0)
    )


def client() -> Celery:
    return Celery("test-client", broker=redis_url(), backend=redis_url(), set_as_current=False)


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def wait_for_mail(server: SmtpServer, count: int, timeout: float = 120) -> None:
    """The e-mails go out from tasks queued after each reminder commits: wait for them, then
    a moment more, so that a duplicate would arrive before the count is checked."""
    wait_for(lambda: len(server.delivered) >= count, timeout, f"{count} e-mails")
    wait_for(
        lambda: not Notification.objects.filter(emailed_at__isnull=True).exists(),
        30,
        "every notification to be marked e-mailed",
    )
    time.sleep(2)


def assert_each_member_reminded_once(server: SmtpServer, meeting) -> None:
    members = {p.email for p in services.meeting_members(meeting)}
    assert Counter(server.delivered) == Counter(members), "each member gets exactly one e-mail"
    rows = Notification.objects.filter(kind="meeting_reminder")
    assert rows.count() == len(members)
    assert set(rows.values_list("recipient__email", flat=True)) == members
    assert not rows.filter(emailed_at__isnull=True).exists()


def test_a_beat_that_fires_twice_sends_each_reminder_once(meeting, smtp, workers):
    server = smtp()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    workers(queue, server.server_address[1])
    app = client()
    results = [app.send_task(TASK, queue=queue) for _ in range(2)]
    sent = sorted(r.get(timeout=90)["sent"] for r in results)
    assert sent == [0, 12]
    wait_for_mail(server, 12)
    assert_each_member_reminded_once(server, meeting)


def test_two_workers_at_once_send_each_reminder_once(meeting, smtp, workers):
    server = smtp()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    workers(queue, server.server_address[1])
    workers(queue, server.server_address[1])
    app = client()
    results = [app.send_task(TASK, queue=queue) for _ in range(4)]
    assert sum(r.get(timeout=120)["sent"] for r in results) == 12
    wait_for_mail(server, 12)
    assert_each_member_reminded_once(server, meeting)


def test_a_worker_killed_mid_task_is_retried_and_neither_loses_nor_repeats(meeting, smtp, workers):
    server = smtp(hold_at=5)  # the fifth message hangs in the middle of the SMTP exchange
    queue = f"test-{uuid.uuid4().hex[:8]}"
    first = workers(queue, server.server_address[1])
    client().send_task(TASK, queue=queue)
    assert server.held.wait(90), "the first worker never reached the fifth reminder"
    assert len(server.delivered) == 4
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=20)
    server.release.set()
    # The job had logged all twelve before the first e-mail; the killed run marked four sent,
    # and the fifth's mark was rolled back with its connection.
    rows = Notification.objects.filter(kind="meeting_reminder")
    wait_for(
        lambda: rows.count() == 12 and rows.filter(emailed_at__isnull=False).count() == 4,
        30,
        "the killed worker's open transaction to roll back",
    )
    # The task is redelivered after the timeout, by a worker that sweeps for it every second.
    workers(queue, server.server_address[1], app="tests.worker")
    wait_for_mail(server, 12)  # and nothing more arrives
    assert_each_member_reminded_once(server, meeting)
