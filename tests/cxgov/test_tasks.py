"""`cxgov.tasks.Job`, the one options base: every task of the project uses it, and a transient
error is retried while a domain refusal is not."""

from __future__ import annotations

import smtplib

import pytest
from celery import shared_task
from django.db import OperationalError

from cxgov.celery import app
from cxgov.errors import DomainError
from cxgov.tasks import TRANSIENT_ERRORS, Job

OURS = ("cxgov.", "governance.", "portfolio.", "voc.")

attempts: list[str] = []


@shared_task(base=Job, name="tests.flaky")
def flaky(error: str) -> int:
    attempts.append(error)
    if len(attempts) < 3:
        raise {"database": OperationalError, "smtp": smtplib.SMTPServerDisconnected}[error](
            "gone for a moment"
        )
    return len(attempts)


@shared_task(base=Job, name="tests.refused")
def refused() -> None:
    attempts.append("refused")
    raise DomainError("not allowed")


@pytest.fixture(autouse=True)
def _fresh():
    attempts.clear()
    app.loader.import_default_modules()


def test_every_task_of_the_project_uses_the_base():
    tasks = {name: task for name, task in app.tasks.items() if name.startswith(OURS)}
    assert len(tasks) >= 10
    for name, task in tasks.items():
        assert isinstance(task, Job), name
        assert task.acks_late and task.reject_on_worker_lost, name
        assert task.time_limit and task.soft_time_limit < task.time_limit, name
        assert tuple(task.autoretry_for) == TRANSIENT_ERRORS, name
        assert task.retry_backoff and task.retry_jitter, name


@pytest.mark.parametrize("error", ["database", "smtp"])
def test_a_transient_error_is_retried_until_it_passes(error):
    assert flaky.apply(args=[error]).get() == 3
    assert attempts == [error] * 3


def test_a_domain_refusal_is_not_retried():
    result = refused.apply()
    assert isinstance(result.result, DomainError)
    assert attempts == ["refused"]
