"""Import jobs: started by the core team, run at once or on a worker, idempotent, and a killed
run leaves nothing behind and can run again. The rollups move with the data."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied

from cxgov.models import OutboxMessage
from voc import services
from voc.errors import ImportRejected, VocError
from voc.models import ImportJob, ImportMappingPreference, ImportStatus, KpiRollup, Response
from voc.models.imports import SAVING_PERCENT
from voc.tasks import import_job_run_task

from .factories import metric

pytestmark = pytest.mark.django_db

GOOD = (
    b"metric,score,responded_at,external_id\n"
    b"nps,10,2026-03-02T10:00:00Z,a\n"
    b"nps,3,2026-03-02T11:00:00Z,b\n"
    b"csat,5,2026-03-09T11:00:00Z,c\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def start(user, content: bytes = GOOD, **kwargs) -> ImportJob:
    return services.import_job_create(
        by=user, file=io.BytesIO(content), original_name="survey.csv", **kwargs
    )


def test_a_small_file_is_imported_when_the_request_commits_and_the_kpis_move(
    core_team_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(core_team_user)
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED
    assert (job.total_rows, job.inserted_rows, job.skipped_rows, job.progress_percent) == (
        3,
        3,
        0,
        100,
    )
    assert job.message == "Imported 3 of 3 responses."
    day = KpiRollup.objects.get(metric=metric("nps"), granularity="day", dimension_kind="overall")
    assert (day.period_start, day.n, day.score) == (dt.date(2026, 3, 2), 2, 0.0)
    assert KpiRollup.objects.filter(metric=metric("csat"), granularity="quarter").count() == 1


def test_importing_the_same_file_again_adds_nothing(
    core_team_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start(core_team_user)
    before = set(KpiRollup.objects.values_list("pk", "n", "score"))
    with django_capture_on_commit_callbacks(execute=True):
        again = start(core_team_user)
    again.refresh_from_db()
    assert (again.inserted_rows, again.skipped_rows) == (0, 3)
    assert Response.objects.count() == 3
    assert set(KpiRollup.objects.values_list("pk", "n", "score")) == before


@pytest.mark.parametrize("background", [False, True], ids=["at-once", "on-a-worker"])
def test_a_refused_file_keeps_only_its_record_and_writes_nothing(
    core_team_user, django_capture_on_commit_callbacks, tmp_path, background
):
    """A refusal keeps nothing but its log line: the job row with its problems; the stored
    file is deleted at the moment of refusal, and the refused job cannot run again."""
    bad = GOOD + b"nps,12,2026-03-02T10:00:00Z,d\n"
    with django_capture_on_commit_callbacks() as committed:
        job = start(core_team_user, bad, background=background)
        if background:
            committed.clear()  # the queued message, run here by hand:
            import_job_run_task(job.pk)
    [stored] = tmp_path.rglob("*.csv")  # the upload, until the refusal commits
    for callback in committed:
        callback()
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED and job.get_status_display() == "Refused"
    assert job.errors == [{"row": 5, "column": "score", "message": "'12' is off the scale 0-10"}]
    assert job.error_count == 1
    assert Response.objects.count() == 0 and KpiRollup.objects.count() == 0
    assert job.file.name == "" and not stored.exists()
    with pytest.raises(VocError, match="refused"):
        services.import_job_run(job_id=job.pk)


def test_a_killed_import_leaves_nothing_and_runs_again(core_team_user, monkeypatch, tmp_path):
    job = start(core_team_user, background=True)
    real_refresh = services.rollup_refresh_touched

    def worker_dies(touched):
        raise SystemExit("worker killed")  # after the rows went in, before the commit

    monkeypatch.setattr(services.imports, "rollup_refresh_touched", worker_dies)
    with pytest.raises(SystemExit):
        import_job_run_task(job.pk)
    assert Response.objects.count() == 0 and KpiRollup.objects.count() == 0
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING and job.attempts == 1
    assert (tmp_path / job.file.name).exists()  # kept, so the job can run again

    monkeypatch.setattr(services.imports, "rollup_refresh_touched", real_refresh)
    assert import_job_run_task(job.pk) == ImportStatus.SUCCEEDED  # the redelivered message
    assert Response.objects.count() == 3
    job.refresh_from_db()
    assert (job.status, job.attempts, job.inserted_rows) == (ImportStatus.SUCCEEDED, 2, 3)


def test_running_a_finished_job_twice_changes_nothing(
    core_team_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start(core_team_user)
    assert import_job_run_task(job.pk) == ImportStatus.SUCCEEDED
    job.refresh_from_db()
    assert job.attempts == 1 and Response.objects.count() == 3


def test_a_large_file_is_queued_for_a_worker_after_commit(
    core_team_user, settings, django_capture_on_commit_callbacks
):
    settings.CXGOV_VOC_IMPORT_BACKGROUND_BYTES = 10
    with django_capture_on_commit_callbacks() as callbacks:
        job = start(core_team_user)
    # The run waits in the outbox for the commit (the cache's version bump is another callback).
    assert OutboxMessage.objects.filter(task=services.IMPORT_JOB_RUN, args=[job.pk]).exists()
    assert callbacks
    assert job.status == ImportStatus.PENDING and Response.objects.count() == 0
    import_job_run_task(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED


def test_the_queued_run_is_the_registered_task_and_imports_the_file(
    core_team_user, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The service queues the worker's task by its Celery name (voc.services.imports does not
    import voc.tasks): run eagerly, the queued message imports the file."""
    from cxgov.celery import app as celery_app

    assert celery_app.tasks[services.IMPORT_JOB_RUN] is import_job_run_task._get_current_object()
    settings.CXGOV_VOC_IMPORT_BACKGROUND_BYTES = 10
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    with django_capture_on_commit_callbacks(execute=True):
        job = start(core_team_user)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.inserted_rows) == (ImportStatus.SUCCEEDED, 1, 3)
    assert Response.objects.count() == 3


