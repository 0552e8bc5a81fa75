"""Portfolio's Celery tasks: thin, idempotent doors onto services."""

from celery import shared_task

from cxgov.tasks import Job

from . import services


@shared_task(
    base=Job,
    name="portfolio.initiative_permissions_sync",
    time_limit=600,
    soft_time_limit=540,
)
def initiative_permissions_sync() -> dict[str, int]:
    """Nightly: members edit their groups' initiatives exactly while their seats last."""
    granted, revoked = services.initiative_permissions_sync()
    return {"granted": granted, "revoked": revoked}


@shared_task(
    base=Job,
    name="portfolio.stale_reminders_send",
    time_limit=900,
    soft_time_limit=840,
)
def stale_reminders_send() -> dict[str, int]:
    """Daily: owners of initiatives gone quiet hear once per stale period (safe to run twice)."""
    from .services import stale_reminders_send as send

    return {"sent": send()}
