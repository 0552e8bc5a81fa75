"""Dates as the program sees them: "today" in the project's time zone."""

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def now() -> dt.datetime:
    """The current time, read through `timezone.now` when called: a model default naming this
    (not `timezone.now` itself, which the field keeps a reference to) follows the clock the
    demo's `happened_at` sets, so a drafted document is dated when the story drafted it."""
    return timezone.now()
