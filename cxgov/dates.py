"""Dates as the program sees them: "today" in the project's time zone."""

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()
