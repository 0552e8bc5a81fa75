"""django-filter filtersets for the voc API."""

import django_filters

from cxgov.api.filters import FilterSet

from .models import Alert, KpiRollup, KpiTarget, Metric, Response, Touchpoint


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
    class Meta:
        model = Alert
        fields = ["metric", "kind", "granularity", "dimension_kind", "for_steering_committee"]


class ResponseFilter(FilterSet):
    responded_from = django_filters.IsoDateTimeFilter(field_name="responded_at", lookup_expr="gte")
    responded_to = django_filters.IsoDateTimeFilter(field_name="responded_at", lookup_expr="lt")

    class Meta:
        model = Response
        fields = ["metric", "touchpoint", "channel", "segment", "business_unit"]
