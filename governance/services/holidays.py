"""The holiday calendar's writes: loading the country's public holidays, and the days the
organization adds or removes. Each change applies the cadences' holiday rule at once to the
meetings still to come on that day (`meetings_follow_holidays`), so nobody is reminded of a
meeting on a holiday."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from cxgov.services import validated_save

from .. import permissions as rules
from ..models import Holiday, HolidaySource, Meeting, MeetingSettings
from ..models.holidays import holiday_calendar_check, public_holidays
from .meetings import meetings_follow_holidays
from .structure import User


@transaction.atomic
def holidays_load(*, by: User | None, years: Iterable[int]) -> int:
    """Add the public holidays of `years` for the country (and region) in Meeting settings.
    A day already in the calendar keeps its name (the admin may have renamed it) and a day
    the admin deleted comes back only if loaded again. Returns how many days it added.
    `by` None: the system (the demo, a migration), not a person."""
    if by is not None:
        rules.can_change_holidays.enforce(by)
    config = MeetingSettings.current()
    holiday_calendar_check(country=config.holiday_country, subdivision=config.holiday_subdivision)
    found = public_holidays(
        country=config.holiday_country,
        subdivision=config.holiday_subdivision,
        years=sorted(set(years)),
    )
    have = set(Holiday.objects.filter(date__in=found).values_list("date", flat=True))
    new = [
        Holiday(date=day, name=name[:120], source=HolidaySource.PUBLIC)
        for day, name in found.items()
        if day not in have
    ]
    for holiday in new:
        holiday.full_clean(validate_unique=False)
    Holiday.objects.bulk_create(new)
    meetings_follow_holidays(meetings=Meeting.objects.filter(occurrence__in=[h.date for h in new]))
    return len(new)


@transaction.atomic
def holiday_save(*, by: User, holiday: Holiday) -> Holiday:
    """Add or change one day of the calendar (a company closure, a renamed holiday)."""
    rules.can_change_holidays.enforce(by)
    holiday = validated_save(holiday)
    meetings_follow_holidays(meetings=Meeting.objects.filter(occurrence=holiday.date))
    return holiday


@transaction.atomic
def holiday_delete(*, by: User, holiday: Holiday) -> None:
    """Remove a day: meetings the rule skipped are generated again by the next run of the
    generation job; a meeting it already cancelled stays cancelled (its members were told)."""
    rules.can_change_holidays.enforce(by)
    holiday.delete()
