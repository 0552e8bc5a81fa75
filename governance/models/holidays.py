"""The organization's holiday calendar: the days its bodies do not meet. Public holidays are
loaded from the `holidays` package for the country in Meeting settings; the admin adds company
closures and removes what does not apply. Each cadence says what its meetings do on such a day
(`Cadence.meeting_day`)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from cxgov.querysets import ScopedQuerySet
from cxgov.validators import plain_line, program_date


class HolidaySource(models.TextChoices):
    PUBLIC = "public", "Public holiday (loaded from the country's calendar)"
    ORGANIZATION = "organization", "Added by the organization"


class HolidayQuerySet(ScopedQuerySet):
    def days(self, first: dt.date, last: dt.date) -> dict[dt.date, str]:
        """The holidays from `first` to `last`, both included: date -> name. One query."""
        return dict(self.filter(date__range=(first, last)).values_list("date", "name"))


class Holiday(models.Model):
    date = models.DateField(unique=True, validators=[program_date])
    name = models.CharField(max_length=120, validators=plain_line("The name"))
    source = models.CharField(
        max_length=12, choices=HolidaySource.choices, default=HolidaySource.ORGANIZATION
    )

    objects = HolidayQuerySet.as_manager()

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%a %-d %b %Y})"


def holiday_calendar_check(*, country: str, subdivision: str = "") -> None:
    """Refuse a country or region the `holidays` package has no calendar for, naming the
    field and what it knows."""
    import holidays  # loaded when asked: most requests never need its calendars

    known = holidays.list_supported_countries()
    if country not in known:
        raise ValidationError(
            {"holiday_country": f"No public holiday calendar for {country!r}; use an ISO "
             "country code such as GB, US or DE."}
        )  # fmt: skip
    if subdivision and subdivision not in known[country]:
        raise ValidationError(
            {"holiday_subdivision": f"{country} has no region {subdivision!r}; choose one of "
             f"{', '.join(known[country])}, or leave it empty."}
        )  # fmt: skip


def public_holidays(*, country: str, subdivision: str, years: list[int]) -> dict[dt.date, str]:
    """The country's (and region's) public holidays in `years`, from the `holidays` package."""
    import holidays

    found = holidays.country_holidays(country, subdiv=subdivision or None, years=years)
    return dict(sorted(found.items()))
