"""KPI targets (each belongs to a governance success statement) and the alerts the nightly check
raises: a KPI crossing into off track, or a change outside the noise."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.http import urlencode
from simple_history.models import HistoricalRecords

from cxgov.concurrency import Versioned
from cxgov.querysets import ScopedQuerySet
from cxgov.validators import plain_line, program_date

from ..periods import period_start
from .dimensions import DIMENSION_MODELS, DimensionKind, dimension_model, scope_key
from .metrics import Direction
from .rollups import Granularity, KpiRollup


class TargetStatus(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    NO_DATA = "no_data", "No data yet"


# The rule, as the page writes it beside every status.
TARGET_STATUS_RULE = (
    "The expected value runs in a straight line from the baseline (at the start of its period; "
    "the KPI's measured value in that period when it has data, else the typed one) to the "
    "target (on its date). A KPI is on track when its latest value is on or beyond the "
    "line; at risk when it falls short but its 95% interval still reaches the line (the gap "
    "may be noise); off track when the whole interval falls short."
)


# Where a typed baseline and the measured one round apart at this many decimals, the pages say so.
BASELINE_DECIMALS = 1


def _measured_baseline() -> Subquery:
    """The score of the target's own series (metric, granularity, scope) in its baseline
    period: the one baseline every reading starts from when data exists."""
    return Subquery(
        KpiRollup.objects.filter(
            metric=OuterRef("metric"),
            granularity=OuterRef("granularity"),
            dimension_kind=OuterRef("dimension_kind"),
            dimension_id=OuterRef("dimension_id"),
            period_start=OuterRef("baseline_period_start"),
            score__isnull=False,
        ).values("score")[:1]
    )


class KpiTargetQuerySet(ScopedQuerySet):
    def with_measured_baseline(self) -> KpiTargetQuerySet:
        return self.annotate(measured_baseline=_measured_baseline())


class KpiTargetManager(models.Manager.from_queryset(KpiTargetQuerySet)):
    """Every read of a target carries its measured baseline (one subquery on the rollups'
    unique key), so no page, API answer or job draws the path from another baseline."""

    def get_queryset(self) -> KpiTargetQuerySet:
        return super().get_queryset().with_measured_baseline()


class KpiTarget(Versioned):
    success_statement = models.ForeignKey(
        "governance.SuccessStatement", on_delete=models.PROTECT, related_name="kpi_targets"
    )
    metric = models.ForeignKey("voc.Metric", on_delete=models.PROTECT, related_name="targets")
    dimension_kind = models.CharField(
        max_length=16, choices=DimensionKind.choices, default=DimensionKind.OVERALL
    )
    dimension_id = models.BigIntegerField(default=0, help_text="0 for overall.")
    granularity = models.CharField(
        max_length=8,
        choices=Granularity.choices,
        default=Granularity.MONTH,
        help_text="The period whose latest value is held against the path.",
    )
    baseline_value = models.FloatField()
    baseline_period_start = models.DateField(
        validators=[program_date],
        help_text="First day of the baseline's period (a Monday for a week, the 1st of a month, "
        "the 1st of January, April, July or October for a quarter).",
    )
    target_value = models.FloatField()
    target_date = models.DateField(
        validators=[program_date], help_text="The date by which the target should be reached."
    )
    note = models.CharField(max_length=200, blank=True, validators=plain_line("The note"))
    history = HistoricalRecords()

    objects = KpiTargetManager()

    class Meta:
        ordering = ["metric__name", "target_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dimension_kind="overall", dimension_id=0)
                | (~Q(dimension_kind="overall") & ~Q(dimension_id=0)),
                name="target_overall_has_no_dimension_value",
            ),
            models.CheckConstraint(
                condition=Q(target_date__gt=F("baseline_period_start")),
                name="target_date_after_baseline",
                violation_error_message="The target date must come after the baseline.",
            ),
            models.UniqueConstraint(
                fields=["success_statement", "metric", "dimension_kind", "dimension_id"],
                name="target_once_per_statement_metric_scope",
                violation_error_message="This statement already has a target for this KPI.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric}: {self.target_value:g} by {self.target_date:%-d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("voc:target", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        starts = self.baseline_period_start
        if self.target_date and starts and self.target_date <= starts:
            errors["target_date"] = "The target date must come after the baseline."
        if self.metric_id and self.baseline_value is not None and self.target_value is not None:
            better = self.metric.direction == Direction.HIGHER
            if self.target_value == self.baseline_value:
                errors["target_value"] = "The target is the baseline: set the value to reach."
            elif (self.target_value < self.baseline_value) == better:
                way = "above" if better else "below"
                errors["target_value"] = (
                    f"{self.metric} is better {'higher' if better else 'lower'}: "
                    f"the target should be {way} the baseline ({self.baseline_value:g})."
                )
            low, high = self.value_range()
            for field in ("baseline_value", "target_value"):
                value = getattr(self, field)
                if low is not None and not (low <= value <= high):
                    errors[field] = f"{value:g} is outside {low:g} to {high:g}."
        if (self.dimension_kind == DimensionKind.OVERALL) != (self.dimension_id in (0, None)):
            errors["dimension_id"] = "Choose a dimension value, or overall without one."
        elif self.dimension_kind != DimensionKind.OVERALL:
            problem = self._dimension_problem()
            if problem:
                errors["dimension_id"] = problem
        if self.metric_id and self._state.adding and not self.metric.is_active:
            errors["metric"] = f"{self.metric} is no longer in use: choose an active metric."
        if starts and self.granularity in Granularity.values:
            first = period_start(starts, self.granularity)
            if first != starts:
                errors.setdefault(
                    "baseline_period_start",
                    f"A {self.get_granularity_display().lower()}'s baseline starts on the first "
                    f"day of its period: {first:%-d %b %Y}, not {starts:%-d %b %Y}.",
                )
        if errors:
            raise ValidationError(errors)

    def get_metric_url(self) -> str:
        """The metric's page showing this target's scope at its granularity: where a KPI's
        name links to."""
        query = urlencode(
            {
                "scope": scope_key(self.dimension_kind, self.dimension_id),
                "granularity": self.granularity,
            }
        )
        return f"{reverse('voc:metric', args=[self.metric.code])}?{query}"

    def dimension_value(self) -> models.Model | None:
        """The touchpoint, channel, segment or business unit the target is scoped to."""
        if self.dimension_kind == DimensionKind.OVERALL:
            return None
        if self.dimension_kind not in DIMENSION_MODELS:
            return None
        return dimension_model(self.dimension_kind).objects.filter(pk=self.dimension_id).first()

    def _dimension_problem(self) -> str:
        """Why the scope's dimension value cannot be used, or ''. An inactive value is refused
        for a new target only: an existing one keeps its scope when the value retires."""
        if self.dimension_kind not in DIMENSION_MODELS:
            return ""  # the field's choices refuse an unknown kind
        label = DimensionKind(self.dimension_kind).label.lower()
        value = self.dimension_value()
        if value is None:
            return f"There is no {label} with id {self.dimension_id}."
        if self._state.adding and not value.is_active:
            return f"The {label} {value} is no longer in use: choose an active one."
        return ""

    def value_range(self) -> tuple[float | None, float | None]:
        """The values a KPI of this target's metric can take."""
        return self.metric.value_range()

    @property
    def measured_baseline_value(self) -> float | None:
        """The KPI's measured value in the baseline period, None when it has no data. Read
        from the manager's annotation; a target built another way (a history row, a new
        object) asks the rollups once."""
        if not hasattr(self, "measured_baseline"):
            self.measured_baseline = (
                KpiRollup.objects.filter(
                    metric_id=self.metric_id,
                    granularity=self.granularity,
                    dimension_kind=self.dimension_kind,
                    dimension_id=self.dimension_id,
                    period_start=self.baseline_period_start,
                    score__isnull=False,
                )
                .values_list("score", flat=True)
                .first()
            )
        return self.measured_baseline

    @property
    def baseline(self) -> float:
        """The baseline every reading uses: measured when its period has data, else typed."""
        measured = self.measured_baseline_value
        return self.baseline_value if measured is None else measured

    @property
    def baseline_is_measured(self) -> bool:
        return self.measured_baseline_value is not None

    @property
    def baseline_note(self) -> str:
        """What a page says beside the baseline when the typed one differs from the measured
        one (at BASELINE_DECIMALS), or ''."""
        measured = self.measured_baseline_value
        if measured is None:
            return ""
        if round(measured, BASELINE_DECIMALS) == round(self.baseline_value, BASELINE_DECIMALS):
            return ""
        return (
            f"The typed baseline {self.baseline_value:g} differs from the measured "
            f"{measured:.{BASELINE_DECIMALS}f} of the baseline period: the path starts from "
            "the measured value."
        )

    def expected_on(self, day: dt.date) -> float:
        """The straight path from the baseline (measured when its period has data) to the
        target, held at the target after its date."""
        span = (self.target_date - self.baseline_period_start).days
        done = min(max((day - self.baseline_period_start).days, 0), span)
        start = self.baseline
        return start + (self.target_value - start) * done / span


