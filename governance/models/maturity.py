"""Maturity assessments: the questionnaire's answers scored onto the five-level scale."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from cxgov.dates import today
from cxgov.querysets import ScopedQuerySet
from cxgov.validators import plain_text, program_date


class MaturityLevel(models.IntegerChoices):
    INTERESTED = 1, "Interested"
    INVESTED = 2, "Invested"
    COMMITTED = 3, "Committed"
    ENGAGED = 4, "Engaged"
    EMBEDDED = 5, "Embedded"


class MaturityAssessmentQuerySet(ScopedQuerySet):
    pass


class MaturityAssessment(models.Model):
    """A scored answer to the maturity questionnaire (governance/maturity.py), kept over time."""

    assessed_on = models.DateField(default=today, validators=[program_date])
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="maturity_assessments",
    )
    answers = models.JSONField(help_text="Question code → answer from 1 to 5.")
    score = models.DecimalField(max_digits=3, decimal_places=2)
    level = models.PositiveSmallIntegerField(choices=MaturityLevel.choices)
    recommendation = models.TextField(validators=plain_text("The recommendation"))
    stress_jobs = models.JSONField(
        default=list, help_text="Codes of the core-team jobs this assessment says to stress."
    )
    notes = models.TextField(blank=True, validators=plain_text("The notes"))

    objects = MaturityAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        get_latest_by = ["assessed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="maturity_score_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="maturity_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessed_on:%d %b %Y}: {self.get_level_display()} ({self.score})"

    def get_absolute_url(self) -> str:
        return reverse("governance:maturity-detail", args=[self.pk])
