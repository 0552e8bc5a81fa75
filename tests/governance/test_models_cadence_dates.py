"""A cadence's dates: weekly, every two weeks, monthly by weekday or by day (clamped to the
month's end), quarterly; across month ends, leap years and daylight-saving changes."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from governance.models import Cadence, Frequency, MonthlyRule, Weekday, WeekOfMonth


def cadence(**fields) -> Cadence:
    base = {
        "frequency": Frequency.MONTHLY,
        "monthly_rule": MonthlyRule.WEEKDAY,
        "weekday": Weekday.TUESDAY,
        "week_of_month": WeekOfMonth.SECOND,
        "starts_on": dt.date(2026, 1, 1),
        "time": dt.time(9, 0),
        "time_zone": "Europe/London",
    }
    return Cadence(**{**base, **fields})


def test_second_tuesday_of_each_month():
    days = cadence().dates_between(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    # Read off a printed 2026 calendar.
    assert days == [
        dt.date(2026, 1, 13),
        dt.date(2026, 2, 10),
        dt.date(2026, 3, 10),
        dt.date(2026, 4, 14),
        dt.date(2026, 5, 12),
        dt.date(2026, 6, 9),
    ]
    assert {d.weekday() for d in days} == {1}


def test_last_friday_of_the_month_crosses_month_ends():
    days = cadence(weekday=Weekday.FRIDAY, week_of_month=WeekOfMonth.LAST).dates_between(
        dt.date(2026, 1, 1), dt.date(2026, 4, 30)
    )
    assert days == [
        dt.date(2026, 1, 30),
        dt.date(2026, 2, 27),
        dt.date(2026, 3, 27),
        dt.date(2026, 4, 24),
    ]


def test_the_31st_is_clamped_to_each_months_last_day():
    days = cadence(monthly_rule=MonthlyRule.DAY, day_of_month=31, weekday=None).dates_between(
        dt.date(2026, 1, 1), dt.date(2026, 6, 30)
    )
    assert days == [
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 30),
        dt.date(2026, 5, 31),
        dt.date(2026, 6, 30),
    ]


def test_the_30th_of_february_is_the_29th_in_a_leap_year():
    monthly = cadence(
        monthly_rule=MonthlyRule.DAY, day_of_month=30, weekday=None, starts_on=dt.date(2027, 12, 1)
    )
    assert monthly.dates_between(dt.date(2028, 2, 1), dt.date(2028, 3, 31)) == [
        dt.date(2028, 2, 29),
        dt.date(2028, 3, 30),
    ]
    assert monthly.dates_between(dt.date(2027, 2, 1), dt.date(2027, 2, 28)) == []  # not started
    assert cadence(
        monthly_rule=MonthlyRule.DAY, day_of_month=29, weekday=None, starts_on=dt.date(2026, 1, 1)
    ).dates_between(dt.date(2027, 2, 1), dt.date(2027, 2, 28)) == [dt.date(2027, 2, 28)]


def test_weekly_and_every_two_weeks_count_from_the_first_meeting():
    weekly = cadence(frequency=Frequency.WEEKLY, weekday=Weekday.MONDAY, week_of_month=None)
    assert weekly.dates_between(dt.date(2026, 2, 20), dt.date(2026, 3, 10)) == [
        dt.date(2026, 2, 23),
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 9),
    ]
    # Every other Thursday from Thursday 1 January 2026: 1, 15, 29 Jan, 12, 26 Feb, 12 Mar...
    biweekly = cadence(frequency=Frequency.BIWEEKLY, weekday=Weekday.THURSDAY, week_of_month=None)
    assert biweekly.dates_between(dt.date(2026, 2, 1), dt.date(2026, 3, 20)) == [
        dt.date(2026, 2, 12),
        dt.date(2026, 2, 26),
        dt.date(2026, 3, 12),
    ]
    # Asked from a day inside the fortnight, the series keeps its own weeks.
    assert biweekly.dates_between(dt.date(2026, 2, 13), dt.date(2026, 2, 27)) == [
        dt.date(2026, 2, 26)
    ]


def test_every_two_weeks_across_a_leap_day():
    biweekly = cadence(
        frequency=Frequency.BIWEEKLY,
        weekday=Weekday.TUESDAY,
        week_of_month=None,
        starts_on=dt.date(2028, 2, 15),
    )
    assert biweekly.dates_between(dt.date(2028, 2, 1), dt.date(2028, 3, 31)) == [
        dt.date(2028, 2, 15),
        dt.date(2028, 2, 29),
        dt.date(2028, 3, 14),
        dt.date(2028, 3, 28),
    ]


def test_quarterly_counts_quarters_from_the_start_month():
    quarterly = cadence(
        frequency=Frequency.QUARTERLY,
        weekday=Weekday.WEDNESDAY,
        week_of_month=WeekOfMonth.FIRST,
        starts_on=dt.date(2026, 2, 1),
    )
    assert quarterly.dates_between(dt.date(2026, 1, 1), dt.date(2027, 3, 1)) == [
        dt.date(2026, 2, 4),
        dt.date(2026, 5, 6),
        dt.date(2026, 8, 5),
        dt.date(2026, 11, 4),
        dt.date(2027, 2, 3),
    ]
    by_day = cadence(
        frequency=Frequency.QUARTERLY,
        monthly_rule=MonthlyRule.DAY,
        day_of_month=31,
        weekday=None,
        starts_on=dt.date(2026, 1, 1),
    )
    assert by_day.dates_between(dt.date(2026, 3, 1), dt.date(2026, 12, 31)) == [
        dt.date(2026, 4, 30),
        dt.date(2026, 7, 31),
        dt.date(2026, 10, 31),
    ]


def test_a_cadence_stops_on_its_end_date():
    ending = cadence(ends_on=dt.date(2026, 3, 10))
    assert ending.dates_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31))[-1] == dt.date(
        2026, 3, 10
    )


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        # Europe/London: GMT (UTC+0) until 29 March 2026, then BST (UTC+1).
        ("Europe/London", dt.datetime(2026, 3, 10, 9, 0), dt.datetime(2026, 4, 14, 8, 0)),
        # America/New_York: EST (UTC-5) until 8 March 2026, then EDT (UTC-4).
        ("America/New_York", dt.datetime(2026, 2, 10, 14, 0), dt.datetime(2026, 3, 10, 13, 0)),
    ],
)
def test_a_meeting_after_a_daylight_saving_change_keeps_its_local_time(zone, before, after):
    monthly = cadence(time_zone=zone)
    first, second = (
        monthly.starts_at(d) for d in monthly.dates_between(before.date(), after.date())[::1][:2]
    )
    # The same 09:00 on the wall clock...
    assert first.astimezone(zoneinfo.ZoneInfo(zone)).time() == dt.time(9, 0)
    assert second.astimezone(zoneinfo.ZoneInfo(zone)).time() == dt.time(9, 0)
    # ...is a different instant in UTC on either side of the change (hand-worked offsets).
    assert first.astimezone(dt.UTC).replace(tzinfo=None) == before
    assert second.astimezone(dt.UTC).replace(tzinfo=None) == after


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"frequency": Frequency.WEEKLY, "weekday": None}, "weekday", "never meets"),
        (
            {"monthly_rule": MonthlyRule.DAY, "day_of_month": 32},
            "day_of_month",
            "No month has a day 32",
        ),
        ({"monthly_rule": MonthlyRule.DAY, "day_of_month": None}, "day_of_month", "from 1 to 31"),
        ({"week_of_month": None}, "week_of_month", "fifth weekday"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "not an IANA time zone"),
        ({"ends_on": dt.date(2025, 12, 1)}, "ends_on", "ends before it starts"),
    ],
)
def test_a_cadence_that_yields_no_date_is_refused_naming_the_field(db, fields, field, words):
    from tests.factories import BodyFactory

    bad = cadence(body=BodyFactory(), **fields)
    with pytest.raises(ValidationError) as refusal:
        bad.full_clean()
    assert words in " ".join(refusal.value.message_dict[field])
