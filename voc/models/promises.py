"""The company's public CX promises ("we answer in one day", "opening an account takes ten
minutes"), each recorded with the touchpoint and the experience metric it speaks for, so the
promise check (voc.selectors.promises) can put the measured reality beside it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from cxgov.querysets import ScopedQuerySet
from cxgov.validators import SHORT_TEXT, plain_line, plain_text

from .metrics import MetricKind


class Promise(models.Model):
    statement = models.CharField(
        max_length=200,
        unique=True,
        validators=plain_line("The promise"),
        help_text='The promise as customers read it: "We answer in one day."',
    )
    touchpoint = models.ForeignKey(
        "voc.Touchpoint",
        on_delete=models.PROTECT,
        related_name="promises",
        help_text="Where customers meet the promise.",
    )
    metric = models.ForeignKey(
        "voc.Metric",
        on_delete=models.PROTECT,
        related_name="promises",
        help_text="The experience metric that tells whether it is kept, read at the touchpoint "
        "against its KPI target there.",
    )
    note = models.TextField(
        blank=True,
        validators=plain_text("The note", SHORT_TEXT),
        help_text="Where it is published, who made it, what keeping it means.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Still made to customers: only active promises are checked."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["statement"]
        verbose_name = "CX promise"

    def __str__(self) -> str:
        return self.statement

    def get_absolute_url(self) -> str:
        return reverse("voc:promise-list") + f"#promise-{self.pk}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.metric_id:
            if self.metric.kind == MetricKind.OPERATIONAL:
                errors["metric"] = (
                    f"{self.metric} is an operational figure, entered once per period with no "
                    "touchpoint: choose an experience metric customers answer (NPS, CSAT, CES...)."
                )
            elif self._state.adding and not self.metric.is_active:
                errors["metric"] = f"{self.metric} is no longer in use: choose an active metric."
        if self.touchpoint_id and self._state.adding and not self.touchpoint.is_active:
            errors["touchpoint"] = (
                f"The touchpoint {self.touchpoint} is no longer in use: choose an active one."
            )
        if errors:
            raise ValidationError(errors)


class PromiseVerdict(models.TextChoices):
    """What the promise check makes of a promise in its last complete period."""

    KEPT = "kept", "Kept"
    WITHIN_NOISE = "within_noise", "Short, within the noise"
    CONTRADICTED = "contradicted", "Contradicted"
    TOO_LITTLE_DATA = "too_little_data", "Too little data"
    NO_TARGET = "no_target", "No target to hold it to"
