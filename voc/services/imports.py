"""Response imports as jobs a page or the API starts and watches.

An import is one transaction from the first row to the job's record of success, with the
rollup refresh of the periods it touched inside it: a refused file or a killed worker leaves
neither responses nor rollup rows nor a "succeeded" job behind, and the job can run again.
"""

from __future__ import annotations

import time
from typing import IO, Any

from celery import current_app
from django.conf import settings
from django.core.files.base import File
from django.db import connection, connections, transaction
from django.utils import timezone

from ..errors import ImportRejected, VocError
from ..models import (
    ImportJob,
    ImportMappingPreference,
    ImportStatus,
    Metric,
)
from ..models.imports import ImportFormat
from ..permissions import can_import_responses
from . import responses
from .cases import cases_open, response_watermark
from .responses import ImportResult
from .rollups import rollup_refresh_touched

# The Celery task that runs a queued job (voc.tasks.import_job_run_task), by its registered
# name: the tasks call these services, so the services reach the task through Celery's registry
# instead of importing voc.tasks (voc.apps loads the tasks at startup).
IMPORT_JOB_RUN = "voc.import_job_run"


def _run_after_commit(job_id: int) -> None:
    """Queue the job's run on a worker once the transaction that saved it commits."""
    transaction.on_commit(lambda: current_app.tasks[IMPORT_JOB_RUN].delay(job_id))


def _transition(job: ImportJob, to_status: str) -> None:
    if to_status not in ImportJob.TRANSITIONS[job.status]:
        raise VocError(
            f"An import that is {job.get_status_display().lower()} cannot be {to_status}."
        )
    job.status = to_status


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
    """Store the file and start its import: at once when small (the job is committed first,
    so a refusal is recorded), else on a Celery worker, queued when the job's transaction
    commits. `background` forces one or the other."""
    can_import_responses.enforce(by)
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
    if delimiter and delimiter not in responses.DELIMITERS:
        raise ImportRejected("The delimiter must be a comma, semicolon, tab or vertical bar.")
    with transaction.atomic():
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
                defaults={
                    "mapping": mapping,
                    "delimiter": delimiter,
                    "default_metric": default_metric,
                },
            )
        if background is None:
            background = size > settings.CXGOV_VOC_IMPORT_BACKGROUND_BYTES
        if background:
            _run_after_commit(job.pk)
    if not background:
        job = import_job_run(job_id=job.pk)
    return job


def import_job_stage(
    *, by: Any, file: IO[bytes], original_name: str, delimiter: str = ""
) -> ImportJob:
    """Keep an uploaded CSV file for the browser's mapping and preview steps, as a job that
    has not started. The file is checked first (size, UTF-8, header, at least one row): a
    refused file leaves nothing behind, neither job nor stored file."""
    can_import_responses.enforce(by)
    if delimiter and delimiter not in responses.DELIMITERS:
        raise ImportRejected("The delimiter must be a comma, semicolon, tab or vertical bar.")
    file.seek(0, 2)
    if file.tell() == 0:
        raise ImportRejected("The file is empty.")
    responses.inspect_file(file, delimiter=delimiter or None)
    job = ImportJob(
        created_by=by,
        format=ImportFormat.CSV,
        original_name=original_name[:255],
        size_bytes=file.seek(0, 2),
        delimiter=delimiter,
    )
    file.seek(0)
    job.file.save("responses.csv", File(file), save=False)
    job.save()
    return job


def import_job_start(
    *,
    by: Any,
    job: ImportJob,
    mapping: dict[str, str],
    default_metric: Metric | None = None,
    all_or_nothing: bool = True,
    background: bool | None = None,
) -> ImportJob:
    """Start a staged job with the mapping the person chose (remembered for their next
    upload): at once when the file is small, else on a Celery worker after the commit, as
    import_job_create does. A job starts once."""
    can_import_responses.enforce(by)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportStatus.PENDING or job.started_at is not None or job.mapping:
            raise VocError("This import has already been started; upload the file again.")
        with job.file.open("rb") as source:
            responses.resolve_mapping(
                responses.read_head(source, delimiter=job.delimiter or None).header,
                mapping,
                default_metric=default_metric,
            )
        job.mapping = mapping
        job.default_metric = default_metric
        job.all_or_nothing = all_or_nothing
        job.save(update_fields=["mapping", "default_metric", "all_or_nothing"])
        ImportMappingPreference.objects.update_or_create(
            user=by,
            defaults={"mapping": mapping, "delimiter": job.delimiter,
                      "default_metric": default_metric},
        )  # fmt: skip
        if background is None:
            background = job.size_bytes > settings.CXGOV_VOC_IMPORT_BACKGROUND_BYTES
        if background:
            _run_after_commit(job.pk)
    if not background:
        job = import_job_run(job_id=job.pk)
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
    watermark = response_watermark()

    def record_success(result: ImportResult) -> None:
        # Inside the import's transaction: the data, its rollups, the closed-loop cases of its
        # detractors and this record commit together.
        rollup_refresh_touched(result.touched)
        if result.inserted:
            result.cases_opened = cases_open(after_id=watermark)
        _record(job, result, ImportStatus.SUCCEEDED)
        job.save()

    try:
        with job.file.open("rb") as source:
            responses.import_responses(
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
    cases = (
        f" {result.cases_opened} closed-loop case(s) opened for detractors' comments."
        if result.cases_opened
        else ""
    )
    job.message = (
        f"Imported {result.inserted} of {result.total_rows} responses{skipped}{wrong}.{cases}"
    )


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