class AlertKind(models.TextChoices):
    OFF_TRACK = "off_track", "Crossed into off track"
    OUTSIDE_NOISE = "outside_noise", "Change outside the noise"


class Alert(models.Model):
    """Raised once per metric, scope, period and kind (the unique constraint), for the core
    team, and listed for the steering committee's next meeting."""

    metric = models.ForeignKey("voc.Metric", on_delete=models.CASCADE, related_name="alerts")
    dimension_kind = models.CharField(
        max_length=16, choices=DimensionKind.choices, default=DimensionKind.OVERALL
    )
    dimension_id = models.BigIntegerField(default=0)
    granularity = models.CharField(max_length=8, choices=Granularity.choices)
    period_start = models.DateField()
    kind = models.CharField(max_length=16, choices=AlertKind.choices)
    target = models.ForeignKey(
        KpiTarget, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    message = models.TextField()
    raised_at = models.DateTimeField(auto_now_add=True)
    for_steering_committee = models.BooleanField(
        default=True, help_text="Listed in the steering committee's next KPI pack."
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="kpi_alerts",
        help_text="The steering committee meeting it is marked for: the next one scheduled "
        "when it was raised. Empty when none was: it waits among the alerts not yet seen.",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "metric",
                    "dimension_kind",
                    "dimension_id",
                    "granularity",
                    "period_start",
                    "kind",
                ],
                name="alert_once_per_metric_scope_period_kind",
            )
        ]

    def __str__(self) -> str:
        return self.message

    def get_absolute_url(self) -> str:
        """Its KPI: the metric's page in the alert's scope and granularity."""
        query = {
            "granularity": self.granularity,
            "scope": scope_key(self.dimension_kind, self.dimension_id),
        }
        return reverse("voc:metric", kwargs={"code": self.metric.code}) + "?" + urlencode(query)
