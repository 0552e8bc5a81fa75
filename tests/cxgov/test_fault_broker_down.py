"""Redis down: pages work, /healthz says 503 for the broker, and work an action queues waits in
the outbox (cxgov.outbox) until the broker is back, then reaches it once.

The broker here is a Redis server this test starts on a spare port and stops (the machine's
shared Redis is never touched); the Celery app is pointed at it for the test.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis
from django.core.files.uploadedfile import SimpleUploadedFile

from cxgov import outbox
from cxgov.celery import app as celery_app
from cxgov.models import Notification, OutboxMessage
from cxgov.notifications import EMAIL_TASK, notify
from cxgov.tasks import outbox_drain
from tests.conftest import REQUIRE_SERVICES
from voc.models import ImportJob, ImportStatus, Response
from voc.services import IMPORT_JOB_RUN

ROOT = Path(__file__).resolve().parents[2]
GOOD = b"Survey,Rating,When,Id\nnps,10,2026-03-02T10:00:00Z,a\nnps,3,2026-03-02T11:00:00Z,b\n"
MAPPING = {
    "map_metric": "Survey", "map_score": "Rating", "map_responded_at": "When",
    "map_external_id": "Id", "all_or_nothing": "on", "mode": "history", "action": "run",
}  # fmt: skip

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


def spare_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test's own, on a spare port, with nothing saved to disk."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if redis.Redis(port=self.port).ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise AssertionError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None

    def queued(self, queue: str = "celery") -> list[tuple[str, list]]:
        """The tasks waiting in a queue, as (name, args), oldest first."""
        messages = [json.loads(m) for m in redis.Redis(port=self.port).lrange(queue, 0, -1)]
        return [
            (m["headers"]["task"], json.loads(base64.b64decode(m["body"]))[0])
            for m in reversed(messages)  # LPUSH: the newest first
        ]


@pytest.fixture
def broker(settings, monkeypatch):
    """A private Redis as the broker of this process's Celery app (and of /healthz)."""
    if not shutil.which("redis-server"):
        hint = "needs redis-server on PATH: apt-get install redis-server"
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {hint}", pytrace=False)
        pytest.skip(hint)
    server = PrivateRedis(spare_port())
    server.start()
    saved = celery_app.conf.broker_url, celery_app.conf.task_default_queue
    settings.CELERY_BROKER_URL = server.url
    monkeypatch.setenv("CELERY_BROKER_URL", server.url)  # Celery prefers it to its own setting
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    point_celery_at(server.url, "celery")
    yield server
    point_celery_at(*saved)
    server.stop()


def point_celery_at(url: str, queue: str) -> None:
    celery_app.conf.broker_url = url
    celery_app.conf.task_default_queue = queue
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_with_redis_down_pages_answer_and_healthz_names_the_broker(client, broker, core_team_user):
    client.force_login(core_team_user)
    assert client.get("/healthz").status_code == 200
    broker.stop()
    for page in ("/", "/voc/", "/portfolio/", "/governance/", "/voc/import/"):
        assert client.get(page).status_code == 200, page
    health = client.get("/healthz")
    assert health.status_code == 503
    checks = health.json()["checks"]
    assert checks["broker"]["ok"] is False and checks["database"]["ok"] is True


