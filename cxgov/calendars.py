"""iCalendar time zones in the compact form calendar clients export: one STANDARD and one
DAYLIGHT component with yearly RRULEs, from the zone's current rules.

icalendar's own VTIMEZONE lists every transition since 1970 as RDATEs with no RRULE. Clients
that ignore RDATE (vobject, several desktop clients) then read every meeting an hour off half
the year. The current rules come from the POSIX TZ string at the end of the zone's TZif file
(RFC 8536: "GMT0BST,M3.5.0/1,M10.5.0"); a zone whose rules that string cannot express as RRULEs
(a time past midnight, Julian days, transitions still listed by hand) gets None, and the caller
keeps the full list.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import icalendar
from dateutil import tz as dateutil_tz

WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # POSIX day 0 is Sunday
# A POSIX zone name is letters, or anything between angle brackets; an offset is
# [+-]hh[:mm[:ss]] (west of Greenwich positive, the opposite of ISO 8601).
_NAME = r"(?:[A-Za-z]{3,}|<[^>]+>)"
_OFFSET = r"[+-]?\d{1,2}(?::\d{2}){0,2}"
_POSIX = re.compile(
    rf"^(?P<std>{_NAME})(?P<std_offset>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dst_offset>{_OFFSET})?"
    r",(?P<start>[^,]+),(?P<end>[^,]+))?$"
)
_RULE = re.compile(r"^M(?P<month>\d{1,2})\.(?P<week>[1-5])\.(?P<day>[0-6])(?:/(?P<time>.+))?$")


@dataclass(frozen=True)
class _Change:
    """A yearly change: the `week`th `day` (5 = the last) of `month`, at `at` local time."""

    month: int
    week: int
    day: int
    at: dt.timedelta

    def rrule(self) -> dict:
        ordinal = -1 if self.week == 5 else self.week
        return {"FREQ": "YEARLY", "BYMONTH": self.month, "BYDAY": f"{ordinal}{WEEKDAYS[self.day]}"}

    def first_in(self, year: int) -> dt.datetime:
        """The change's local wall-clock time in `year` (a DTSTART must match its RRULE)."""
        first = dt.date(year, self.month, 1)
        # POSIX day 0 is Sunday; date.weekday() 0 is Monday.
        shift = (self.day - (first.weekday() + 1) % 7) % 7
        days = [first + dt.timedelta(days=shift + 7 * k) for k in range(5)]
        days = [d for d in days if d.month == self.month]
        day = days[-1] if self.week == 5 else days[self.week - 1]
        return dt.datetime.combine(day, dt.time()) + self.at


def _duration(text: str) -> dt.timedelta:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * dt.timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])


def _change(text: str) -> _Change | None:
    match = _RULE.match(text)
    if not match:
        return None  # Julian-day rules (Jn, n): no zone in use today needs them
    at = _duration(match["time"]) if match["time"] else dt.timedelta(hours=2)
    if not dt.timedelta(0) <= at < dt.timedelta(days=1):
        return None  # "24:00 on Saturday" is Sunday's midnight: not a plain BYDAY rule
    return _Change(int(match["month"]), int(match["week"]), int(match["day"]), at)


def posix_rule(zone: str) -> str | None:
    """The POSIX TZ string that ends the zone's TZif file, read where zoneinfo reads it."""
    parts = zone.split("/")
    if any(part in {"", ".", ".."} for part in parts):
        return None
    # zoneinfo's own order: the system's database first, then the pinned tzdata package.
    candidates = [Path(root).joinpath(*parts) for root in zoneinfo.TZPATH]
    candidates.append(importlib.resources.files("tzdata.zoneinfo").joinpath(*parts))
    for candidate in candidates:
        try:
            data = candidate.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            continue
        if not data.startswith(b"TZif") or data[4:5] < b"2":
            return None
        return data.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")
    return None


def compact_vtimezone(zone: str) -> icalendar.Timezone | None:
    """The zone's current rules as one STANDARD (and one DAYLIGHT) with RRULEs, or None."""
    rule = posix_rule(zone)
    match = _POSIX.match(rule or "")
    if not match:
        return None
    std_offset = -_duration(match["std_offset"])
    component = icalendar.Timezone()
    component.add("tzid", zone)
    if not match["dst"]:
        standard = icalendar.TimezoneStandard()
        standard.add("dtstart", dt.datetime(1970, 1, 1))
        standard.add("tzoffsetfrom", std_offset)
        standard.add("tzoffsetto", std_offset)
        standard.add("tzname", match["std"].strip("<>"))
        component.add_component(standard)
        return component
    dst_offset = (
        -_duration(match["dst_offset"])
        if match["dst_offset"]
        else std_offset + dt.timedelta(hours=1)
    )
    to_dst, to_std = _change(match["start"]), _change(match["end"])
    if to_dst is None or to_std is None:
        return None
    for kind, change, before, after, name in (
        (icalendar.TimezoneDaylight, to_dst, std_offset, dst_offset, match["dst"]),
        (icalendar.TimezoneStandard, to_std, dst_offset, std_offset, match["std"]),
    ):
        part = kind()
        part.add("dtstart", change.first_in(1970))
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        part.add("rrule", change.rrule())
        part.add("tzname", name.strip("<>"))
        component.add_component(part)
    return component


def agrees(component: icalendar.Timezone, zone: str, instants: Iterable[dt.datetime]) -> bool:
    """Whether a client reading `component` (dateutil's reader, which knows RRULE) puts every
    one of `instants` at the same offset as the zone itself does."""
    wrapped = icalendar.Calendar()
    wrapped.add_component(component)
    try:
        reader = dateutil_tz.tzical(StringIO(wrapped.to_ical().decode())).get(zone)
    except ValueError:
        return False
    real = zoneinfo.ZoneInfo(zone)
    for instant in instants:
        local = instant.astimezone(real).replace(tzinfo=None)
        if local.replace(tzinfo=reader).utcoffset() != real.utcoffset(local):
            return False
    return True


def add_timezones(calendar: icalendar.Calendar, uses: dict[str, list[dt.datetime]]) -> None:
    """Add a VTIMEZONE for each zone the events use (`uses`: zone name -> the instants its
    events start and end at): the compact form where it reads every instant right, otherwise
    icalendar's full list of transitions."""
    for zone, instants in sorted(uses.items()):
        component = compact_vtimezone(zone)
        if component is not None and agrees(component, zone, instants):
            # Before the events: some readers resolve a TZID only against zones already read.
            calendar.subcomponents.insert(0, component)
    calendar.add_missing_timezones()
