"""Rules for loose values, said once and put on model fields, so that every door (a page's form,
the API's serializers, the admin, a service's `validated_save`) refuses the same input the
same way.

- `plain_line(label)`: a single-line name or title: no control characters at all.
- `plain_text(label, limit=...)`: free text: tab, newline and carriage return are fine, other
  control characters are not; and at most `limit` characters.
- `program_date`: a date a person enters, within `EARLIEST_DATE` and `YEARS_AHEAD` years from
  today.
- `position(label)`: an order on a list, at most `POSITION_MAX` (the same bound on SQLite,
  whose integers are 64-bit, as on PostgreSQL, whose integer column ends at 2**31 - 1).

Each validator names its field ("The description", "The name") so the message stands alone,
e.g. in a bulk error or a log line.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from .dates import today

# Free text lengths: long descriptions and minutes, short notes and reasons.
LONG_TEXT = 10_000
SHORT_TEXT = 2_000

# The dates a person may enter anywhere in the program.
EARLIEST_DATE = dt.date(1990, 1, 1)
YEARS_AHEAD = 10

# The largest whole number an integer column holds on PostgreSQL (SQLite's hold more).
MAX_INTEGER = 2**31 - 1

# The largest order on a list a person may give (no list in the program has more rows).
POSITION_MAX = 10_000

# Control characters a multi-line text may hold.
_TEXT_WHITESPACE = frozenset("\t\n\r")


def latest_date() -> dt.date:
    """The last date a person may enter: `YEARS_AHEAD` years from today (28 Feb for 29 Feb)."""
    now = today()
    try:
        return now.replace(year=now.year + YEARS_AHEAD)
    except ValueError:
        return now.replace(year=now.year + YEARS_AHEAD, day=28)


def _first_control_character(value: str, allowed: frozenset[str]) -> tuple[int, str] | None:
    for position, char in enumerate(value, start=1):
        if char not in allowed and unicodedata.category(char) == "Cc":
            return position, char
    return None


@deconstructible
class NoControlCharacters:
    """Refuse control characters (Unicode category Cc); `multiline` allows tab, newline and
    carriage return."""

    def __init__(self, label: str, multiline: bool = False):
        self.label = label
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        found = _first_control_character(value, _TEXT_WHITESPACE if self.multiline else frozenset())
        if found is None:
            return
        position, char = found
        kind = "text" if self.multiline else "a single line of plain text"
        raise ValidationError(
            "%(label)s contains the control character U+%(code)04X at character %(position)d; "
            "it takes %(kind)s.",
            code="control_character",
            params={"label": self.label, "code": ord(char), "position": position, "kind": kind},
        )

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, NoControlCharacters)
            and self.label == other.label
            and self.multiline == other.multiline
        )


@deconstructible
class TextLimit:
    """Refuse text longer than `limit` characters, naming the field and the limit."""

    def __init__(self, label: str, limit: int):
        self.label = label
        self.limit = limit

    def __call__(self, value) -> None:
        if isinstance(value, str) and len(value) > self.limit:
            raise ValidationError(
                "%(label)s is %(length)s characters long; the limit is %(limit)s.",
                code="max_length",
                params={
                    "label": self.label,
                    "length": f"{len(value):,}",
                    "limit": f"{self.limit:,}",
                },
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, TextLimit) and (self.label, self.limit) == (
            other.label,
            other.limit,
        )


@deconstructible
class ProgramDate:
    """Refuse a date outside the program's range: from `EARLIEST_DATE` to `YEARS_AHEAD` years
    ahead (typing slips like 0001-01-01 or 9999-12-31)."""

    def __call__(self, value) -> None:
        if not isinstance(value, dt.date):
            return
        if isinstance(value, dt.datetime):
            value = value.date()
        latest = latest_date()
        if not EARLIEST_DATE <= value <= latest:
            raise ValidationError(
                "%(value)s is outside the dates this program takes: "
                "choose a date from %(earliest)s to %(latest)s.",
                code="date_out_of_range",
                params={
                    "value": value.isoformat(),
                    "earliest": EARLIEST_DATE.isoformat(),
                    "latest": latest.isoformat(),
                },
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, ProgramDate)


program_date = ProgramDate()


@deconstructible
class AtMost:
    """Refuse a whole number over `limit`, naming the field and the limit."""

    def __init__(self, label: str, limit: int):
        self.label = label
        self.limit = limit

    def __call__(self, value) -> None:
        if isinstance(value, int) and value > self.limit:
            raise ValidationError(
                "%(label)s is %(value)s; the most it takes is %(limit)s.",
                code="max_value",
                params={"label": self.label, "value": f"{value:,}", "limit": f"{self.limit:,}"},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, AtMost) and (self.label, self.limit) == (other.label, other.limit)


def position(label: str = "The position") -> list:
    """Validators for an order on a list: at most POSITION_MAX."""
    return [AtMost(label, POSITION_MAX)]


def plain_line(label: str) -> list:
    """Validators for a single-line name or title (its max_length is the field's own)."""
    return [NoControlCharacters(label)]


def plain_text(label: str, limit: int = LONG_TEXT) -> list:
    """Validators for free multi-line text: no control characters but tab and line breaks,
    at most `limit` characters."""
    return [NoControlCharacters(label, multiline=True), TextLimit(label, limit)]
