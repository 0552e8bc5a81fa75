"""Filters for the KPI pack, whose numbers and dates are plain JSON."""

from __future__ import annotations

import datetime as dt

from django import template

from cxgov import numbers
from voc.projection import chance_text

register = template.Library()


@register.filter
def isodate(value: str | None) -> dt.date | dt.datetime | None:
    """An ISO date or date-time string from the pack, for the date filter."""
    if not value:
        return None
    return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)


@register.filter
def signed(value: float | None, places: int = 1) -> str:
    """A change with its sign: +2.5, -1.0, 0.0."""
    if value is None:
        return "—"
    return numbers.signed(value, int(places))


@register.filter
def percent(value: float | None) -> str:
    """A probability 0..1 as a whole per cent (voc.projection.chance_text)."""
    return chance_text(value)
