"""Meetings are generated ahead from each cadence, never twice; one can move or be cancelled
without breaking the series."""

import datetime as dt

import pytest
from django.db import IntegrityError
from django_celery_beat.models import PeriodicTask

from cxgov.celery import app as celery_app
from governance import services
from governance.models import AgendaItem, Meeting, MeetingSettings, MeetingStatus, Tier
from governance.tasks import meetings_generate
from tests.governance.factories import CadenceFactory

JAN = dt.date(2026, 1, 1)


@pytest.fixture
def monthly(structure):
    return CadenceFactory(body=structure["steering"])


def test_generation_creates_the_series_up_to_the_horizon_with_the_tiers_agenda(monthly):
    assert services.meetings_generate(on=JAN, horizon_days=90) == 3  # 13 Jan, 10 Feb, 10 Mar
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert [m.occurrence for m in meetings] == [
        dt.date(2026, 1, 13),
        dt.date(2026, 2, 10),
        dt.date(2026, 3, 10),
    ]
    agenda = list(meetings[0].agenda_items.values_list("title", "time_box_minutes"))
    assert agenda == [
        ("Review KPIs and customer insight", 20),
        ("Initiative updates", 20),
        ("Obstacles and escalations", 15),
        ("Decisions needed", 20),
        ("Success stories", 10),
        ("Next steps", 5),
    ]
    assert meetings[0].local_start.hour == 9 and meetings[0].duration_minutes == 90


def test_generating_twice_creates_nothing_more(monthly):
    services.meetings_generate(on=JAN, horizon_days=90)
    assert services.meetings_generate(on=JAN, horizon_days=90) == 0
    assert Meeting.objects.count() == 3
    assert AgendaItem.objects.count() == 3 * 6


def test_the_database_refuses_a_second_meeting_for_one_occurrence(monthly):
    services.meetings_generate(on=JAN, horizon_days=31)
    first = Meeting.objects.get()
    with pytest.raises(IntegrityError):
        Meeting.objects.create(
            body=first.body,
            cadence=monthly,
            occurrence=first.occurrence,
            starts_at=first.starts_at,
            time_zone="Europe/London",
        )


def test_the_horizon_is_the_admins_setting(monthly):
    MeetingSettings.objects.update_or_create(pk=1, defaults={"horizon_days": 40})
    assert services.meetings_generate(on=JAN) == 2  # 13 Jan, 10 Feb


def test_a_moved_meeting_stays_moved_and_is_not_generated_again(monthly, admin_user):
    services.meetings_generate(on=JAN, horizon_days=31)
    meeting = Meeting.objects.get()
    later = meeting.starts_at + dt.timedelta(days=2, hours=3)
    services.meeting_update(meeting=meeting, by=admin_user, data={"starts_at": later})
    assert services.meetings_generate(on=JAN, horizon_days=90) == 2
    meeting.refresh_from_db()
    assert meeting.starts_at == later and meeting.is_moved and meeting.sequence == 1
    assert Meeting.objects.filter(occurrence=dt.date(2026, 1, 13)).count() == 1


def test_a_cancelled_meeting_is_not_generated_again_and_the_series_goes_on(
    monthly, admin_user, settings
):
    services.meetings_generate(on=dt.date.today(), horizon_days=70)
    first = Meeting.objects.order_by("starts_at").first()
    services.meeting_cancel(meeting=first, by=admin_user, reason="Board away day")
    services.meetings_generate(on=dt.date.today(), horizon_days=100)
    assert Meeting.objects.filter(occurrence=first.occurrence).get().status == (
        MeetingStatus.CANCELLED
    )
    assert Meeting.objects.filter(status=MeetingStatus.SCHEDULED).count() >= 2


def test_a_disbanded_bodys_cadence_generates_nothing(structure, admin_user):
    cadence = CadenceFactory(body=structure["complaints"])
    services.body_disband(body=cadence.body, by=admin_user, on=dt.date.today())
    assert services.meetings_generate(on=JAN, horizon_days=90) == 0


def test_working_groups_get_their_tiers_agenda(structure):
    CadenceFactory(
        body=structure["onboarding"], frequency="biweekly", weekday=3, week_of_month=None
    )
    services.meetings_generate(on=JAN, horizon_days=13)
    meeting = Meeting.objects.get()
    assert meeting.body.tier == Tier.WORKING_GROUP
    assert meeting.agenda_items.first().time_box_minutes == 10


def test_the_daily_job_is_declared_once_and_runs_the_generation(monthly):
    job = PeriodicTask.objects.get(task="governance.meetings_generate")
    assert job.enabled and (job.crontab.hour, job.crontab.minute) == ("0", "15")
    assert {"governance.meeting_reminders_send", "governance.action_item_reminders_send"} <= set(
        PeriodicTask.objects.values_list("task", flat=True)
    )
    assert "governance.meetings_generate" in celery_app.tasks
    first = meetings_generate.apply().get()
    assert first["created"] >= 1
    assert meetings_generate.apply().get() == {"created": 0}
