"""Project-wide Celery tasks."""

from celery import shared_task


@shared_task(name="cxgov.ping", acks_late=True, time_limit=10, max_retries=0)
def ping(payload: str = "") -> str:
    """Answer with the payload: proves a worker is consuming from the broker."""
    return f"pong:{payload}"
