"""Response imports as jobs a page or the API starts and watches.

An import is one transaction from the first row to the job's record of success, with the
rollup refresh of the periods it touched inside it: a refused file or a killed worker leaves
neither responses nor rollup rows nor a "succeeded" job behind, and the job can run again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import connection, connections, transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from cxgov import outbox
from cxgov.validators import program_date

from ..errors import ImportRejected, VocError
from ..models import (
    CaseSettings,
    ImportJob,
    ImportMappingPreference,
    ImportMode,
    ImportStatus,
    Metric,
)
from ..models.imports import ImportFormat
from ..permissions import can_import_responses
from . import responses
from .cases import cases_open, response_watermark
from .responses import ImportResult
from .rollups import rollup_refresh_touched
from .themes import comments_analyse

# The Celery task that runs a queued job (voc.tasks.import_job_run_task), by its registered
# name: the tasks call these services, so the services reach the task through Celery's registry
# instead of importing voc.tasks (voc.apps loads the tasks at startup).
IMPORT_JOB_RUN = "voc.import_job_run"
IMPORT_DRY_RUN = "voc.import_dry_run"


def _run_after_commit(job_id: int) -> None:
    """Queue the job's run on a worker once the transaction that saved it commits (through
    the outbox: a broker that is down delays the run, never loses it)."""
    outbox.enqueue(IMPORT_JOB_RUN, job_id)


def import_job_queued_later(*, job: ImportJob) -> bool:
    """Whether the job's run waits in the outbox for the broker (down when it was queued): it
    starts when the broker is back, and the job page says so."""
    return job.status == ImportStatus.PENDING and outbox.waiting(IMPORT_JOB_RUN, job.pk)


def _transition(job: ImportJob, to_status: str) -> None:
    if to_status not in ImportJob.TRANSITIONS[job.status]:
        raise VocError(
            f"An import that is {job.get_status_display().lower()} cannot be {to_status}."
        )
    job.status = to_status


def import_cases_from(
    *, mode: str, cases_from: dt.datetime | None, now: dt.datetime | None = None
) -> dt.datetime | None:
    """Check an import's case options and give the cut-off it opens cases from: none for a
    history import; for a live one the moment given, or by default the case service level
    counted back from now (CaseSettings.follow_up_from), so a backlog never floods the queue."""
    if mode not in ImportMode.values:
        raise VocError(
            f"'{str(mode)[:40]}' is not an import mode: choose live (recent detractors open "
            "closed-loop cases) or history (a backlog, no case).",
            field="mode",
        )
    if mode == ImportMode.HISTORY:
        if cases_from is not None:
            raise VocError(
                "A history import opens no case, so it takes no cut-off: clear the cut-off, or "
                "choose a live import.",
                field="cases_from",
            )
        return None
    now = now or timezone.now()
    if cases_from is None:
        return CaseSettings.current().follow_up_from(now)
    if timezone.is_naive(cases_from):
        cases_from = timezone.make_aware(cases_from)
    try:
        program_date(cases_from)
    except ValidationError as refusal:
        raise VocError(refusal.messages[0], field="cases_from") from None
    if cases_from > now:
        raise VocError(
            f"The cut-off {timezone.localtime(cases_from):%Y-%m-%d %H:%M} is in the future, so no "
            "response would open a case: choose a moment up to now, or a history import.",
            field="cases_from",
        )
    return cases_from


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
    mode: str = ImportMode.LIVE,
    cases_from: dt.datetime | None = None,
    naive_in_reporting_zone: bool = False,
    background: bool | None = None,
) -> ImportJob:
    """Store the file and start its import: at once when small (the job is committed first,
    so a refusal is recorded), else on a Celery worker, queued when the job's transaction
    commits. `background` forces one or the other. A live import opens closed-loop cases for
    the responses from `cases_from` (see import_cases_from); a history import opens none."""
    can_import_responses.enforce(by)
    return _job_create(
        by=by, file=file, original_name=original_name, mapping=mapping, delimiter=delimiter,
        default_metric=default_metric, all_or_nothing=all_or_nothing, format=format, mode=mode,
        cases_from=cases_from, naive_in_reporting_zone=naive_in_reporting_zone,
        background=background,
    )  # fmt: skip


def import_job_create_signed(*, file: IO[bytes], original_name: str) -> ImportJob:
    """Import the JSON records a survey platform's signed delivery carried (voc.services.
    webhooks), at once and live: no person starts it, the source's signature stood for them;
    the rest is import_job_create's, the same rules, messages and case opening."""
    return _job_create(
        by=None, file=file, original_name=original_name, format=ImportFormat.JSON,
        mode=ImportMode.LIVE, background=False,
    )  # fmt: skip


