"""Meetings on a cadence: each body's rhythm, the meetings it generates, their agendas,
attendance, minutes, decisions and action items; the per-person calendar feed; and the
admin's settings for how far ahead meetings are generated and when reminders go out."""

from __future__ import annotations

import calendar
import datetime as dt
import secrets
import zoneinfo
from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cxgov.dates import today
from cxgov.people import person_name
from cxgov.querysets import ScopedQuerySet
from cxgov.validators import SHORT_TEXT, plain_line, plain_text, position, program_date

from .. import permissions as rules
from .structure import GovernanceBody, RemembersLoadedValues, Tier

# A cadence or meeting with no zone given is held in this one (the model default, the form's
# initial value and the services' default alike).
DEFAULT_TIME_ZONE = "Europe/London"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    BIWEEKLY = "biweekly", "Every two weeks"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


class MonthlyRule(models.TextChoices):
    WEEKDAY = "weekday", "A weekday of a week (e.g. the second Tuesday)"
    DAY = "day", "A day of the month (clamped to the month's end)"


class HolidayRule(models.TextChoices):
    SKIP = "skip", "Skip that meeting"
    NEXT_WORKING_DAY = "next_working_day", "Meet on the next working day"
    MEET = "meet", "Meet anyway"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, "First"
    SECOND = 2, "Second"
    THIRD = 3, "Third"
    FOURTH = 4, "Fourth"
    LAST = -1, "Last"


def time_zone_names() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            f"{value!r} is not an IANA time zone; use a name such as Europe/London or "
            "America/New_York."
        )


def nth_weekday(year: int, month: int, weekday: int, week: int) -> dt.date:
    """The `week`-th `weekday` of the month (week -1: the last one). Weeks 1 to 4 and the last
    exist in every month."""
    if week == -1:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))


