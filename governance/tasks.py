"""Governance's Celery tasks: thin, idempotent doors onto services."""

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(
    name="governance.body_permissions_sync",
    acks_late=True,
    time_limit=300,
    soft_time_limit=240,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def body_permissions_sync() -> dict[str, int]:
    """Nightly: leads manage their bodies exactly while their seats last."""
    granted, revoked = services.body_permissions_sync()
    return {"granted": granted, "revoked": revoked}