def _job_create(
    *,
    by: Any,
    file: IO[bytes],
    original_name: str,
    mapping: dict[str, str] | None = None,
    delimiter: str = "",
    default_metric: Metric | None = None,
    all_or_nothing: bool = True,
    format: str = ImportFormat.CSV,
    mode: str = ImportMode.LIVE,
    cases_from: dt.datetime | None = None,
    naive_in_reporting_zone: bool = False,
    background: bool | None = None,
) -> ImportJob:
    cases_from = import_cases_from(mode=mode, cases_from=cases_from)
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
            mode=mode,
            cases_from=cases_from,
            naive_in_reporting_zone=naive_in_reporting_zone,
        )
        job.file.save(f"responses.{format}", File(file), save=False)
        job.save()
        if format == ImportFormat.CSV and mapping and by is not None:
            ImportMappingPreference.objects.update_or_create(
                user=by,
                defaults={
                    "mapping": mapping,
                    "delimiter": delimiter,
                    "default_metric": default_metric,
                    "naive_in_reporting_zone": naive_in_reporting_zone,
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


# How long an uploaded file waits for its mapping before it is removed.
UNMAPPED_UPLOAD_DAYS = 1


def import_uploads_expire(*, now: dt.datetime | None = None) -> int:
    """Remove the uploads never mapped (staged by import_job_stage, never started) that are
    older than UNMAPPED_UPLOAD_DAYS: the job row and its stored file. Periodic (voc.tasks),
    safe to run twice; returns how many went."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=UNMAPPED_UPLOAD_DAYS)
    removed = 0
    stale = ImportJob.objects.filter(
        status=ImportStatus.PENDING, started_at__isnull=True, mapping={}, created_at__lt=cutoff
    )
    for job_id in stale.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            job = stale.select_for_update(skip_locked=True).filter(pk=job_id).first()
            if job is None:
                continue  # started, or removed by a second run, meanwhile
            name, storage = job.file.name, job.file.storage
            job.delete()
            if name:  # the file goes once the row's removal is committed
                transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
            removed += 1
    return removed


def import_job_start(
    *,
    by: Any,
    job: ImportJob,
    mapping: dict[str, str],
    default_metric: Metric | None = None,
    all_or_nothing: bool = True,
    mode: str = ImportMode.LIVE,
    cases_from: dt.datetime | None = None,
    naive_in_reporting_zone: bool = False,
    background: bool | None = None,
) -> ImportJob:
    """Start a staged job with the mapping the person chose (remembered for their next
    upload): at once when the file is small, else on a Celery worker after the commit, as
    import_job_create does. A job starts once."""
    can_import_responses.enforce(by)
    cases_from = import_cases_from(mode=mode, cases_from=cases_from)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportStatus.PENDING or job.started_at is not None or job.mapping:
            raise VocError("This import has already been started; upload the file again.")
        _check_mapping(job, mapping, default_metric)
        job.mapping = mapping
        job.default_metric = default_metric
        job.all_or_nothing = all_or_nothing
        job.mode, job.cases_from = mode, cases_from
        job.naive_in_reporting_zone = naive_in_reporting_zone
        job.save(
            update_fields=["mapping", "default_metric", "all_or_nothing", "mode", "cases_from",
                           "naive_in_reporting_zone"]
        )  # fmt: skip
        ImportMappingPreference.objects.update_or_create(
            user=by,
            defaults={"mapping": mapping, "delimiter": job.delimiter,
                      "default_metric": default_metric,
                      "naive_in_reporting_zone": naive_in_reporting_zone},
        )  # fmt: skip
        if background is None:
            background = job.size_bytes > settings.CXGOV_VOC_IMPORT_BACKGROUND_BYTES
        if background:
            _run_after_commit(job.pk)
    if not background:
        job = import_job_run(job_id=job.pk)
    return job


def _check_mapping(job: ImportJob, mapping: dict[str, str], default_metric: Metric | None) -> None:
    """The mapping against the staged file's header, as the import will read it (raises
    ImportRejected naming what is wrong): the run and a worker's preview ask it alike."""
    with job.file.open("rb") as source:
        responses.resolve_mapping(
            responses.read_head(source, delimiter=job.delimiter or None).header,
            mapping,
            default_metric=default_metric,
        )


def import_job_run(*, job_id: int) -> ImportJob:
    """Run (or re-run) an import job. Safe to call twice: a job that succeeded is left as is."""
    # The run holds its job (on PostgreSQL, a lock of its session) from before it is marked
    # running until it ends, so import_jobs_abandoned_fail tells a live run from a dead one.
    reporter = _ProgressReporter(job_id)
    try:
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job_id)
            if job.status != ImportStatus.SUCCEEDED:
                _transition(job, ImportStatus.RUNNING)
                job.attempts += 1
                job.started_at = timezone.now()
                job.progress = 0
                job.save(update_fields=["status", "attempts", "started_at", "progress"])
    except BaseException:
        reporter.close()
        raise
    if job.status == ImportStatus.SUCCEEDED:
        reporter.close()
        return job

    watermark = response_watermark()

    def record_success(result: ImportResult) -> None:
        # Inside the import's transaction: the data, its rollups, the closed-loop cases of its
        # detractors and this record commit together.
        rollup_refresh_touched(result.touched)
        if result.inserted:
            comments_analyse(after_id=watermark, touched=result.touched, added=result.inserted)
        _open_cases(job, result, watermark)
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
                naive_in_reporting_zone=job.naive_in_reporting_zone,
                numbering=_numbering(job),
                progress=reporter,
                after_insert=record_success,
            )
    except ImportRejected as refusal:
        _refuse(job, refusal)
    finally:
        reporter.close()
    return job


