"""Status updates: what a team reports; the latest sets its initiative's health, progress and
"last heard of" date."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from cxgov.dates import today
from cxgov.querysets import ScopedQuerySet
from cxgov.validators import SHORT_TEXT, plain_text, program_date

from .initiatives import Health, Initiative


class StatusUpdateQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> StatusUpdateQuerySet:
        return self.filter(initiative__in=Initiative.objects.for_user(user))


class StatusUpdate(models.Model):
    """What a team reports: health, progress, a summary and blockers. The latest one sets
    its initiative's health and progress; all of them are its timeline."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="status_updates"
    )
    reported_on = models.DateField(default=today, validators=[program_date])
    created_at = models.DateTimeField(auto_now_add=True)
    health = models.CharField(max_length=8, choices=Health.choices)
    progress = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(100)], help_text="Per cent done."
    )
    summary = models.TextField(validators=plain_text("The summary"))
    blockers = models.TextField(
        blank=True,
        validators=plain_text("The blockers", SHORT_TEXT),
        help_text="What stands in the way, if anything.",
    )

    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-created_at", "-pk"]
        get_latest_by = ["reported_on", "created_at", "pk"]
        # The timeline and the API list read newest first, a year of monthly updates each; the
        # pack and the line of sight read each initiative's latest (before a date): a seek
        # per initiative, not a walk of everyone's updates newest first.
        indexes = [
            models.Index(fields=["-reported_on", "-created_at", "-id"]),
            models.Index(
                fields=["initiative", "-reported_on", "-created_at", "-id"],
                name="statusupdate_latest",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="status_update_progress_0_to_100",
                violation_error_message="Progress is a per cent from 0 to 100.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} · {self.get_health_display()} on {self.reported_on:%-d %b %Y}"
