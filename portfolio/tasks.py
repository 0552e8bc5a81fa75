"""Portfolio's Celery tasks: thin, idempotent doors onto services."""

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(
    name="portfolio.initiative_permissions_sync",
    acks_late=True,
    time_limit=600,
    soft_time_limit=540,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def initiative_permissions_sync() -> dict[str, int]:
    """Nightly: members edit their groups' initiatives exactly while their seats last."""
    granted, revoked = services.initiative_permissions_sync()
    return {"granted": granted, "revoked": revoked}


@shared_task(
    name="portfolio.stale_reminders_send",
    acks_late=True,
    time_limit=900,
    soft_time_limit=840,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def stale_reminders_send() -> dict[str, int]:
    """Daily: owners of initiatives gone quiet hear once per stale period (safe to run twice)."""
    from .services import stale_reminders_send as send

    return {"sent": send()}
