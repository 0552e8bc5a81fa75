"""An import killed mid-file on a real worker: nothing is half-written, the job shows failed,
and it runs again to the end.

The worker (a real Celery process on the Redis broker and PostgreSQL) is held mid-import
deterministically: the test keeps one of the file's responses inserted in a transaction it
does not commit, so the import's insert waits on that row inside its own transaction, after
the file was read. The worker is then SIGKILLed there. The periodic job that finds abandoned
imports (voc.import_jobs_abandoned_fail) marks the job failed, since no live run holds it.
"""

from __future__ import annotations

import datetime as dt
import io
import signal
import uuid

import psycopg2
import pytest
from django.db import connection

from tests.governance.test_celery_meeting_reminders import (  # noqa: F401 (fixtures)
    client,
    database_url,
    wait_for,
    workers,
)
from voc import services
from voc.models import ImportStatus, KpiRollup, Metric, Response

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROWS = 2000
HELD = ROWS // 2  # the row the test holds


def survey() -> bytes:
    start = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    lines = ["metric,score,responded_at,external_id"]
    for i in range(ROWS):
        lines.append(f"nps,{i % 11},{(start + dt.timedelta(minutes=i)).isoformat()},k-{i}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path))  # the worker reads the same files
    return tmp_path


@pytest.fixture
def held_row():
    """One of the file's responses, inserted and not committed, on a connection of its own."""
    holder = psycopg2.connect(database_url())
    cursor = holder.cursor()
    cursor.execute(
        "INSERT INTO voc_response (metric_id, score, responded_at, external_id, comment, "
        "customer_key) VALUES (%s, 5, now(), %s, '', '')",
        [Metric.objects.get(code="nps").pk, f"k-{HELD}"],
    )
    yield holder
    holder.rollback()
    holder.close()


def waiting_on_the_held_row() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query ILIKE '%%voc_response%%'"
        )
        return cursor.fetchone()[0] > 0


def test_an_import_killed_mid_file_leaves_nothing_shows_failed_and_runs_again(
    core_team_user,
    media,
    held_row,
    workers,  # noqa: F811
):
    job = services.import_job_create(
        by=core_team_user, file=io.BytesIO(survey()), original_name="big.csv",
        background=True,
    )  # fmt: skip
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = workers(queue, 1)
    client().send_task(services.IMPORT_JOB_RUN, args=[job.pk], queue=queue)
    wait_for(waiting_on_the_held_row, 120, "the import to reach the held row")
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING
    assert services.import_jobs_abandoned_fail() == 0  # a live run is not taken for dead

    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=20)
    held_row.rollback()  # the row the import waited on goes; nothing else was ever committed
    wait_for(lambda: not waiting_on_the_held_row(), 30, "the killed worker's session to end")

    assert Response.objects.count() == 0 and KpiRollup.objects.count() == 0
    # The killed run's lock ends with its sessions, as soon as PostgreSQL sees them gone.
    wait_for(lambda: services.import_jobs_abandoned_fail() == 1, 30, "the job to be failed")
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "stopped before it finished" in job.message
    assert services.import_jobs_abandoned_fail() == 0  # beat's next turn finds nothing

    again = services.import_job_run(job_id=job.pk)  # what the redelivered message runs
    assert again.status == ImportStatus.SUCCEEDED and again.attempts == 2
    assert Response.objects.count() == ROWS
    assert KpiRollup.objects.filter(granularity="day", dimension_kind="overall").exists()
