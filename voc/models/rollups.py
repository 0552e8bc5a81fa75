"""KPI rollups: the sufficient statistics per metric, period and dimension value, computed by
the database, so dashboards never read raw responses. Also operational figures, entered once
per period, for the whole company or one touchpoint."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cxgov.querysets import ScopedQuerySet
from cxgov.validators import plain_line, program_date
from voc import stats
from voc.stats import Estimator

from .dimensions import DimensionKind


class Granularity(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"


# The Response column that holds each dimension.
DIMENSION_COLUMN: dict[str, str] = {
    DimensionKind.TOUCHPOINT: "touchpoint_id",
    DimensionKind.CHANNEL: "channel_id",
    DimensionKind.SEGMENT: "segment_id",
    DimensionKind.BUSINESS_UNIT: "business_unit_id",
}


class KpiRollup(models.Model):
    metric = models.ForeignKey("voc.Metric", on_delete=models.CASCADE, db_index=False)
    granularity = models.CharField(max_length=8, choices=Granularity.choices)
    period_start = models.DateField(help_text="First day of the period, in the metric's zone.")
    dimension_kind = models.CharField(
        max_length=16, choices=DimensionKind.choices, default=DimensionKind.OVERALL
    )
    dimension_id = models.BigIntegerField(default=0, help_text="0 for overall.")
    n = models.PositiveIntegerField(default=0)
    promoters = models.PositiveIntegerField(default=0)
    passives = models.PositiveIntegerField(default=0)
    detractors = models.PositiveIntegerField(default=0)
    share_count = models.PositiveIntegerField(default=0, help_text="Responses in the share.")
    total = models.FloatField(default=0, help_text="Sum of scores.")
    total_squares = models.FloatField(default=0, help_text="Sum of squared scores.")
    score = models.FloatField(null=True)
    low = models.FloatField(null=True, help_text="95% interval, low end.")
    high = models.FloatField(null=True, help_text="95% interval, high end.")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["metric", "granularity", "dimension_kind", "dimension_id", "period_start"]
        constraints = [
            # Also the index of every dashboard read: one metric's series at one granularity.
            models.UniqueConstraint(
                fields=["metric", "granularity", "dimension_kind", "dimension_id", "period_start"],
                name="rollup_one_row_per_metric_period_dimension",
            ),
            models.CheckConstraint(
                condition=Q(dimension_kind="overall", dimension_id=0)
                | (~Q(dimension_kind="overall") & ~Q(dimension_id=0)),
                name="rollup_overall_has_no_dimension_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric_id} {self.granularity} {self.period_start} {self.dimension_kind}"

    @property
    def small_sample(self) -> bool:
        return self.estimator != Estimator.VALUE and self.n < settings.CXGOV_VOC_MIN_SAMPLE

    @property
    def estimator(self) -> Estimator:
        return self.metric.estimator

    def estimate(self) -> stats.Estimate:
        """The value and interval recomputed from the stored counts (for differences)."""
        kind = self.estimator
        if kind == Estimator.NPS:
            return stats.nps(
                promoters=self.promoters, passives=self.passives, detractors=self.detractors
            )
        if kind == Estimator.SHARE:
            return stats.share(successes=self.share_count, n=self.n)
        if kind == Estimator.MEAN:
            return stats.mean(n=self.n, total=self.total, sum_squares=self.total_squares)
        return stats.entered_value(self.score)


class OperationalValue(models.Model):
    """Churn, handle time, repeat contacts: one figure per metric, period and touchpoint
    (none: the whole company), entered. The touchpoint is the dimension the experience side
    is read at on the correlation page, so the two pair on the same periods and scope."""

    metric = models.ForeignKey("voc.Metric", on_delete=models.PROTECT, db_index=False)
    granularity = models.CharField(max_length=8, choices=Granularity.choices)
    period_start = models.DateField(validators=[program_date])
    touchpoint = models.ForeignKey(
        "voc.Touchpoint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operational_values",
        help_text="The touchpoint the figure is measured at; empty: the whole company.",
    )
    value = models.FloatField()
    note = models.CharField(max_length=200, blank=True, validators=plain_line("The note"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    entered_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["metric", "granularity", "period_start"]
        constraints = [
            # Two partial constraints rather than one with NULLS NOT DISTINCT: SQLite (the
            # embedded run) has no such clause, and the whole company is one scope too.
            models.UniqueConstraint(
                fields=["metric", "granularity", "period_start"],
                condition=Q(touchpoint__isnull=True),
                name="operational_value_once_per_period",
                violation_error_message="This period already has a value.",
            ),
            models.UniqueConstraint(
                fields=["metric", "granularity", "period_start", "touchpoint"],
                condition=Q(touchpoint__isnull=False),
                name="operational_value_once_per_period_touchpoint",
                violation_error_message="This period already has a value at this touchpoint.",
            ),
        ]

    def __str__(self) -> str:
        where = f" {self.touchpoint_id}" if self.touchpoint_id else ""
        return f"{self.metric_id} {self.granularity} {self.period_start}{where}: {self.value:g}"