# Why a job cannot run again, by its status (a failed one can; an abandoned one is failed first).
NOT_AGAIN = {
    ImportStatus.PENDING: "This import is already queued to run; this page follows it.",
    ImportStatus.RUNNING: "This import is running now; wait for it to finish.",
    ImportStatus.SUCCEEDED: "This import finished; there is nothing to run again.",
    ImportStatus.REFUSED: "A refused file is not kept; fix it and upload it again.",
}


def import_job_run_again(*, by: Any, job: ImportJob) -> ImportJob:
    """Queue a failed import to run again, through the outbox like a new run (a broker that
    is down delays it, never loses it), for those who may import. An import still shown
    running whose run has ended (its worker killed, not yet marked by
    import_jobs_abandoned_fail) is failed first, so it can run again too. The job is reset to
    pending: a second click, while it waits or runs, is refused. Nothing of the failed run
    was kept (an import commits all at once); the new run skips what is already stored."""
    can_import_responses.enforce(by)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status == ImportStatus.RUNNING and _abandoned(
            job, timezone.now() - IMPORT_TIME_LIMIT
        ):
            _transition(job, ImportStatus.FAILED)
        if job.status != ImportStatus.FAILED:
            raise VocError(NOT_AGAIN[ImportStatus(job.status)], field="status")
        if not job.file:
            raise VocError("This import's file is no longer kept; upload it again.", field="file")
        _transition(job, ImportStatus.PENDING)
        job.progress = job.processed_rows = 0
        job.message = ""
        job.finished_at = None
        job.save(update_fields=["status", "progress", "processed_rows", "message", "finished_at"])
        _run_after_commit(job.pk)
    return job


def _refuse(job: ImportJob, refusal: ImportRejected) -> None:
    """Record a refused file and keep nothing else: the job row stays as its log line (status,
    message, problems) and the stored file is deleted once that record commits."""
    with transaction.atomic():
        job.refresh_from_db(fields=["status"])
        _transition(job, ImportStatus.REFUSED)
        name, storage = job.file.name, job.file.storage
        job.file = ""
        job.errors = refusal.errors
        job.error_count = refusal.error_count
        job.message = refusal.message
        job.finished_at = timezone.now()
        job.save(
            update_fields=["status", "file", "errors", "error_count", "message", "finished_at"]
        )
        if name:
            transaction.on_commit(lambda: storage.delete(name))


# An import's hard time limit on a worker (voc.tasks): a run older than that has ended.
IMPORT_TIME_LIMIT = dt.timedelta(hours=4)
# The advisory lock's first key on PostgreSQL (the second is the job's id): "import run".
RUN_LOCK = 0x1A0B