def cache_on(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "cxgov.caching.ForgivingRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_with_the_cache_unreachable_signed_in_pages_answer_from_the_database(
    client, broker, core_team_user, settings
):
    """With the cache on Redis, sessions and cached panels read it on every page: an outage
    is a miss, and a sign-out made during it is not undone by the session Redis still holds
    when it answers again. (The outage: the cache pointed at a port nobody listens on, while
    the private Redis keeps what it held, as after a network cut.)"""
    from cxgov.caching import data_version

    reachable = broker.url.replace("/0", "/1")
    settings.CACHES = cache_on(reachable)
    client.force_login(core_team_user)
    assert client.get("/").status_code == 200
    before = data_version()
    held = redis.Redis(port=broker.port, db=1)
    session = client.session.session_key
    assert [k for k in held.keys("*") if session.encode() in k], "the session is cached in Redis"

    settings.CACHES = cache_on(f"redis://127.0.0.1:{spare_port()}/1")
    for page in ("/", "/voc/", "/portfolio/", "/governance/"):
        assert client.get(page).status_code == 200, page
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302  # signed out, read from the database

    settings.CACHES = cache_on(reachable)
    assert client.get("/").status_code == 302
    # The first cache call that reaches Redis again drops what the outage left behind: the
    # ended session (never read back) and the data version (its bumps were lost).
    assert data_version() != before
    assert [k for k in held.keys("*") if session.encode() in k] == []


def test_an_import_queued_while_redis_is_down_tells_the_person_and_runs_when_it_is_back(
    client, broker, core_team_user, settings, django_capture_on_commit_callbacks
):
    settings.CXGOV_VOC_IMPORT_BACKGROUND_BYTES = 10  # every file goes to a worker
    client.force_login(core_team_user)
    client.post("/voc/import/", {"file": SimpleUploadedFile("s.csv", GOOD, "text/csv")})
    job = ImportJob.objects.get()
    broker.stop()

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/voc/imports/{job.pk}/map/", MAPPING)
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert "it will run later, when the queue is back" in page
    job.refresh_from_db()
    assert job.status == ImportStatus.PENDING
    kept = OutboxMessage.objects.get()
    assert (kept.task, kept.args, kept.attempts) == (IMPORT_JOB_RUN, [job.pk], 1)
    assert outbox_drain() == 0  # beat's minute while the broker is still down
    assert OutboxMessage.objects.get().attempts == 2

    broker.start()
    assert outbox_drain() == 1
    assert broker.queued() == [(IMPORT_JOB_RUN, [job.pk])]
    assert not OutboxMessage.objects.exists()
    page = client.get(f"/voc/imports/{job.pk}/").content.decode()
    assert "when the queue is back" not in page and "Waiting for a worker" in page

    # What the worker runs when it takes the message.
    (task, args), *_ = broker.queued()
    celery_app.tasks[task](*args)
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED and Response.objects.count() == 2


def test_an_email_queued_while_redis_is_down_goes_with_the_next_enqueue(
    broker, wg_member_user, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    broker.stop()
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(
            recipient=wg_member_user, kind="meeting_reminder", occasion="o1", subject="s", body="b"
        )
    assert first is not None  # the notice is logged; its e-mail waits
    assert list(OutboxMessage.objects.values_list("task", "args")) == [(EMAIL_TASK, [first.pk])]

    broker.start()
    other = UserFactory(email="other@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        second = notify(
            recipient=other, kind="meeting_reminder", occasion="o1", subject="s", body="b"
        )
    # The second enqueue reached the broker, and took the one that waited with it, in order.
    assert sorted(broker.queued()) == sorted([(EMAIL_TASK, [first.pk]), (EMAIL_TASK, [second.pk])])
    assert not OutboxMessage.objects.exists()
    assert Notification.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    assert not outbox.waiting(EMAIL_TASK, first.pk)


# Every place that queues a Celery task goes through the outbox: a task sent any other way
# would be lost while the broker is down.
QUEUEING = re.compile(r"\.(delay|apply_async|delay_on_commit|send_task)\(")


def test_every_task_is_queued_through_the_outbox():
    offenders = []
    for app in ("cxgov", "governance", "voc", "portfolio"):
        for path in (ROOT / app).rglob("*.py"):
            if path == ROOT / "cxgov" / "outbox.py" or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if QUEUEING.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "queue through cxgov.outbox.enqueue:\n" + "\n".join(offenders)
    # And the scan would see one: the outbox's own hand-off to the broker.
    assert QUEUEING.search((ROOT / "cxgov" / "outbox.py").read_text())
