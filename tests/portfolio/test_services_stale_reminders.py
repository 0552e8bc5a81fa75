"""Stale-update reminders: once per stale period, through the notification log, however often
the job runs; a new update starts the count again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from cxgov.models import Notification
from portfolio import services
from portfolio.models import Status
from portfolio.services import STALE_REMINDER, stale_reminders_send

DAY = dt.date(2026, 6, 1)


@pytest.fixture
def quiet(make_initiative, settings):
    settings.CXGOV_PORTFOLIO_STALE_DAYS = 14
    return make_initiative(status=Status.IN_PROGRESS, title="Welcome calls", last_update_on=DAY)


def reminders(initiative) -> list[Notification]:
    return list(Notification.objects.filter(kind=STALE_REMINDER, recipient=initiative.owner))


def test_nobody_is_reminded_before_the_period_ends(quiet):
    assert stale_reminders_send(on=DAY + dt.timedelta(days=14)) == 0
    assert reminders(quiet) == []


def test_the_owner_is_reminded_once_per_stale_period(quiet, deliver):
    first = DAY + dt.timedelta(days=15)
    with deliver():
        assert stale_reminders_send(on=first) == 1
        assert stale_reminders_send(on=first) == 0  # beat fired twice
        assert stale_reminders_send(on=first + dt.timedelta(days=5)) == 0  # same period
        assert stale_reminders_send(on=DAY + dt.timedelta(days=28)) == 1  # the next period
    sent = reminders(quiet)
    assert len(sent) == 2
    assert sent[-1].subject == "Welcome calls: no status update for 15 days"
    assert sent[-1].link == quiet.get_absolute_url()
    assert [m.subject for m in mail.outbox] == [n.subject for n in reversed(sent)]


def test_an_update_starts_the_count_again(quiet, program):
    assert stale_reminders_send(on=DAY + dt.timedelta(days=15)) == 1
    services.status_update_create(
        by=program.member, initiative=quiet, health="green", progress=30, summary="Back on it."
    )
    assert stale_reminders_send() == 0  # heard of today
    assert len(reminders(quiet)) == 1


def test_only_initiatives_in_progress_remind(quiet, make_initiative):
    make_initiative(status=Status.ON_HOLD, last_update_on=DAY - dt.timedelta(days=90))
    make_initiative(status=Status.APPROVED, last_update_on=DAY - dt.timedelta(days=90))
    assert stale_reminders_send(on=DAY + dt.timedelta(days=15)) == 1


def test_the_daily_job_is_declared_and_sends(quiet):
    from django_celery_beat.models import PeriodicTask

    from portfolio.tasks import stale_reminders_send as task

    job = PeriodicTask.objects.get(task="portfolio.stale_reminders_send")
    assert (job.crontab.hour, job.crontab.minute, job.enabled) == ("7", "0", True)
    assert task.apply().get() == {"sent": 1}  # DAY was long ago: stale today
    assert task.apply().get() == {"sent": 0}