def clamped_day(year: int, month: int, day: int) -> dt.date:
    """Day `day` of the month, or its last day when the month is shorter (the 31st of
    February is the 28th, or the 29th in a leap year)."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


class CadenceQuerySet(ScopedQuerySet):
    def active(self) -> CadenceQuerySet:
        return self.filter(is_active=True, body__in=GovernanceBody.objects.active())


class Cadence(models.Model):
    """How often a body meets, when, where and for how long. Meetings are generated from it
    ahead of time; each keeps its `occurrence` date, so moving or cancelling one meeting never
    makes the series generate it again."""

    body = models.ForeignKey(GovernanceBody, on_delete=models.PROTECT, related_name="cadences")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    monthly_rule = models.CharField(
        max_length=8,
        choices=MonthlyRule.choices,
        default=MonthlyRule.WEEKDAY,
        help_text="Monthly and quarterly: by a weekday of a week, or by a day of the month.",
    )
    weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices,
        null=True,
        blank=True,
        help_text="The day of the week it meets (weekly, every two weeks, or by weekday).",
    )
    week_of_month = models.SmallIntegerField(
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text="Monthly or quarterly by weekday: which one in the month.",
    )
    day_of_month = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text="Monthly or quarterly by day: 1 to 31; a shorter month meets on its last day.",
    )
    starts_on = models.DateField(
        default=today,
        validators=[program_date],
        help_text="The first day the series may meet; every two weeks and quarterly count from it.",
    )
    ends_on = models.DateField(
        null=True, blank=True, validators=[program_date], help_text="Leave empty while it runs."
    )
    time = models.TimeField(help_text="Local time in the cadence's time zone.")
    time_zone = models.CharField(
        max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    location = models.CharField(max_length=200, blank=True, validators=plain_line("The location"))
    video_link = models.URLField(max_length=500, blank=True)
    on_holiday = models.CharField(
        max_length=16,
        choices=HolidayRule.choices,
        default=HolidayRule.SKIP,
        help_text="What a meeting that falls on a day of the holiday calendar does.",
    )
    is_active = models.BooleanField(default=True)

    objects = CadenceQuerySet.as_manager()

    class Meta:
        ordering = ["body__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="cadence_ends_after_start",
                violation_error_message="A cadence cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5), name="cadence_duration_at_least_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.describe()}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def describe(self) -> str:
        when = f"at {self.time:%H:%M} {self.time_zone}" if self.time else ""
        if self.frequency in (Frequency.WEEKLY, Frequency.BIWEEKLY):
            day = Weekday(self.weekday).label if self.weekday is not None else "?"
            every = "Every" if self.frequency == Frequency.WEEKLY else "Every other"
            return f"{every} {day} {when}".strip()
        period = "month" if self.frequency == Frequency.MONTHLY else "quarter"
        if self.monthly_rule == MonthlyRule.DAY:
            return f"Day {self.day_of_month} of each {period} {when}".strip()
        week = WeekOfMonth(self.week_of_month).label if self.week_of_month else "?"
        day = Weekday(self.weekday).label if self.weekday is not None else "?"
        return f"{week} {day} of each {period} {when}".strip()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        by_week = self.frequency in (Frequency.WEEKLY, Frequency.BIWEEKLY)
        if (by_week or self.monthly_rule == MonthlyRule.WEEKDAY) and self.weekday is None:
            errors["weekday"] = (
                f"A {self.get_frequency_display().lower()} cadence needs a weekday; "
                "without one it never meets."
            )
        if not by_week and self.frequency:
            if self.monthly_rule == MonthlyRule.WEEKDAY and self.week_of_month is None:
                errors["week_of_month"] = (
                    "Choose which one in the month (first to fourth, or last): a fifth "
                    "weekday is missing from most months."
                )
            if self.monthly_rule == MonthlyRule.DAY and self.day_of_month is None:
                errors["day_of_month"] = "Give the day of the month it meets, from 1 to 31."
        if self.weekday is not None and self.weekday not in Weekday.values:
            errors["weekday"] = "The weekday is 0 (Monday) to 6 (Sunday)."
        if self.day_of_month is not None and not 1 <= self.day_of_month <= 31:
            errors["day_of_month"] = (
                f"No month has a day {self.day_of_month}: give a day from 1 to 31 "
                "(31 meets on each month's last day)."
            )
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The cadence ends before it starts."
        if errors:
            raise ValidationError(errors)

    def dates_between(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The local dates the series meets from `first` to `last`, both included, within the
        cadence's own start and end."""
        first = max(first, self.starts_on)
        if self.ends_on:
            last = min(last, self.ends_on)
        if first > last:
            return []
        if self.frequency in (Frequency.WEEKLY, Frequency.BIWEEKLY):
            step = 7 if self.frequency == Frequency.WEEKLY else 14
            # The series' first meeting: the first such weekday on or after starts_on.
            anchor = self.starts_on + dt.timedelta(
                days=(self.weekday - self.starts_on.weekday()) % 7
            )
            if anchor < first:
                skip = (first - anchor).days
                anchor += dt.timedelta(days=-(-skip // step) * step)
            days = []
            while anchor <= last:
                days.append(anchor)
                anchor += dt.timedelta(days=step)
            return days
        step = 1 if self.frequency == Frequency.MONTHLY else 3
        year, month = self.starts_on.year, self.starts_on.month
        # Jump to the first period of the series that can reach `first`.
        behind = (first.year - year) * 12 + first.month - month - 1
        if behind > 0:
            year, month = _add_months(year, month, behind // step * step)
        days = []
        while (year, month) <= (last.year, last.month):
            day = self.day_in_month(year, month)
            if first <= day <= last:
                days.append(day)
            year, month = _add_months(year, month, step)
        return days

    def meeting_day(self, occurrence: dt.date, holidays: Collection[dt.date]) -> dt.date | None:
        """The day the meeting of series date `occurrence` is held, given the holiday
        calendar's days: the date itself; on a holiday, none (skipped) or the next working
        day (neither a weekend nor a holiday), as the cadence's holiday rule says. The one
        rule that meeting generation and reminders ask."""
        if occurrence not in holidays or self.on_holiday == HolidayRule.MEET:
            return occurrence
        if self.on_holiday == HolidayRule.SKIP:
            return None
        day = occurrence + dt.timedelta(days=1)
        while day.weekday() >= 5 or day in holidays:
            day += dt.timedelta(days=1)
        return day

    def day_in_month(self, year: int, month: int) -> dt.date:
        if self.monthly_rule == MonthlyRule.DAY:
            return clamped_day(year, month, self.day_of_month)
        return nth_weekday(year, month, self.weekday, self.week_of_month)

    def starts_at(self, day: dt.date) -> dt.datetime:
        """The moment a meeting on local `day` starts: the wall-clock time in the cadence's
        zone, so a meeting after a daylight-saving change keeps its local time."""
        return dt.datetime.combine(day, self.time, tzinfo=self.zone)


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    IN_PROGRESS = "in_progress", "In progress"
    CLOSED = "closed", "Closed (minutes final)"
    CANCELLED = "cancelled", "Cancelled"


# Where a meeting may go from each status (services.meeting_open / meeting_close / meeting_cancel).
MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    MeetingStatus.SCHEDULED: frozenset({MeetingStatus.IN_PROGRESS, MeetingStatus.CANCELLED}),
    MeetingStatus.IN_PROGRESS: frozenset({MeetingStatus.CLOSED}),
    MeetingStatus.CLOSED: frozenset(),
    MeetingStatus.CANCELLED: frozenset(),
}


class MeetingQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        return self.filter(body__in=bodies_whose_meetings_are_visible_to(user))

    def scheduled(self) -> MeetingQuerySet:
        return self.filter(status=MeetingStatus.SCHEDULED)

    def upcoming(self, now: dt.datetime | None = None) -> MeetingQuerySet:
        """Still to come: scheduled, or opened early, and not started yet."""
        return self.filter(
            status__in=(MeetingStatus.SCHEDULED, MeetingStatus.IN_PROGRESS),
            starts_at__gte=now or timezone.now(),
        )


def bodies_whose_meetings_are_visible_to(user: Any) -> models.QuerySet:
    """Every body for those the visibility rule lets see all meetings; else the user's own."""
    bodies = GovernanceBody.objects.all()
    if rules.can_see_all_meetings(user):
        return bodies
    return bodies.filter(memberships__person=user).distinct()


class Meeting(models.Model):
    body = models.ForeignKey(GovernanceBody, on_delete=models.PROTECT, related_name="meetings")
    cadence = models.ForeignKey(
        Cadence, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    occurrence = models.DateField(
        null=True,
        blank=True,
        help_text="The series date this meeting stands for; it stays when the meeting moves.",
    )
    starts_at = models.DateTimeField(validators=[program_date])
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    time_zone = models.CharField(
        max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    location = models.CharField(max_length=200, blank=True, validators=plain_line("The location"))
    video_link = models.URLField(max_length=500, blank=True)
    status = models.CharField(
        max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    cancel_reason = models.CharField(
        max_length=300, blank=True, validators=plain_line("The reason")
    )
    opened_at = models.DateTimeField(
        null=True, blank=True, help_text="When the chair or secretary opened the meeting."
    )
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was closed; its minutes are final from then."
    )
    # Calendar clients take a change only with a higher SEQUENCE.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            # Generated never twice: the series date of a cadence is taken once, even when two
            # workers generate at the same time (the second insert conflicts and is ignored).
            models.UniqueConstraint(
                fields=["cadence", "occurrence"],
                condition=Q(cadence__isnull=False),
                name="meeting_once_per_cadence_occurrence",
                violation_error_message="This cadence already has a meeting for that date.",
            ),
            models.CheckConstraint(
                condition=Q(cadence__isnull=True) | Q(occurrence__isnull=False),
                name="meeting_from_cadence_has_occurrence",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5), name="meeting_duration_at_least_5"
            ),
        ]
        indexes = [models.Index(fields=["body", "starts_at"], name="meeting_body_starts")]

    def __str__(self) -> str:
        return f"{self.body} · {self.local_start:%-d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting-detail", args=[self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> dt.datetime:
        return self.local_start + dt.timedelta(minutes=self.duration_minutes)

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_open(self) -> bool:
        return self.status == MeetingStatus.IN_PROGRESS

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()

    @property
    def is_moved(self) -> bool:
        """Held at another time than its series says."""
        if self.cadence_id is None or self.occurrence is None:
            return False
        return self.starts_at != self.cadence.starts_at(self.occurrence)

    @property
    def title(self) -> str:
        return f"{self.body.name} meeting"

    def clean(self) -> None:
        if self.cadence_id is not None and self.body_id and self.cadence.body_id != self.body_id:
            raise ValidationError({"cadence": "The cadence belongs to another body."})


class AgendaTemplateItem(models.Model):
    """The standard agenda of a tier, copied into each new meeting of a body of that tier."""

    tier = models.CharField(max_length=24, choices=Tier.choices)
    position = models.PositiveSmallIntegerField(default=0, validators=position())
    title = models.CharField(max_length=200, validators=plain_line("The title"))
    description = models.TextField(blank=True, validators=plain_text("The description"))
    time_box_minutes = models.PositiveSmallIntegerField(
        default=10, validators=[MaxValueValidator(24 * 60)]
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["tier", "position", "id"]
        verbose_name = "agenda template item"

    def __str__(self) -> str:
        return f"{self.get_tier_display()}: {self.title}"


class MeetingPartQuerySet(ScopedQuerySet):
    """Parts of a meeting are seen by whoever sees the meeting."""

    def visible_to(self, user: Any) -> MeetingPartQuerySet:
        return self.filter(meeting__body__in=bodies_whose_meetings_are_visible_to(user))


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0, validators=position())
    title = models.CharField(max_length=200, validators=plain_line("The title"))
    description = models.TextField(blank=True, validators=plain_text("The description"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    time_box_minutes = models.PositiveSmallIntegerField(
        default=10, validators=[MaxValueValidator(24 * 60)]
    )
    minutes = models.TextField(
        blank=True,
        validators=plain_text("The minutes"),
        help_text="What was said and agreed on this item.",
    )

    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)

    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "person__last_name", "person__username"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="attendance_once_per_meeting_and_person",
                violation_error_message="This person's attendance is already recorded.",
            )
        ]

    def __str__(self) -> str:
        return f"{person_name(self.person)}: {self.get_status_display()}"


class DecisionQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> DecisionQuerySet:
        return self.filter(body__in=bodies_whose_meetings_are_visible_to(user))


class Decision(models.Model):
    body = models.ForeignKey(GovernanceBody, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    text = models.TextField(
        validators=plain_text("The decision", SHORT_TEXT), help_text="What was decided."
    )
    rationale = models.TextField(
        blank=True, validators=plain_text("The rationale"), help_text="Why."
    )
    decided_on = models.DateField(default=today, validators=[program_date])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="decisions_made",
        help_text="Who decided (the chair, sponsor or lead with the right).",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions_recorded",
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        if self.meeting_id and self.body_id and self.meeting.body_id != self.body_id:
            raise ValidationError({"body": "The decision's body is the meeting's body."})
        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": "This agenda item is from another meeting."})


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


# Allowed moves of an action item's status: the service and the pages read this.
ACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    ActionStatus.OPEN: frozenset(
        {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED}
    ),
    ActionStatus.IN_PROGRESS: frozenset(
        {ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.CANCELLED}
    ),
    ActionStatus.DONE: frozenset({ActionStatus.OPEN}),
    ActionStatus.CANCELLED: frozenset({ActionStatus.OPEN}),
}
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


# An action done on or before its due date.
ON_TIME = Q(status=ActionStatus.DONE, completed_on__lte=models.F("due_on"))


class ActionItemQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> ActionItemQuerySet:
        """Whoever sees the meeting, and always the owner of the action."""
        return self.filter(Q(body__in=bodies_whose_meetings_are_visible_to(user)) | Q(owner=user))

    def open(self) -> ActionItemQuerySet:
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    def overdue(self, on: dt.date | None = None) -> ActionItemQuerySet:
        return self.open().filter(due_on__lt=on or today())

    def due_within(self, window: dt.timedelta, on: dt.date | None = None) -> ActionItemQuerySet:
        """Due in the `window` before `on` (default today), not on it; cancelled ones left out:
        the actions the governance-health signal judges."""
        on = on or today()
        return self.filter(due_on__lt=on, due_on__gte=on - window).exclude(
            status=ActionStatus.CANCELLED
        )

    def done_on_time(self) -> ActionItemQuerySet:
        return self.filter(ON_TIME)

    def missed_due_date(self) -> ActionItemQuerySet:
        """Not done by their due date: still open, or done late."""
        return self.exclude(ON_TIME)


class ActionItem(RemembersLoadedValues, models.Model):
    title = models.CharField(max_length=300, validators=plain_line("The title"))
    body = models.ForeignKey(GovernanceBody, on_delete=models.PROTECT, related_name="action_items")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="action_items"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="action_items"
    )
    due_on = models.DateField(validators=[program_date])
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(null=True, blank=True, validators=[program_date])
    notes = models.TextField(blank=True, validators=plain_text("The notes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items_created",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False)
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="action_item_completed_on_iff_done",
            )
        ]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="action_owner_open")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < today()

    @property
    def closed_late(self) -> bool:
        return self.completed_on is not None and self.completed_on > self.due_on

    def allowed_statuses(self) -> list[str]:
        return sorted(ACTION_TRANSITIONS[self.status])

    def allowed_status_choices(self) -> list[tuple[str, str]]:
        """The statuses it may move to, in the order of ActionStatus, for a select."""
        allowed = ACTION_TRANSITIONS[self.status]
        return [(value, label) for value, label in ActionStatus.choices if value in allowed]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.meeting_id and self.body_id and self.meeting.body_id != self.body_id:
            errors["body"] = "The action's body is the meeting's body."
        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            errors["agenda_item"] = "This agenda item is from another meeting."
        if self.meeting_id and self.due_on and self.due_on < self.meeting.local_start.date():
            errors["due_on"] = (
                f"Due {self.due_on:%-d %b %Y}, before the meeting it came from "
                f"({self.meeting.local_start:%-d %b %Y}): give a later date."
            )
        if self.owner_id and not self.owner.is_active and (self._state.adding or self.is_open):
            errors["owner"] = (
                f"{person_name(self.owner)}'s account is deactivated; give the action to "
                "someone active."
            )
        elif self.links_anew("owner_id"):
            refused = rules.can_own_action_item.refusal(self.owner, self)
            if refused:
                errors["owner"] = refused
        if errors:
            raise ValidationError(errors)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> CalendarFeedQuerySet:
        return self.filter(person=user)


