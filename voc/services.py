"""voc writes: response imports (as jobs a page or the API starts and watches) and the rollup.

An import is one transaction from the first row to the job's record of success, with the
rollup refresh of the periods it touched inside it: a refused file or a killed worker leaves
neither responses nor rollup rows nor a "succeeded" job behind, and the job can run again.
"""

from __future__ import annotations

import time
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.db import connection, connections, transaction
from django.utils import timezone

from cxgov.errors import DomainError

from . import importing
from .importing import ImportRejected, ImportResult
from .models import ImportJob, ImportMappingPreference, ImportStatus, Metric
from .models.imports import ImportFormat
from .permissions import require_import_responses
from .rollups import rollup_refresh_touched


class VocError(DomainError):
    """A voice-of-the-customer rule refused an action."""


def _transition(job: ImportJob, to_status: str) -> None:
    if to_status not in ImportJob.TRANSITIONS[job.status]:
        raise VocError(
            f"An import that is {job.get_status_display().lower()} cannot be {to_status}."
        )
    job.status = to_status


@transaction.atomic
def import_job_create(
    *,
    by: Any,
    file: IO[bytes],
    original_name: str,
    mapping: dict[str, str] | None = None,
    delimiter: str = "",
    default_metric: Metric | None = None,
    all_or_nothing: bool = True,
    format: str = ImportFormat.CSV,
    background: bool | None = None,
) -> ImportJob:
    """Store the file and start its import: at once when small, else on a Celery worker
    (queued when this transaction commits). `background` forces one or the other."""
    require_import_responses(by)
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    limit = settings.CXGOV_VOC_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportRejected(
            f"The file is {size / 1024**2:.1f} MB; the limit is {limit / 1024**2:.0f} MB."
        )
    if size == 0:
        raise ImportRejected("The file is empty.")
    if delimiter and delimiter not in importing.DELIMITERS:
        raise ImportRejected("The delimiter must be a comma, semicolon, tab or vertical bar.")
    job = ImportJob(
        created_by=by,
        format=format,
        original_name=original_name[:255],
        size_bytes=size,
        delimiter=delimiter,
        mapping=mapping or {},
        default_metric=default_metric,
        all_or_nothing=all_or_nothing,
    )
    job.file.save(f"responses.{format}", File(file), save=False)
    job.save()
    if format == ImportFormat.CSV and mapping:
        ImportMappingPreference.objects.update_or_create(
            user=by,
            defaults={"mapping": mapping, "delimiter": delimiter, "default_metric": default_metric},
        )
    if background is None:
        background = size > settings.CXGOV_VOC_IMPORT_BACKGROUND_BYTES
    if background:
        from .tasks import import_job_run_task

        transaction.on_commit(lambda: import_job_run_task.delay(job.pk))
    else:
        transaction.on_commit(lambda: import_job_run(job_id=job.pk))
    return job


def import_job_run(*, job_id: int) -> ImportJob:
    """Run (or re-run) an import job. Safe to call twice: a job that succeeded is left as is."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status == ImportStatus.SUCCEEDED:
            return job
        _transition(job, ImportStatus.RUNNING)
        job.attempts += 1
        job.started_at = timezone.now()
        job.progress = 0
        job.save(update_fields=["status", "attempts", "started_at", "progress"])

    reporter = _ProgressReporter(job.pk)

    def record_success(result: ImportResult) -> None:
        # Inside the import's transaction: the data, its rollups and this record commit together.
        rollup_refresh_touched(result.touched)
        _record(job, result, ImportStatus.SUCCEEDED)
        job.save()

    try:
        with job.file.open("rb") as source:
            importing.import_responses(
                source=source,
                mapping=job.mapping,
                delimiter=job.delimiter or None,
                default_metric=job.default_metric,
                all_or_nothing=job.all_or_nothing,
                progress=reporter,
                after_insert=record_success,
            )
    except ImportRejected as refusal:
        job.refresh_from_db(fields=["status"])
        _transition(job, ImportStatus.FAILED)
        job.errors = refusal.errors
        job.error_count = refusal.error_count
        job.message = refusal.message
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "errors", "error_count", "message", "finished_at"])
    finally:
        reporter.close()
    return job


def _record(job: ImportJob, result: ImportResult, status: str) -> None:
    _transition(job, status)
    job.total_rows = result.total_rows
    job.inserted_rows = result.inserted
    job.skipped_rows = result.skipped
    job.error_count = result.error_count
    job.errors = result.errors
    job.progress = 100
    job.finished_at = timezone.now()
    skipped = f", {result.skipped} already stored" if result.skipped else ""
    wrong = f", {result.error_count} problem(s) left out" if result.error_count else ""
    job.message = f"Imported {result.inserted} of {result.total_rows} responses{skipped}{wrong}."


class _ProgressReporter:
    """Writes a job's percent done at most once a second.

    The import runs in one transaction, so progress goes through a second connection on
    PostgreSQL to be seen by the page polling it. SQLite allows one writer at a time: there
    the bar moves only before the import's transaction begins, then jumps to done.
    """

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.last_write = 0.0
        self.last_percent = -1
        self.side = (
            connections.create_connection("default") if connection.vendor == "postgresql" else None
        )

    def __call__(self, fraction: float) -> None:
        percent = int(99 * fraction)
        now = time.monotonic()
        if percent == self.last_percent or now - self.last_write < 1.0:
            return
        self.last_percent, self.last_write = percent, now
        if self.side is not None:
            with self.side.cursor() as cursor:
                cursor.execute(
                    "UPDATE voc_importjob SET progress = %s WHERE id = %s", [percent, self.job_id]
                )
        elif not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(progress=percent)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