@pytest.mark.parametrize(
    "fixture", ["executive_user", "steering_user", "wg_member_user", "viewer_user"]
)
def test_only_the_core_team_and_admins_import(request, fixture):
    with pytest.raises(PermissionDenied):
        start(request.getfixturevalue(fixture))
    assert ImportJob.objects.count() == 0


def test_an_empty_or_oversized_upload_is_refused_before_it_is_stored(core_team_user, settings):
    with pytest.raises(ImportRejected, match="empty"):
        start(core_team_user, b"")
    settings.CXGOV_VOC_IMPORT_MAX_BYTES = 20
    with pytest.raises(ImportRejected, match="the limit is"):
        start(core_team_user)
    assert ImportJob.objects.count() == 0


def test_the_column_mapping_is_remembered_for_the_person(
    core_team_user, django_capture_on_commit_callbacks
):
    mapping = {
        "metric": "metric",
        "score": "score",
        "responded_at": "responded_at",
        "external_id": "external_id",
    }
    with django_capture_on_commit_callbacks(execute=True):
        start(core_team_user, mapping=mapping, delimiter=",")
    remembered = ImportMappingPreference.objects.get(user=core_team_user)
    assert remembered.mapping == mapping and remembered.delimiter == ","


@pytest.mark.django_db(transaction=True)
def test_the_progress_another_connection_reads_moves_with_the_rows(core_team_user, monkeypatch):
    """What the page's poll reads while the import runs: the job's row, through a connection of
    its own, rising with the rows read (not 0% until the end, then 100%)."""
    from django.db import connections

    from voc.services import imports

    seen: list[tuple[int, int]] = []

    class Watched(imports._ProgressReporter):
        def __call__(self, fraction, rows=None):
            super().__call__(fraction, rows)
            poller = connections.create_connection("default")
            try:
                with poller.cursor() as cursor:
                    cursor.execute(
                        "SELECT progress, processed_rows FROM voc_importjob WHERE id = %s",
                        [self.job_id],
                    )
                    seen.append(cursor.fetchone())
            finally:
                poller.close()

    monkeypatch.setattr(imports, "_ProgressReporter", Watched)
    rows = b"".join(b"nps,9,2026-03-02T10:00:00Z,p-%d\n" % i for i in range(2000))
    job = services.import_job_stage(
        by=core_team_user,
        file=io.BytesIO(b"metric,score,responded_at,external_id\n" + rows),
        original_name="big.csv",
    )
    mapping = {"metric": "metric", "score": "score", "responded_at": "responded_at",
               "external_id": "external_id"}  # fmt: skip
    job = services.import_job_start(
        by=core_team_user, job=job, mapping=mapping, mode="history", background=False
    )
    assert (job.status, job.inserted_rows, job.progress_percent) == ("succeeded", 2000, 100)
    running = [s for s in seen if s[0] < 99]
    # Seen by another connection while it ran: at least five steps, each further along.
    assert len(set(running)) >= 5, seen
    assert running == sorted(running) and running[-1][0] > running[0][0]
    # Read and checked to the last row before the transaction that stores them: the page's
    # label then says it is saving (ImportJob.step), not a bar stuck short of the end.
    assert running[-1] == (SAVING_PERCENT, 2000)
