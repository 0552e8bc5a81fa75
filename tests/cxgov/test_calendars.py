"""Calendar time zones in the compact form: read the same by parsers we did not write.

The expectations are the zones' own offsets (zoneinfo, the IANA database) at hand-picked
local times on both sides of each change; the readers are vobject (which ignores RDATE, so it
read the old list of transitions an hour off) and dateutil's tzical, beside icalendar.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from io import StringIO

import icalendar
import pytest
import vobject
from dateutil import tz as dateutil_tz

from cxgov.calendars import add_timezones, compact_vtimezone

# (zone, local wall-clock times): a winter and a summer day in each hemisphere, the day after
# each change, and a zone without daylight saving.
CASES = [
    # London: BST from 29 Mar 2026 01:00 UTC to 25 Oct 2026 01:00 UTC.
    ("Europe/London", [(2026, 3, 10, 9), (2026, 3, 30, 9), (2026, 10, 26, 9), (2027, 7, 1, 18)]),
    # New York: EDT from 8 Mar 2026 to 1 Nov 2026.
    ("America/New_York", [(2026, 2, 10, 9), (2026, 3, 9, 9), (2026, 11, 2, 9)]),
    # Sydney: AEDT (UTC+11) until 5 Apr 2026 03:00, AEST (UTC+10) until 4 Oct 2026 02:00.
    ("Australia/Sydney", [(2026, 1, 15, 9), (2026, 4, 6, 9), (2026, 10, 5, 9), (2027, 6, 1, 9)]),
    # Auckland: NZDT until 5 Apr 2026, NZST, then NZDT from 27 Sep 2026.
    ("Pacific/Auckland", [(2026, 4, 6, 9), (2026, 9, 28, 9)]),
    # Tokyo: UTC+9 all year.
    ("Asia/Tokyo", [(2026, 1, 15, 9), (2026, 7, 15, 9)]),
]


def _calendar(zone: str, times: list[tuple[int, int, int, int]]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//cxgov tests//EN")
    calendar.add("version", "2.0")
    starts = []
    for number, (y, m, d, h) in enumerate(times):
        start = dt.datetime(y, m, d, h, tzinfo=zoneinfo.ZoneInfo(zone))
        event = icalendar.Event()
        event.add("uid", f"t{number}@cxgov")
        event.add("dtstamp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        event.add("dtstart", start)
        event.add("summary", f"meeting {number}")
        calendar.add_component(event)
        starts.append(start)
    add_timezones(calendar, {zone: starts})
    return calendar.to_ical()


def _vobject_read(text: bytes):
    """vobject keeps the first zone it meets under each TZID for the whole process: forget
    them, so each calendar is read with its own VTIMEZONE, as a client opening one file does."""
    zones = getattr(vobject.icalendar, "__tzidMap")
    for tzid in [t for t in zones if t != "UTC"]:
        del zones[tzid]
    return vobject.readOne(text.decode())


def _expected_utc(zone: str, y: int, m: int, d: int, h: int) -> dt.datetime:
    return dt.datetime(y, m, d, h, tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(dt.UTC)


@pytest.mark.parametrize(("zone", "times"), CASES, ids=[c[0] for c in CASES])
def test_the_zone_is_one_standard_and_one_daylight_with_rrules(zone, times):
    [vtimezone] = icalendar.Calendar.from_ical(_calendar(zone, times)).walk("VTIMEZONE")
    parts = vtimezone.subcomponents
    names = sorted(part.name for part in parts)
    if zone == "Asia/Tokyo":
        assert names == ["STANDARD"]
        assert "RRULE" not in parts[0]
    else:
        assert names == ["DAYLIGHT", "STANDARD"]
        assert all("RRULE" in part for part in parts)
    assert not any("RDATE" in part for part in parts)


@pytest.mark.parametrize(("zone", "times"), CASES, ids=[c[0] for c in CASES])
def test_vobject_reads_each_meeting_at_its_real_instant(zone, times):
    parsed = _vobject_read(_calendar(zone, times))
    starts = sorted(event.dtstart.value.astimezone(dt.UTC) for event in parsed.vevent_list)
    assert starts == sorted(_expected_utc(zone, *t) for t in times)


@pytest.mark.parametrize(("zone", "times"), CASES, ids=[c[0] for c in CASES])
def test_dateutil_reads_each_meeting_at_its_real_instant(zone, times):
    text = _calendar(zone, times).decode()
    reader = dateutil_tz.tzical(StringIO(text)).get(zone)
    for y, m, d, h in times:
        local = dt.datetime(y, m, d, h)
        assert local.replace(tzinfo=reader).astimezone(dt.UTC) == _expected_utc(zone, y, m, d, h)


MONTHLY = [(year, month, 15, 9) for year in (2025, 2026, 2027) for month in range(1, 13)]


def _vobject_misreads(text: bytes, zone: str) -> list[dt.datetime]:
    parsed = _vobject_read(text)
    expected = sorted(_expected_utc(zone, *t) for t in MONTHLY)
    read = sorted(event.dtstart.value.astimezone(dt.UTC) for event in parsed.vevent_list)
    return [r for r, e in zip(read, expected, strict=True) if r != e]


@pytest.mark.parametrize("zone", ["Europe/London", "Australia/Sydney", "America/New_York"])
def test_the_old_list_of_transitions_is_what_vobject_read_wrong(zone):
    """Why the compact form: the same meetings (the 15th of every month, 2025 to 2027) with
    icalendar's own VTIMEZONE (RDATEs only) are read an hour off by vobject in some months;
    with the compact form, none is."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//cxgov tests//EN")
    calendar.add("version", "2.0")
    for number, (y, m, d, h) in enumerate(MONTHLY):
        event = icalendar.Event()
        event.add("uid", f"old{number}@cxgov")
        event.add("dtstamp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        event.add("dtstart", dt.datetime(y, m, d, h, tzinfo=zoneinfo.ZoneInfo(zone)))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    assert _vobject_misreads(calendar.to_ical(), zone)
    assert _vobject_misreads(_calendar(zone, MONTHLY), zone) == []


def test_a_zone_whose_rules_the_rrules_cannot_say_keeps_the_full_list():
    # Santiago changes at 24:00 on a Saturday ("M9.1.6/24"): not a plain BYDAY rule.
    assert compact_vtimezone("America/Santiago") is None
    text = _calendar("America/Santiago", [(2026, 1, 15, 9), (2026, 7, 15, 9)])
    [vtimezone] = icalendar.Calendar.from_ical(text).walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "America/Santiago"
    reader = dateutil_tz.tzical(StringIO(text.decode())).get("America/Santiago")
    local = dt.datetime(2026, 7, 15, 9)
    assert local.replace(tzinfo=reader).astimezone(dt.UTC) == _expected_utc(
        "America/Santiago", 2026, 7, 15, 9
    )


def test_an_unknown_or_malformed_zone_name_gives_no_compact_form():
    assert compact_vtimezone("Nowhere/Special") is None
    assert compact_vtimezone("../../etc/passwd") is None
