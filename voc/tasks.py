"""voc's Celery tasks: thin, idempotent doors onto services."""

from celery import shared_task

from cxgov.tasks import Job

from . import services


@shared_task(
    base=Job,
    name=services.IMPORT_JOB_RUN,
    time_limit=int(services.IMPORT_TIME_LIMIT.total_seconds()),
    soft_time_limit=int(services.IMPORT_TIME_LIMIT.total_seconds()) - 60,
)
def import_job_run_task(job_id: int) -> str:
    """Run one import job; a job that already succeeded is left alone."""
    return services.import_job_run(job_id=job_id).status


@shared_task(
    base=Job,
    name=services.IMPORT_DRY_RUN,
    time_limit=int(services.IMPORT_TIME_LIMIT.total_seconds()),
    soft_time_limit=int(services.IMPORT_TIME_LIMIT.total_seconds()) - 60,
)
def import_dry_run_task(job_id: int, token: str) -> str:
    """Count what a large file's import would do (its preview), nothing kept but the count."""
    return services.import_dry_run_count(job_id=job_id, token=token)


@shared_task(
    base=Job,
    name="voc.rollup_rebuild",
    time_limit=3 * 3600,
    soft_time_limit=3 * 3600 - 60,
)
def rollup_rebuild_task() -> int:
    """Nightly: recompute every KPI rollup from the responses (the incremental refresh's check)."""
    return services.rollup_rebuild()


@shared_task(
    base=Job,
    name="voc.alerts_raise",
    time_limit=600,
    soft_time_limit=540,
)
def alerts_raise_task() -> int:
    """Nightly, after the rollup: KPIs crossing into off track, changes outside the noise."""
    return services.alerts_raise()


@shared_task(
    base=Job,
    name="voc.case_reminders_send",
    time_limit=1800,
    soft_time_limit=1740,
)
def case_reminders_send_task() -> dict[str, int]:
    """Daily: remind the owner of each overdue closed-loop case, once per case."""
    return {"sent": services.case_reminders_send()}


@shared_task(
    base=Job,
    name="voc.case_escalations_send",
    time_limit=1800,
    soft_time_limit=1740,
)
def case_escalations_send_task() -> dict[str, int]:
    """Daily: overdue cases go to their unit's lead, at twice the service level to the
    steering committee's next pack; each step once per case."""
    return services.case_escalations_send()


@shared_task(
    base=Job,
    name="voc.import_uploads_expire",
    time_limit=600,
    soft_time_limit=540,
)
def import_uploads_expire_task() -> int:
    """Daily: uploads never mapped for a day go, their job rows and their files."""
    return services.import_uploads_expire()


@shared_task(
    base=Job,
    name="voc.import_jobs_abandoned_fail",
    time_limit=300,
    soft_time_limit=240,
)
def import_jobs_abandoned_fail_task() -> int:
    """Every five minutes: imports shown running whose worker died are marked failed."""
    return services.import_jobs_abandoned_fail()


@shared_task(
    base=Job,
    name=services.THEME_APPLY,
    time_limit=3600,
    soft_time_limit=3540,
)
def theme_apply_task(theme_id: int) -> dict[str, int]:
    """After a theme is created or changed: tag exactly the comments its keywords match."""
    return services.theme_apply(theme_id=theme_id)


@shared_task(
    base=Job,
    name=services.COMMENTS_SENTIMENT,
    time_limit=3 * 3600,
    soft_time_limit=3 * 3600 - 60,
)
def comments_sentiment_task(after_id: int) -> dict[str, int]:
    """After a large import: its comments' sentiment, in batches, and their months' rollups."""
    return services.comments_sentiment(after_id=after_id)


@shared_task(
    base=Job,
    name="voc.comments_backfill",
    time_limit=3 * 3600,
    soft_time_limit=3 * 3600 - 60,
)
def comments_backfill_task() -> dict[str, int]:
    """Nightly: every theme over every comment, sentiment for those not scored, rollups."""
    return services.comments_backfill()


@shared_task(
    base=Job,
    name=services.THEMES_SUGGEST,
    time_limit=1800,
    soft_time_limit=1740,
)
def themes_suggest_task() -> int:
    """Find topics in the comments no theme matches; the open suggestions are replaced."""
    return services.themes_suggest()


@shared_task(base=Job, name="voc.promises_check", time_limit=600, soft_time_limit=540)
def promises_check_task() -> dict[str, int]:
    """Daily, after the rollups: tell the core team of each CX promise reality contradicts,
    once per promise and period."""
    return {"sent": services.promises_check()}
