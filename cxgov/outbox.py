"""The outbox: every Celery task queued by an action goes through `enqueue`, so a broker that is
down loses no job.

`enqueue(task, *args)` writes an `OutboxMessage` row in the caller's transaction (the action
and its job commit together, or neither does) and, once that transaction commits, hands the
message to the broker and deletes the row. When the broker cannot take it (Redis down or
restarting), the row stays and the action still succeeds: `waiting(task, *args)` lets a page
tell the person the work will run later. Waiting rows are sent by `drain`: after the next
enqueue that reaches the broker, and by the periodic job `cxgov.outbox_drain` (beat's own
message gets through once the broker is back).

A message may reach the broker twice (sent, then the process dies before its row is
deleted, or two drains at once on SQLite, which has no row locks); every task is idempotent
(cxgov.tasks.Job), so the second run repeats nothing. None is lost.

This module imports no app; tasks are reached by their registered names.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery import current_app
from django.db import transaction
from django.db.models import F
from kombu.exceptions import OperationalError as BrokerError

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# What a broker that is down or unreachable raises when a message is published.
BROKER_ERRORS: tuple[type[BaseException], ...] = (BrokerError, ConnectionError, TimeoutError)

DRAIN_BATCH = 500


def enqueue(task: str, *args: Any) -> OutboxMessage:
    """Queue `task(*args)` (JSON arguments) for after the caller's transaction commits; kept
    in the outbox until the broker takes it. An unregistered task name is refused at once."""
    current_app.tasks[task]  # KeyError (NotRegistered) now, not when the broker is back
    message = OutboxMessage.objects.create(task=task, args=list(args))
    transaction.on_commit(lambda: _after_commit(message.pk))
    return message


def _after_commit(message_id: int) -> None:
    try:
        with _broker() as producer:
            if _send(message_id, producer):
                _send_all(_waiting_ids(DRAIN_BATCH), producer)  # what waited for the broker
    except BROKER_ERRORS as refusal:
        _refused([message_id], refusal)


@contextmanager
def _broker() -> Iterator[Any | None]:
    """A producer on a fresh connection to the broker, or BrokerError at once (one quick retry,
    no backoff): a page never waits on a broker that is down, the outbox is the retry. None
    when tasks run eagerly, in this process (a test's `deliver`), where no broker is asked."""
    if current_app.conf.task_always_eager:
        yield None
        return
    with current_app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)
        yield connection.Producer()


def _refused(message_ids: list[int], refusal: BaseException) -> None:
    OutboxMessage.objects.filter(pk__in=message_ids).update(
        attempts=F("attempts") + 1, last_error=f"{type(refusal).__name__}: {refusal}"[:300]
    )
    logger.warning(
        "broker unreachable; %d job(s) kept in the outbox: %s", len(message_ids), refusal
    )


def _send(message_id: int, producer: Any, *, skip_locked: bool = False) -> bool:
    """Hand one waiting message to the broker and delete its row, in one transaction (the row
    locked meanwhile); False when another drain holds it. A broker error propagates."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=skip_locked)
            .filter(pk=message_id)
            .first()
        )
        if message is None:
            return False  # sent by another drain, or being sent by it now
        current_app.tasks[message.task].apply_async(
            args=message.args, producer=producer, retry=False
        )
        message.delete()
        return True


def drain(*, limit: int = DRAIN_BATCH) -> int:
    """Send the waiting messages, oldest first; returns how many this call sent. Safe to run
    twice at once: each message is locked while it is sent."""
    waiting_ids = _waiting_ids(limit)
    if not waiting_ids:
        return 0
    try:
        with _broker() as producer:
            return _send_all(waiting_ids, producer)
    except BROKER_ERRORS as refusal:
        _refused(waiting_ids, refusal)
        return 0


def _waiting_ids(limit: int) -> list[int]:
    return list(OutboxMessage.objects.values_list("pk", flat=True)[:limit])


def _send_all(message_ids: list[int], producer: Any) -> int:
    return sum(_send(message_id, producer, skip_locked=True) for message_id in message_ids)


def waiting(task: str, *args: Any) -> bool:
    """Whether `task(*args)` is queued but has not reached the broker yet."""
    return OutboxMessage.objects.filter(task=task, args=list(args)).exists()
