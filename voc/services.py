"""voc writes: response imports (as jobs a page or the API starts and watches) and the rollup.

An import is one transaction from the first row to the job's record of success, with the
rollup refresh of the periods it touched inside it: a refused file or a killed worker leaves
neither responses nor rollup rows nor a "succeeded" job behind, and the job can run again.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import connection, connections, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from cxgov.dates import today as cxgov_today
from cxgov.errors import DomainError
from cxgov.services import model_update, validated_save

from . import importing, selectors
from .importing import ImportRejected, ImportResult
from .models import (
    Alert,
    AlertKind,
    DimensionKind,
    Granularity,
    ImportJob,
    ImportMappingPreference,
    ImportStatus,
    KpiRollup,
    KpiTarget,
    Metric,
    MetricKind,
    OperationalValue,
    TargetStatus,
)
from .models.imports import ImportFormat
from .permissions import can_enter_operational_values, can_import_responses, can_manage_targets
from .rollups import operational_refresh, period_start, rollup_refresh_touched


class VocError(DomainError):
    """A voice-of-the-customer rule refused an action."""


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
    if delimiter and delimiter not in importing.DELIMITERS:
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
            from .tasks import import_job_run_task

            transaction.on_commit(lambda: import_job_run_task.delay(job.pk))
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
    if delimiter and delimiter not in importing.DELIMITERS:
        raise ImportRejected("The delimiter must be a comma, semicolon, tab or vertical bar.")
    file.seek(0, 2)
    if file.tell() == 0:
        raise ImportRejected("The file is empty.")
    importing.inspect_file(file, delimiter=delimiter or None)
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
            importing.resolve_mapping(
                importing.read_head(source, delimiter=job.delimiter or None).header,
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
            from .tasks import import_job_run_task

            job_id = job.pk
            transaction.on_commit(lambda: import_job_run_task.delay(job_id))
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
    from .case_services import cases_open, response_watermark

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


# -- Alerts -----------------------------------------------------------------------------------


def alerts_raise(*, on: dt.date | None = None) -> int:
    """The nightly check: raise an alert when a KPI crosses into off track against its target,
    or when the change from one period to the next is outside the noise (its 95% interval
    excludes zero). Each alert exists once per metric, scope, period and kind (a unique
    constraint), so running twice, or on two workers at once, raises nothing new.
    Returns the number of alerts raised."""
    on = on or cxgov_today()
    alerts: list[Alert] = []
    readings = selectors.targets_with_status(KpiTarget.objects.all(), on=on)
    for reading in readings:
        if (
            reading.status == TargetStatus.OFF_TRACK
            and reading.previous_status != TargetStatus.OFF_TRACK
        ):
            alerts.append(_off_track_alert(reading))
    # Changes: every target's scope, and every scored metric overall, month on month.
    series = {selectors._series(r.target) for r in readings}
    series |= {
        (m.pk, Granularity.MONTH, DimensionKind.OVERALL, 0)
        for m in Metric.objects.exclude(kind=MetricKind.OPERATIONAL)
    }
    for key, (latest, previous) in selectors.latest_two(sorted(series), on=on).items():
        if latest is None or previous is None:
            continue
        change = selectors.change_between(previous, latest)
        if change is None or change.small_sample or not change.excludes_zero:
            continue
        alerts.append(_change_alert(key, previous, latest, change))
    # Each new alert is marked for the steering committee's next meeting; with none scheduled
    # it stays unmarked and waits in selectors.alerts_not_yet_seen.
    meeting = selectors.steering_next_meeting() if alerts else None
    for alert in alerts:
        alert.meeting = meeting
    before = Alert.objects.count()
    Alert.objects.bulk_create(alerts, ignore_conflicts=True)
    return Alert.objects.count() - before


def _period_label(row: KpiRollup) -> str:
    formats = {"day": "%d %b %Y", "week": "week of %d %b %Y", "month": "%B %Y"}
    if row.granularity == Granularity.QUARTER:
        return f"Q{(row.period_start.month - 1) // 3 + 1} {row.period_start.year}"
    return row.period_start.strftime(formats[row.granularity])


def _off_track_alert(reading: selectors.TargetReading) -> Alert:
    target, row = reading.target, reading.latest
    scope = selectors.scope_name(target.dimension_kind, target.dimension_id)
    return Alert(
        metric=target.metric,
        dimension_kind=target.dimension_kind,
        dimension_id=target.dimension_id,
        granularity=row.granularity,
        period_start=row.period_start,
        kind=AlertKind.OFF_TRACK,
        target=target,
        message=(
            f"{target.metric.name} ({scope}) is off track in {_period_label(row)}: "
            f"{row.score:.1f} (95% interval {row.low:.1f} to {row.high:.1f}) against "
            f"{reading.expected:.1f} expected on the way to {target.target_value:g} by "
            f"{target.target_date:%d %b %Y}."
            if row.low is not None
            else f"{target.metric.name} ({scope}) is off track in {_period_label(row)}: "
            f"{row.score:.1f} against {reading.expected:.1f} expected."
        ),
    )


def _change_alert(key, previous: KpiRollup, latest: KpiRollup, change) -> Alert:
    metric = latest.metric
    scope = selectors.scope_name(latest.dimension_kind, latest.dimension_id)
    # A change in NPS or in a share is in points; a mean's change is in its own unit.
    unit = (
        " points"
        if metric.estimator in ("nps", "share")
        else (f" {metric.unit}" if metric.unit else "")
    )
    return Alert(
        metric=metric,
        dimension_kind=latest.dimension_kind,
        dimension_id=latest.dimension_id,
        granularity=latest.granularity,
        period_start=latest.period_start,
        kind=AlertKind.OUTSIDE_NOISE,
        message=(
            f"{metric.name} ({scope}) {'rose' if change.value > 0 else 'fell'} "
            f"{abs(change.value):.1f}{unit} from {_period_label(previous)} to "
            f"{_period_label(latest)}, outside the noise (95% interval of the change "
            f"{change.low:.1f} to {change.high:.1f})."
        ),
    )


# -- Operational figures -------------------------------------------------------------------------


@transaction.atomic
def operational_value_record(
    *,
    by: Any,
    metric: Metric,
    granularity: str,
    period_start_on: dt.date,
    value: float,
    note: str = "",
) -> OperationalValue:
    """Enter (or correct) an operational metric's figure for one period; its rollup row
    follows in the same transaction."""
    can_enter_operational_values.enforce(by)
    if metric.kind != MetricKind.OPERATIONAL:
        raise VocError(
            f"{metric.name} is scored by customers: its values come from responses.",
            field="metric",
        )
    if granularity not in Granularity.values:
        raise VocError(f"'{granularity}' is not a period: day, week, month or quarter.",
                       field="granularity")  # fmt: skip
    if period_start(period_start_on, granularity) != period_start_on:
        raise VocError(
            f"{period_start_on:%d %b %Y} does not begin a {granularity}; "
            f"the {granularity} containing it begins on "
            f"{period_start(period_start_on, granularity):%d %b %Y}.",
            field="period_start_on",
        )
    # The model's field rules (the program's dates, a plain one-line note) before writing.
    OperationalValue(
        metric=metric,
        granularity=granularity,
        period_start=period_start_on,
        value=value,
        note=note,
        entered_by=by,
    ).full_clean(validate_unique=False, validate_constraints=False)
    entered, _ = OperationalValue.objects.update_or_create(
        metric=metric,
        granularity=granularity,
        period_start=period_start_on,
        defaults={"value": value, "note": note, "entered_by": by},
    )
    operational_refresh(metric=metric)
    return entered


# -- KPI targets ----------------------------------------------------------------------------------

# What an existing target may change: its numbers, dates, period and note. Its success
# statement, metric and scope say what the target is about: remove it and set a new one.
TARGET_FIELDS = (
    "granularity",
    "baseline_value",
    "baseline_period_start",
    "target_value",
    "target_date",
    "note",
)
TARGET_FIXED = ("success_statement", "metric", "dimension_kind", "dimension_id")


@transaction.atomic
def target_create(
    *,
    by: Any,
    success_statement: Any,
    metric: Metric,
    dimension_kind: str = DimensionKind.OVERALL,
    dimension_id: int = 0,
    granularity: str = Granularity.MONTH,
    baseline_value: float,
    baseline_period_start: dt.date,
    target_value: float,
    target_date: dt.date,
    note: str = "",
) -> KpiTarget:
    """Set a KPI target on a success statement: the metric, its scope (overall, or one
    touchpoint's, channel's, segment's or business unit's), the baseline with the first day
    of its period, and the value to reach by a date. The model's rules refuse the rest."""
    can_manage_targets.enforce(by)
    target = KpiTarget(
        success_statement=success_statement,
        metric=metric,
        dimension_kind=dimension_kind or DimensionKind.OVERALL,
        dimension_id=dimension_id or 0,
        granularity=granularity,
        baseline_value=baseline_value,
        baseline_period_start=baseline_period_start,
        target_value=target_value,
        target_date=target_date,
        note=(note or "").strip(),
    )
    target._history_user = by  # the history names who set it, from a page, the API or a task
    return validated_save(target)


