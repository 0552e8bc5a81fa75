"""Target links: the KPI targets an initiative is meant to move (the change it expects, and by
when)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cxgov.querysets import ScopedQuerySet
from cxgov.validators import plain_line, program_date

from .initiatives import Initiative


class ChangeDirection(models.TextChoices):
    INCREASE = "increase", "Increase"
    DECREASE = "decrease", "Decrease"


# The direction a link must state for each metric direction: the way the metric gets better.
BETTER_CHANGE = {"higher": ChangeDirection.INCREASE, "lower": ChangeDirection.DECREASE}


class TargetLinkQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> TargetLinkQuerySet:
        return self.filter(initiative__in=Initiative.objects.for_user(user))

    def shaped(self) -> TargetLinkQuerySet:
        """With the target, its metric and statement and the initiative: one query."""
        return self.select_related("initiative", "target__metric", "target__success_statement")


class TargetLink(models.Model):
    """An initiative's claim on a KPI target: the change it expects to make to the KPI (in
    the metric's unit, the way the metric gets better) and by when. Read by the initiative's
    page, the line of sight and the steering committee's pack (expected beside realized)."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="target_links"
    )
    target = models.ForeignKey(
        "voc.KpiTarget",
        on_delete=models.PROTECT,
        related_name="initiative_links",
        help_text="The KPI target the initiative is meant to move.",
    )
    expected_change = models.FloatField(
        help_text="How much the initiative should move the KPI, in the metric's unit "
        "(NPS points, % for a share); a positive number, the direction says which way.",
    )
    direction = models.CharField(
        max_length=8,
        choices=ChangeDirection.choices,
        help_text="Which way the KPI should move: the way its metric gets better.",
    )
    expected_by = models.DateField(
        validators=[program_date],
        help_text="When the change should show in the KPI; not before the initiative starts.",
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        validators=plain_line("The note"),
        help_text="How it moves the KPI.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = TargetLinkQuerySet.as_manager()

    class Meta:
        ordering = ["expected_by", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "target"],
                name="target_link_once_per_initiative_target",
                violation_error_message="This initiative is already linked to this target.",
            ),
            models.CheckConstraint(
                condition=Q(expected_change__gt=0),
                name="target_link_expected_change_positive",
                violation_error_message="The expected change is a positive number.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.target}"

    @property
    def signed_change(self) -> float:
        """The expected change as a signed number: negative for a decrease."""
        return self.expected_change * (-1 if self.direction == ChangeDirection.DECREASE else 1)

    @property
    def unit(self) -> str:
        return self.target.metric.unit

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.expected_change is not None and self.expected_change <= 0:
            errors["expected_change"] = (
                f"The expected change is a positive number ({self.expected_change:g} is not); "
                "choose the direction to say which way the KPI moves."
            )
        target = self.target if self.target_id else None
        if target is not None:
            metric = target.metric
            low, high = target.value_range()
            if self.expected_change is not None and low is not None and high is not None:
                span = high - low
                if self.expected_change > span:
                    unit = f" {metric.unit}" if metric.unit else ""
                    errors["expected_change"] = (
                        f"{metric} runs from {low:g} to {high:g}: it cannot move by "
                        f"{self.expected_change:g}{unit}."
                    )
            better = BETTER_CHANGE[metric.direction]
            if self.direction and self.direction != better:
                way = "higher" if better == ChangeDirection.INCREASE else "lower"
                errors["direction"] = (
                    f"{metric} is better {way}: an initiative meant to move its target "
                    f"expects a {better.label.lower()}."
                )
        initiative = self.initiative if self.initiative_id else None
        if initiative is not None and self.expected_by and self.expected_by < initiative.start_date:
            errors["expected_by"] = (
                f"The change is expected {self.expected_by:%-d %b %Y}, before the initiative "
                f"starts ({initiative.start_date:%-d %b %Y})."
            )
        if errors:
            raise ValidationError(errors)
