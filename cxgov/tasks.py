"""Project-wide Celery tasks, and `Job`: the one options base every task in cxgov uses."""

from __future__ import annotations

import smtplib

from celery import Task, shared_task
from django.db import InterfaceError
from django.db import OperationalError as DatabaseError
from kombu.exceptions import OperationalError as BrokerError

from . import chat, digest, notifications, outbox

# Failures that pass: a database restarting or failing over, the broker unreachable for a
# moment, the mail server refusing or timing out. Anything else is a bug or the domain's own
# refusal, and retrying it would only repeat it.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    DatabaseError,
    InterfaceError,
    BrokerError,
    smtplib.SMTPException,
    ConnectionError,
    TimeoutError,
)


class Job(Task):
    """Every task's options, declared once (`@shared_task(base=Job, name=...)`).

    A task is acknowledged only when it finished (acks_late), and put back on the queue when
    its worker dies (reject_on_worker_lost): tasks are idempotent, so a second run repeats
    nothing. Transient errors are retried with exponential backoff and jitter, so workers
    that all failed at once do not all come back at once. A task that needs longer passes its
    own `time_limit` and `soft_time_limit` to `shared_task`.
    """

    abstract = True
    acks_late = True
    reject_on_worker_lost = True
    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = 5  # seconds before the first retry, doubled for each next one
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 5
    time_limit = 300
    soft_time_limit = 240


@shared_task(base=Job, name="cxgov.ping", time_limit=10, soft_time_limit=5, max_retries=0)
def ping(payload: str = "") -> str:
    """Answer with the payload: proves a worker is consuming from the broker."""
    return f"pong:{payload}"


@shared_task(
    base=Job, name=notifications.EMAIL_TASK, max_retries=10, time_limit=60, soft_time_limit=45
)
def notification_email_send(notification_id: int) -> bool:
    """E-mail one logged notification after the transaction that logged it committed; a mail
    server that refuses or times out is retried with backoff (for up to about forty minutes)."""
    return notifications.notification_email_send(notification_id=notification_id)


@shared_task(
    base=Job,
    name=notifications.EMAIL_BATCH_TASK,
    max_retries=10,
    time_limit=900,
    soft_time_limit=840,
)
def notification_emails_send(notification_ids: list[int]) -> int:
    """E-mail many logged notifications (one digest run's batch), each as the single task
    does. One the mail server refuses does not hold back the rest: the task is retried after
    the loop, and the retry sends only those not marked e-mailed."""
    sent, failure = 0, None
    for notification_id in notification_ids:
        try:
            sent += notifications.notification_email_send(notification_id=notification_id)
        except TRANSIENT_ERRORS as error:
            failure = failure or error
    if failure is not None:
        raise failure
    return sent


@shared_task(base=Job, name="cxgov.digests_send", time_limit=1800, soft_time_limit=1700)
def digests_send() -> dict[str, int]:
    """Daily: each person's monthly or weekly digest, once per person and period."""
    return digest.digests_send()


@shared_task(base=Job, name="cxgov.outbox_drain", time_limit=120, soft_time_limit=100)
def outbox_drain() -> int:
    """Every minute: hand the broker the jobs that waited for it in the outbox (cxgov.outbox)."""
    return outbox.drain()


@shared_task(base=Job, name=chat.CHAT_TASK, max_retries=10, time_limit=60, soft_time_limit=45)
def chat_post(notification_id: int) -> bool:
    """Post one logged notice to its chat channel after the transaction that logged it
    committed; a channel that refuses or does not answer is retried with backoff."""
    return chat.chat_post(notification_id=notification_id)