class CalendarFeed(models.Model):
    """A person's calendar subscription: their bodies' meetings behind a secret token in the
    address. Rotating it replaces the token, so the old address stops at once."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    rotated_at = models.DateTimeField(auto_now=True)

    objects = CalendarFeedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Calendar feed of {self.person}"


class MeetingSettings(models.Model):
    """One row: how far ahead meetings are generated, and how many days before (or after) each
    reminder goes out. Edited by admins in the admin."""

    horizon_days = models.PositiveSmallIntegerField(
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text="Meetings are generated this many days ahead.",
    )
    meeting_reminder_days = models.PositiveSmallIntegerField(
        default=2,
        validators=[MaxValueValidator(60)],
        help_text="Members are reminded of a meeting this many days before it.",
    )
    action_due_days = models.PositiveSmallIntegerField(
        default=3,
        validators=[MaxValueValidator(60)],
        help_text="An action's owner is reminded this many days before it is due.",
    )
    action_overdue_days = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="An owner is told their action is overdue this many days after it was due.",
    )

    holiday_country = models.CharField(
        max_length=3,
        default="GB",
        validators=plain_line("The holiday country"),
        help_text="The country whose public holidays are loaded into the holiday calendar "
        "(ISO code: GB, US, DE...).",
    )
    holiday_subdivision = models.CharField(
        max_length=8,
        blank=True,
        default="ENG",
        validators=plain_line("The holiday region"),
        help_text="A region with holidays of its own (GB: ENG, NIR, SCT, WLS; US: NY...); "
        "empty for the nationwide ones only.",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "meeting settings"
        verbose_name_plural = "meeting settings"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="meeting_settings_one_row")]

    def __str__(self) -> str:
        return "Meeting settings"

    def clean(self) -> None:
        from .holidays import holiday_calendar_check

        holiday_calendar_check(country=self.holiday_country, subdivision=self.holiday_subdivision)

    @classmethod
    def current(cls) -> MeetingSettings:
        return cls.objects.get_or_create(pk=1)[0]
