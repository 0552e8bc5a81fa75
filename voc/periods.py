"""Period arithmetic: where a day, week, month or quarter starts and ends (weeks start on
Monday, as ISO and SQL). Models, rollups and pages all count periods the same way."""

from __future__ import annotations

import datetime as dt

from .models.rollups import Granularity


def period_start(day: dt.date, granularity: str) -> dt.date:
    """The first day of the period containing `day` (weeks start on Monday, as ISO and SQL)."""
    if granularity == Granularity.DAY:
        return day
    if granularity == Granularity.WEEK:
        return day - dt.timedelta(days=day.weekday())
    if granularity == Granularity.MONTH:
        return day.replace(day=1)
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def period_end(start: dt.date, granularity: str) -> dt.date:
    """The first day after the period beginning at `start`."""
    if granularity == Granularity.DAY:
        return start + dt.timedelta(days=1)
    if granularity == Granularity.WEEK:
        return start + dt.timedelta(days=7)
    months = 1 if granularity == Granularity.MONTH else 3
    month = start.month - 1 + months
    return dt.date(start.year + month // 12, month % 12 + 1, 1)


def period_number(day: dt.date, granularity: str) -> int:
    """A period's position on the calendar, so consecutive periods differ by one."""
    if granularity == Granularity.DAY:
        return day.toordinal()
    if granularity == Granularity.WEEK:
        return (day.toordinal() - 1) // 7
    if granularity == Granularity.MONTH:
        return day.year * 12 + day.month - 1
    return day.year * 4 + (day.month - 1) // 3
