"""Leadership engagement: what executives and steering committee members do for CX (listening
sessions, CX Day, workshops, internal communications, customer visits), logged per person,
and the number per quarter the sponsor asks of each."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from cxgov.dates import today
from cxgov.querysets import ScopedQuerySet
from cxgov.validators import plain_line, program_date


class EngagementKind(models.TextChoices):
    LISTENING_SESSION = "listening_session", "Listening session"
    CX_DAY = "cx_day", "CX Day"
    WORKSHOP = "workshop", "Workshop"
    INTERNAL_COMMUNICATION = "internal_communication", "Internal communication"
    CUSTOMER_VISIT = "customer_visit", "Customer visit"


class Engagement(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cx_engagements"
    )
    kind = models.CharField(max_length=24, choices=EngagementKind.choices)
    happened_on = models.DateField(
        validators=[program_date], help_text="The day it happened: today or earlier."
    )
    title = models.CharField(
        max_length=200, validators=plain_line("The title"), help_text="What, where, with whom."
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    logged_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["person", "happened_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title} ({self.happened_on:%-d %b %Y})"

    def clean(self) -> None:
        if self.happened_on and self.happened_on > today():
            raise ValidationError(
                {
                    "happened_on": f"{self.happened_on:%-d %b %Y} is in the future: log what "
                    "has happened, on the day it did."
                }
            )


class EngagementTarget(models.Model):
    """How many engagements a quarter the sponsor asks of one person."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cx_engagement_target"
    )
    per_quarter = models.IntegerField(help_text="Engagements a quarter; 0 or more.")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["person__last_name", "person__username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(per_quarter__gte=0),
                name="engagement_target_not_negative",
                violation_error_message="A target is 0 or more engagements a quarter.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.per_quarter} a quarter"

    def clean(self) -> None:
        if self.per_quarter is not None and self.per_quarter < 0:
            message = f"A target is 0 or more engagements a quarter, not {self.per_quarter}."
            raise ValidationError({"per_quarter": message})
