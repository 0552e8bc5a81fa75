"""The program's Celery tasks: thin, idempotent doors onto its services."""

from celery import shared_task

from cxgov.tasks import Job

from . import services


@shared_task(base=Job, name="program.health_snapshots_take", time_limit=600, soft_time_limit=540)
def health_snapshots_take() -> dict[str, int]:
    """Daily: the month's governance-health snapshot of the program and each active body,
    taken on the first run of the month (the next days find it taken; safe to run twice)."""
    return {"taken": services.health_snapshots_take()}