def import_jobs_abandoned_fail(*, now: dt.datetime | None = None) -> int:
    """Mark failed the jobs still shown running whose run has ended without saying so (its
    worker killed, its machine gone): nothing of theirs was kept, since an import commits all
    at once, and they can run again. On PostgreSQL a run holds its job's lock for as long as
    its session lives, so a job nobody holds is abandoned; on SQLite, one running past the
    import's time limit. Periodic (voc.tasks), safe to run twice; returns how many failed."""
    cutoff = (now or timezone.now()) - IMPORT_TIME_LIMIT
    running = ImportJob.objects.filter(status=ImportStatus.RUNNING)
    failed = 0
    for job_id in running.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            job = running.select_for_update(skip_locked=True).filter(pk=job_id).first()
            if job is None or not _abandoned(job, cutoff):
                continue
            _transition(job, ImportStatus.FAILED)
            job.message = (
                "The import stopped before it finished (its worker ended); nothing from it was "
                "kept. Run it again from its page (responses already stored are skipped), or "
                "upload the file again."
            )
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "message", "finished_at"])
            failed += 1
    return failed


def _abandoned(job: ImportJob, cutoff: dt.datetime) -> bool:
    if connection.vendor != "postgresql":
        return job.started_at is not None and job.started_at < cutoff
    with connection.cursor() as cursor:  # released when this transaction ends
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [RUN_LOCK, job.pk])
        return cursor.fetchone()[0]


def _numbering(job: ImportJob) -> responses.Numbering:
    return responses.RECORDS if job.format == ImportFormat.JSON else responses.ROWS


def _open_cases(job: ImportJob, result: ImportResult, watermark: int) -> None:
    """The closed-loop cases of the responses the import added: none for history, and for a
    live import only those given from its cut-off on."""
    if result.inserted and job.mode == ImportMode.LIVE:
        result.cases_opened = cases_open(after_id=watermark, responded_from=job.cases_from)


def import_dry_run(
    *,
    by: Any,
    job: ImportJob,
    mapping: dict[str, str],
    default_metric: Metric | None = None,
    all_or_nothing: bool = True,
    mode: str = ImportMode.LIVE,
    cases_from: dt.datetime | None = None,
    naive_in_reporting_zone: bool = False,
) -> ImportResult:
    """What starting a staged job with these choices would do, and nothing kept: the rows it
    would import and skip, its problems, and the closed-loop cases it would open. The real
    import runs and is rolled back, so the count follows the very rules the import follows.
    Raises ImportRejected (or VocError on an option) as the import would."""
    can_import_responses.enforce(by)
    return _dry_run(
        job=job, mapping=mapping, default_metric=default_metric, all_or_nothing=all_or_nothing,
        mode=mode, cases_from=cases_from, naive_in_reporting_zone=naive_in_reporting_zone,
    )  # fmt: skip


def _dry_run(
    *, job, mapping, default_metric, all_or_nothing, mode, cases_from, naive_in_reporting_zone
) -> ImportResult:
    trial = ImportJob(
        format=job.format, mode=mode, cases_from=import_cases_from(mode=mode, cases_from=cases_from)
    )
    with transaction.atomic():
        watermark = response_watermark()
        with job.file.open("rb") as source:
            result = responses.import_responses(
                source=source,
                mapping=mapping,
                delimiter=job.delimiter or None,
                default_metric=default_metric,
                all_or_nothing=all_or_nothing,
                naive_in_reporting_zone=naive_in_reporting_zone,
                numbering=_numbering(trial),
                after_insert=lambda result: _open_cases(trial, result, watermark),
            )
        transaction.set_rollback(True)
    return result


def import_dry_run_queue(
    *,
    by: Any,
    job: ImportJob,
    mapping: dict[str, str],
    default_metric: Metric | None = None,
    all_or_nothing: bool = True,
    mode: str = ImportMode.LIVE,
    cases_from: dt.datetime | None = None,
    naive_in_reporting_zone: bool = False,
) -> ImportJob:
    """A large file's preview: the same dry run, counted on a worker (a file too large to
    import while the page waits is too large to count while it waits), and kept on the job
    for its page to show. A newer preview replaces an older one still counting."""
    can_import_responses.enforce(by)
    cases_from = import_cases_from(mode=mode, cases_from=cases_from)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportStatus.PENDING or job.mapping:
            raise VocError("This import has already been started; upload the file again.")
        _check_mapping(job, mapping, default_metric)
        token = uuid.uuid4().hex
        job.dry_run = {
            "token": token,
            "state": "counting",
            "queued_at": timezone.now().isoformat(),
            "choices": {
                "mapping": mapping,
                "default_metric": default_metric.pk if default_metric else None,
                "all_or_nothing": all_or_nothing,
                "mode": mode,
                "cases_from": cases_from.isoformat() if cases_from else None,
                "naive_in_reporting_zone": naive_in_reporting_zone,
            },
        }
        job.save(update_fields=["dry_run"])
        outbox.enqueue(IMPORT_DRY_RUN, job.pk, token)
    return job


