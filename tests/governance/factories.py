"""Factories for meetings: cadences, meetings (with their zone), actions and decisions."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import factory

from governance.models import (
    ActionItem,
    Cadence,
    Decision,
    Frequency,
    Meeting,
    MonthlyRule,
    Tier,
    Weekday,
    WeekOfMonth,
)
from tests.factories import BodyFactory, UserFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")


class CadenceFactory(factory.django.DjangoModelFactory):
    """The steering committee's rhythm: the second Tuesday of each month at 09:00 London."""

    class Meta:
        model = Cadence

    body = factory.SubFactory(BodyFactory, tier=Tier.STEERING_COMMITTEE)
    frequency = Frequency.MONTHLY
    monthly_rule = MonthlyRule.WEEKDAY
    weekday = Weekday.TUESDAY
    week_of_month = WeekOfMonth.SECOND
    starts_on = dt.date(2026, 1, 1)
    time = dt.time(9, 0)
    time_zone = "Europe/London"
    duration_minutes = 90


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory, tier=Tier.STEERING_COMMITTEE)
    starts_at = factory.LazyFunction(
        lambda: dt.datetime.now(LONDON).replace(microsecond=0) + dt.timedelta(days=7)
    )
    time_zone = "Europe/London"
    duration_minutes = 60


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    body = factory.LazyAttribute(lambda d: d.meeting.body)
    text = factory.Sequence(lambda n: f"Decision {n}: approve the plan")
    rationale = "It moves the KPI."
    decided_on = factory.LazyAttribute(lambda d: d.meeting.local_start.date())
    decided_by = factory.SubFactory(UserFactory)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    body = factory.LazyAttribute(lambda a: a.meeting.body)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyAttribute(lambda a: a.meeting.local_start.date() + dt.timedelta(days=14))