@transaction.atomic
def target_update(*, target: KpiTarget, by: Any, data: dict[str, Any]) -> KpiTarget:
    """Change a target's values, dates, period or note. Its statement, metric and scope stay:
    remove the target and set a new one to measure something else."""
    can_manage_targets.enforce(by, target)
    fixed = {
        name: f"A target keeps its {name.replace('_', ' ')}; remove it and set a new one."
        for name in TARGET_FIXED
        if name in data and data[name] != getattr(target, name)
    }
    if fixed:
        raise ValidationError(fixed)
    data = {k: v for k, v in data.items() if k not in TARGET_FIXED}
    if "note" in data:
        data["note"] = (data["note"] or "").strip()
    target._history_user = by
    return model_update(instance=target, fields=TARGET_FIELDS, data=data)[0]


@transaction.atomic
def target_delete(*, target: KpiTarget, by: Any) -> None:
    """Remove a target no initiative links to (a link is the initiative's promise to move it:
    unlink those first)."""
    can_manage_targets.enforce(by, target)
    target._history_user = by
    try:
        target.delete()
    except ProtectedError as refusal:
        count = len({getattr(o, "initiative_id", o.pk) for o in refusal.protected_objects})
        who = "1 initiative links" if count == 1 else f"{count} initiatives link"
        raise VocError(
            f"{who} to this target: remove the link{'s' if count != 1 else ''} on the "
            f"initiative{'s' if count != 1 else ''} first, then remove the target.",
            field="target",
        ) from refusal