def import_dry_run_count(*, job_id: int, token: str) -> str:
    """The worker's side of import_dry_run_queue: count, and keep the outcome if the job still
    waits for this very preview (not one started since, or previewed again)."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or not job.dry_run or job.dry_run.get("token") != token:
        return "stale"
    choices = job.dry_run["choices"]
    try:
        result = _dry_run(
            job=job,
            mapping=choices["mapping"],
            default_metric=Metric.objects.filter(pk=choices["default_metric"]).first(),
            all_or_nothing=choices["all_or_nothing"],
            mode=choices["mode"],
            cases_from=dt.datetime.fromisoformat(choices["cases_from"])
            if choices["cases_from"]
            else None,
            naive_in_reporting_zone=choices["naive_in_reporting_zone"],
        )
    except ImportRejected as refusal:
        outcome = {
            "state": "refused",
            "refusal": {"message": refusal.message, "error_count": refusal.error_count,
                        "errors": refusal.errors[:20]},
        }  # fmt: skip
    else:
        outcome = {
            "state": "done",
            "result": {name: getattr(result, name) for name in DRY_RUN_COUNTS},
        }
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if not job.dry_run or job.dry_run.get("token") != token:
            return "stale"
        job.dry_run = {**job.dry_run, **outcome, "counted_at": timezone.now().isoformat()}
        job.save(update_fields=["dry_run"])
    return outcome["state"]


# What a counted preview keeps of the dry run's result.
DRY_RUN_COUNTS = ("total_rows", "inserted", "skipped", "error_count", "cases_opened")


def _record(job: ImportJob, result: ImportResult, status: str) -> None:
    _transition(job, status)
    job.total_rows = result.total_rows
    job.inserted_rows = result.inserted
    job.processed_rows = result.total_rows
    job.cases_opened = result.cases_opened
    job.skipped_rows = result.skipped
    job.error_count = result.error_count
    job.errors = result.errors
    job.progress = 100
    job.finished_at = timezone.now()
    skipped = f", {result.skipped} already stored" if result.skipped else ""
    wrong = (
        f", {result.error_count} problem{pluralize(result.error_count)} left out"
        if result.error_count
        else ""
    )
    if job.mode == ImportMode.HISTORY:
        cases = " A history import: no closed-loop case opened."
    elif result.cases_opened:
        cases = (
            f" {result.cases_opened} closed-loop case{pluralize(result.cases_opened)} opened "
            "for detractors' comments from "
            f"{timezone.localtime(job.cases_from):%-d %b %Y %H:%M} on."
        )
    else:
        cases = ""
    unit = ("record" if job.format == ImportFormat.JSON else "response") + pluralize(
        result.total_rows
    )
    job.message = (
        f"Imported {result.inserted} of {result.total_rows} {unit}{skipped}{wrong}.{cases}"
    )


class _ProgressReporter:
    """Writes a job's percent done and rows read, when the percentage moves (at most a
    hundred writes an import), where the page polling the job can read them.

    On PostgreSQL the import runs in one transaction, so progress goes through a second
    connection. On SQLite the importer reads and checks the rows before its writing
    transaction begins (voc.services.responses._BatchImport), so each write commits at once;
    inside a caller's transaction (a test's) there is no one to tell.
    """

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.last_percent = -1
        self.side = (
            connections.create_connection("default") if connection.vendor == "postgresql" else None
        )
        if self.side is not None:
            # Held by this session until the run ends or its process dies (waiting, if a check
            # for abandoned jobs holds it this moment, or another run of the same job does).
            with self.side.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s, %s)", [RUN_LOCK, job_id])

    def __call__(self, fraction: float, rows: int | None = None) -> None:
        percent = int(99 * fraction)
        if percent == self.last_percent:
            return
        self.last_percent = percent
        if self.side is not None:
            with self.side.cursor() as cursor:
                cursor.execute(
                    "UPDATE voc_importjob SET progress = %s, "
                    "processed_rows = COALESCE(%s, processed_rows) WHERE id = %s",
                    [percent, rows, self.job_id],
                )
        elif not connection.in_atomic_block:
            changes: dict[str, int] = {"progress": percent}
            if rows is not None:
                changes["processed_rows"] = rows
            ImportJob.objects.filter(pk=self.job_id).update(**changes)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
