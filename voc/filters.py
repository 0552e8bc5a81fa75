"""django-filter filtersets for the voc API."""

import django_filters
from django.contrib.auth import get_user_model

from cxgov.api.filters import FilterSet
from cxgov.forms import AnyYesNo, CompactSelect, DateInput
from governance.models import BusinessUnit

from .models import (
    Alert,
    CaseStatus,
    ClosedLoopCase,
    KpiRollup,
    KpiTarget,
    Metric,
    Response,
    Touchpoint,
)


class MetricFilter(FilterSet):
    class Meta:
        model = Metric
        fields = ["kind", "code", "is_active"]


class TouchpointFilter(FilterSet):
    class Meta:
        model = Touchpoint
        fields = ["journey_stage", "business_unit", "owner", "is_active"]


class RollupFilter(FilterSet):
    period_from = django_filters.DateFilter(field_name="period_start", lookup_expr="gte")
    period_to = django_filters.DateFilter(field_name="period_start", lookup_expr="lte")

    class Meta:
        model = KpiRollup
        fields = ["metric", "granularity", "dimension_kind", "dimension_id"]


class TargetFilter(FilterSet):
    class Meta:
        model = KpiTarget
        fields = ["metric", "success_statement", "dimension_kind", "granularity"]


class AlertFilter(FilterSet):
    awaiting_steering = django_filters.BooleanFilter(
        method="filter_awaiting_steering",
        label="Awaiting the steering committee",
        help_text="true: for the steering committee and not yet covered by a meeting.",
    )

    class Meta:
        model = Alert
        fields = [
            "metric", "kind", "granularity", "dimension_kind", "for_steering_committee",
            "meeting",
        ]  # fmt: skip

    def filter_awaiting_steering(self, queryset, name, value):
        from .selectors import alerts_not_yet_seen

        waiting = alerts_not_yet_seen().values("pk")
        return queryset.filter(pk__in=waiting) if value else queryset.exclude(pk__in=waiting)


class ResponseFilter(FilterSet):
    responded_from = django_filters.IsoDateTimeFilter(field_name="responded_at", lookup_expr="gte")
    responded_to = django_filters.IsoDateTimeFilter(field_name="responded_at", lookup_expr="lt")

    class Meta:
        model = Response
        fields = ["metric", "touchpoint", "channel", "segment", "business_unit"]


class CaseFilter(FilterSet):
    """Shared by the API and the case list page (which drops the fields left empty); each
    filter is labelled as the page shows it, its empty choice saying what it leaves out."""

    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, empty_label="Any status")
    metric = django_filters.ModelChoiceFilter(
        queryset=Metric.objects.all(), empty_label="Any metric"
    )
    touchpoint = django_filters.ModelChoiceFilter(
        queryset=Touchpoint.objects.order_by("name"), empty_label="Any touchpoint"
    )
    business_unit = django_filters.ModelChoiceFilter(
        queryset=BusinessUnit.objects.order_by("name"), empty_label="Any business unit"
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.order_by("last_name", "first_name", "username"),
        empty_label="Anyone",
        widget=CompactSelect,
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label="Overdue",
        help_text="Open and past the due date.",
        widget=AnyYesNo,
    )
    due_before = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lt", label="Due before", widget=DateInput
    )

    class Meta:
        model = ClosedLoopCase
        fields = ["status", "metric", "touchpoint", "business_unit", "owner"]

    def filter_overdue(self, queryset, name, value):
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))
