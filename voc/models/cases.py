"""Closed-loop cases: a detractor or a dissatisfied customer who left a comment is followed up
by the touchpoint's owner (or the business unit's lead) within the service level."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cxgov.concurrency import Versioned
from cxgov.dates import today
from cxgov.querysets import ScopedQuerySet
from cxgov.validators import SHORT_TEXT, plain_text

from .. import permissions as rules


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    CLOSED = "closed", "Closed"


# Allowed moves of a case's status: the service, the pages and the API read this. Closing is
# final: a customer who writes again opens a new case with their new response.
CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}),
    CaseStatus.IN_PROGRESS: frozenset({CaseStatus.OPEN, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
}
OPEN_CASE_STATUSES = (CaseStatus.OPEN, CaseStatus.IN_PROGRESS)


class CaseSettings(models.Model):
    """One row: the closed loop's service level. Edited by admins in the admin."""

    service_level_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="A case is due this many days after it opens.",
    )
    working_days_only = models.BooleanField(
        default=True,
        help_text="Count Monday to Friday only (5 working days = a week). Untick for calendar "
        "days.",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "closed-loop settings"
        verbose_name_plural = "closed-loop settings"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="case_settings_one_row")]

    def __str__(self) -> str:
        return f"Cases due in {self.service_level}"

    @property
    def service_level(self) -> str:
        """The service level as a sentence says it: "5 working days", "1 day"."""
        days = self.service_level_days
        unit = "working day" if self.working_days_only else "day"
        return f"{days} {unit}{'' if days == 1 else 's'}"

    @classmethod
    def current(cls) -> CaseSettings:
        return cls.objects.get_or_create(pk=1)[0]

    def due_on(self, opened_on: dt.date) -> dt.date:
        """The due date of a case opened on `opened_on`: one service level later."""
        if not self.working_days_only:
            return opened_on + dt.timedelta(days=self.service_level_days)
        day, left = opened_on, self.service_level_days
        while left:
            day += dt.timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day

    def follow_up_from(self, now: dt.datetime) -> dt.datetime:
        """The service level counted back from `now` (as due_on counts it, at now's time of day
        in the project's zone): a response older than this is past following up, so a live
        import opens no case for it by default."""
        local = timezone.localtime(now)
        day, left = local.date(), self.service_level_days
        if not self.working_days_only:
            day -= dt.timedelta(days=left)
        while self.working_days_only and left:
            day -= dt.timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return dt.datetime.combine(day, local.time(), tzinfo=local.tzinfo)

    def latest_start_past(self, on: dt.date) -> dt.date:
        """The last day from which a whole service level has passed by `on` (its end is
        before `on`): a case due on or before it is a second service level overdue. One
        service level ends later the later it starts, so counting back finds it."""
        day = on - dt.timedelta(days=1)
        while self.due_on(day) >= on:
            day -= dt.timedelta(days=1)
        return day


class CaseQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> CaseQuerySet:
        """Every case for those the visibility rule (voc.permissions.can_see_all_cases) lets
        see all; anyone else the cases they own."""
        if rules.can_see_all_cases(user):
            return self
        return self.filter(owner=user)

    def open(self) -> CaseQuerySet:
        return self.filter(status__in=OPEN_CASE_STATUSES)

    def overdue(self, on: dt.date | None = None) -> CaseQuerySet:
        return self.open().filter(due_on__lt=on or today())

    def escalated_to_steering(self) -> CaseQuerySet:
        return self.filter(escalated_to_steering_on__isnull=False)


class ClosedLoopCase(Versioned):
    """A follow-up of one response, opened once (the one-to-one key) by the importer."""

    response = models.OneToOneField(
        "voc.Response", on_delete=models.CASCADE, related_name="case", help_text="What it follows."
    )
    # Copied from the response when the case opens, so counts per touchpoint and business unit
    # read this (small) table only.
    metric = models.ForeignKey("voc.Metric", on_delete=models.PROTECT, related_name="cases")
    touchpoint = models.ForeignKey(
        "voc.Touchpoint", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    business_unit = models.ForeignKey(
        "governance.BusinessUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="closed_loop_cases",
        help_text="Who follows the customer up: the touchpoint's owner, else the business "
        "unit's lead; the core team reassigns.",
    )
    status = models.CharField(max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField(default=today)
    due_on = models.DateField(help_text="From the service level in closed-loop settings.")
    closed_on = models.DateField(null=True, blank=True)
    closing_note = models.TextField(
        blank=True,
        validators=plain_text("The closing note", SHORT_TEXT),
        help_text="What was done for the customer: required to close.",
    )
    # The escalation ladder (voc.services.cases.case_escalations_send): a case still open
    # after its service level goes to its business unit's lead, and after twice its service
    # level to the steering committee's next KPI pack. Each step is written once, by the job.
    escalated_to_lead_on = models.DateField(
        "escalated to the unit's lead on",
        null=True,
        blank=True,
        help_text="When it went to the business unit's lead, one service level overdue.",
    )
    escalation_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name="escalated to",
        related_name="escalated_cases",
        help_text="The business unit's lead it went to; empty when the unit had none.",
    )
    escalated_to_steering_on = models.DateField(
        "escalated to the steering committee on",
        null=True,
        blank=True,
        help_text="When it went to the steering committee's next pack, twice its service "
        "level after it opened.",
    )
    escalation_meeting = models.ForeignKey(
        "governance.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name="on the pack of",
        related_name="escalated_cases",
        help_text="The steering committee meeting that was next when it went there; empty "
        "when none was scheduled.",
    )
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "closed-loop case"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="case_closed_on_iff_closed",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(closing_note=""),
                name="case_closed_with_a_note",
                violation_error_message="A closed case needs a note on what was done.",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("opened_on")),
                name="case_due_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(escalated_to_steering_on__isnull=True)
                | Q(escalated_to_lead_on__isnull=False),
                name="case_steering_after_lead",
                violation_error_message="A case goes to its unit's lead before the steering "
                "committee.",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "status", "due_on"], name="case_owner_open"),
            models.Index(fields=["status", "due_on"], name="case_status_due"),
        ]

    def __str__(self) -> str:
        return f"Case {self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("voc:case-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CASE_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < today()

    @property
    def escalation_step(self) -> str:
        """How far up it went: "", "lead" or "steering"."""
        if self.escalated_to_steering_on:
            return "steering"
        return "lead" if self.escalated_to_lead_on else ""

    @property
    def closed_late(self) -> bool:
        return self.closed_on is not None and self.closed_on > self.due_on

    def allowed_status_choices(self) -> list[tuple[str, str]]:
        """The statuses it may move to, in the order of CaseStatus, for a select."""
        allowed = CASE_TRANSITIONS[self.status]
        return [(value, label) for value, label in CaseStatus.choices if value in allowed]
