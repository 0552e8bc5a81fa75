"""Metric definitions: what is measured, on which scale, and which way is better."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from cxgov.querysets import ScopedQuerySet
from cxgov.validators import plain_line, plain_text
from voc import stats
from voc.stats import Estimator


class MetricKind(models.TextChoices):
    NPS = "nps", "Net Promoter Score (0-10)"
    CSAT = "csat", "Customer satisfaction, share satisfied (1-5)"
    CES = "ces", "Customer effort score, mean (1-7)"
    CUSTOM_MEAN = "custom_mean", "Custom mean"
    CUSTOM_SHARE = "custom_share", "Custom share"
    OPERATIONAL = "operational", "Operational, one value per period"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


ESTIMATOR: dict[str, Estimator] = {
    MetricKind.NPS: Estimator.NPS,
    MetricKind.CSAT: Estimator.SHARE,
    MetricKind.CES: Estimator.MEAN,
    MetricKind.CUSTOM_MEAN: Estimator.MEAN,
    MetricKind.CUSTOM_SHARE: Estimator.SHARE,
    MetricKind.OPERATIONAL: Estimator.VALUE,
}
# The standard kinds keep their standard scales; only custom metrics set their own.
FIXED_SCALE: dict[str, tuple[float, float]] = {
    MetricKind.NPS: (0, 10),
    MetricKind.CSAT: (1, 5),
    MetricKind.CES: (1, 7),
}
SHARE_KINDS = {MetricKind.CSAT, MetricKind.CUSTOM_SHARE}


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            f"'{value}' is not a time zone; use an IANA name such as Europe/Paris or UTC."
        ) from exc


class Metric(models.Model):
    code = models.SlugField(max_length=40, unique=True, help_text="Used in import files: 'nps'.")
    name = models.CharField(max_length=120, unique=True, validators=plain_line("The name"))
    kind = models.CharField(max_length=16, choices=MetricKind.choices)
    scale_min = models.FloatField(null=True, blank=True, help_text="Lowest allowed score.")
    scale_max = models.FloatField(null=True, blank=True, help_text="Highest allowed score.")
    whole_scores = models.BooleanField(
        default=True, help_text="Scores are whole numbers (true for NPS, CSAT and CES)."
    )
    success_min = models.FloatField(
        null=True,
        blank=True,
        help_text="For a share: the lowest score that counts (CSAT: 4, so 4 and 5 are satisfied).",
    )
    success_max = models.FloatField(
        null=True, blank=True, help_text="For a share: the highest score that counts."
    )
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    unit = models.CharField(
        max_length=20,
        blank=True,
        validators=plain_line("The unit"),
        help_text="points, %, minutes...",
    )
    description = models.TextField(blank=True, validators=plain_text("The description"))
    reporting_time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="Days, weeks, months and quarters begin at midnight in this time zone.",
    )
    is_active = models.BooleanField(default=True)
    explains = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="explained_by",
        limit_choices_to=~Q(kind="operational"),
        help_text="For an operational figure: the experience metric it helps explain (churn "
        "beside NPS). Its figures are shown beside that metric.",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_min__isnull=True)
                | Q(scale_max__isnull=True)
                | Q(scale_min__lt=F("scale_max")),
                name="metric_scale_min_below_max",
                violation_error_message="The lowest score must be below the highest.",
            ),
            models.CheckConstraint(
                condition=Q(kind="operational")
                | (Q(scale_min__isnull=False) & Q(scale_max__isnull=False)),
                name="metric_scored_kinds_have_a_scale",
                violation_error_message="A metric scored by customers needs a scale.",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["csat", "custom_share"])
                | (
                    Q(success_min__isnull=False)
                    & Q(success_max__isnull=False)
                    & Q(success_min__lte=F("success_max"))
                ),
                name="metric_share_has_a_success_range",
                violation_error_message="A share needs the range of scores that count.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def estimator(self) -> Estimator:
        return ESTIMATOR[self.kind]

    def value_range(self) -> tuple[float | None, float | None]:
        """The values a KPI of this metric can take: NPS points, a share's percent, a mean."""
        estimator = self.estimator
        if estimator == Estimator.NPS:
            return -100, 100
        if estimator == Estimator.SHARE:
            return 0, 100
        if estimator == Estimator.MEAN:
            return self.scale_min, self.scale_max
        return None, None

    @property
    def time_zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.reporting_time_zone)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        fixed = FIXED_SCALE.get(self.kind)
        if fixed and (self.scale_min, self.scale_max) != fixed:
            errors["scale_min"] = (
                f"{self.get_kind_display()} is scored {fixed[0]:g} to {fixed[1]:g}; "
                "use a custom metric for another scale."
            )
        if self.kind == MetricKind.OPERATIONAL:
            if self.scale_min is not None or self.scale_max is not None:
                errors["scale_min"] = "An operational metric is entered per period, not scored."
        elif self.scale_min is None or self.scale_max is None:
            errors["scale_max"] = "Set the lowest and highest score."
        elif self.scale_min >= self.scale_max:
            errors["scale_max"] = "The highest score must be above the lowest."
        if self.explains_id is not None and self.kind != MetricKind.OPERATIONAL:
            errors["explains"] = "Only an operational figure explains an experience metric."
        elif self.explains is not None and self.explains.kind == MetricKind.OPERATIONAL:
            errors["explains"] = "Choose an experience metric (NPS, CSAT, CES...), not a figure."
        if self.kind in SHARE_KINDS:
            if self.success_min is None or self.success_max is None:
                errors["success_min"] = "A share needs the range of scores that count."
            elif self.success_min > self.success_max:
                errors["success_max"] = "The range of scores that count is upside down."
            elif (
                self.scale_min is not None
                and self.scale_max is not None
                and not (self.scale_min <= self.success_min and self.success_max <= self.scale_max)
            ):
                errors["success_min"] = "The scores that count must lie on the scale."
        if errors:
            raise ValidationError(errors)

    def detractor_q(self, prefix: str = "") -> Q | None:
        """The responses that pull this metric down: NPS detractors (0-6), a share's scores
        outside the range that counts (CSAT 1-3: dissatisfied), a mean's unfavourable half
        (CES 1-3 when 7 is easiest: high effort). None for an operational figure."""
        score = f"{prefix}score"
        estimator = self.estimator
        if estimator == Estimator.NPS:
            return Q(**{f"{score}__lte": stats.DETRACTOR_MAX})
        if estimator == Estimator.SHARE:
            return Q(**{f"{score}__lt": self.success_min}) | Q(**{f"{score}__gt": self.success_max})
        if estimator == Estimator.MEAN:
            middle = (self.scale_min + self.scale_max) / 2
            if self.direction == Direction.HIGHER:
                return Q(**{f"{score}__lt": middle})
            return Q(**{f"{score}__gt": middle})
        return None

    def _detractors(self) -> tuple[str, str]:
        """What the metric's detractors are called and which scores they give: ("", "") for
        a metric without them."""
        estimator = self.estimator
        if estimator == Estimator.NPS:
            return "detractors", f"0-{stats.DETRACTOR_MAX}"
        if estimator == Estimator.SHARE:
            return "dissatisfied", f"outside {self.success_min:g}-{self.success_max:g}"
        if estimator == Estimator.MEAN:
            middle = (self.scale_min + self.scale_max) / 2
            word = "high effort" if self.kind == MetricKind.CES else "unfavourable"
            side = "below" if self.direction == Direction.HIGHER else "above"
            return word, f"{side} {middle:g}"
        return "", ""

    @property
    def detractor_label(self) -> str:
        """What the metric's detractors are called, with their scores."""
        group, scores = self._detractors()
        return f"{group} ({scores})" if group else ""

    @property
    def detractor_group(self) -> str:
        """Their name alone, for a column heading: detractors, dissatisfied, high effort."""
        return self._detractors()[0]

    def score_error(self, score: float) -> str | None:
        """Why a score cannot be recorded for this metric, or None."""
        if self.kind == MetricKind.OPERATIONAL:
            return f"{self.name} is operational: enter it per period, not as responses"
        if not (self.scale_min <= score <= self.scale_max):
            return f"{score:g} is off the scale {self.scale_min:g}-{self.scale_max:g}"
        if self.whole_scores and score != int(score):
            return f"{score:g} is not a whole number"
        return None
