"""django-filter filtersets for the governance API."""

import django_filters

from cxgov.api.filters import FilterSet

from .models import (
    Activity,
    BusinessUnit,
    Charter,
    DepartmentObjective,
    GovernanceBody,
    MaturityAssessment,
    Membership,
    MissionStatement,
    RaciAssignment,
    SuccessStatement,
    serving_q,
)


class BusinessUnitFilter(FilterSet):
    class Meta:
        model = BusinessUnit
        fields = ["is_active", "code"]


class GovernanceBodyFilter(FilterSet):
    active = django_filters.BooleanFilter(method="filter_active", label="Active (not disbanded)")

    class Meta:
        model = GovernanceBody
        fields = ["tier", "kind", "parent"]

    def filter_active(self, queryset, name, value):
        active = queryset.active()
        return active if value else queryset.exclude(pk__in=active.values("pk"))


class MembershipFilter(FilterSet):
    active = django_filters.BooleanFilter(method="filter_active", label="Serving today")

    class Meta:
        model = Membership
        fields = ["body", "person", "role", "business_unit", "body__tier"]

    def filter_active(self, queryset, name, value):
        serving = serving_q()
        return queryset.filter(serving) if value else queryset.exclude(serving)


class ActivityFilter(FilterSet):
    class Meta:
        model = Activity
        fields = ["kind", "decided_by", "escalates_to", "code"]


class RaciAssignmentFilter(FilterSet):
    class Meta:
        model = RaciAssignment
        fields = ["activity", "body", "person", "letter"]


class MaturityAssessmentFilter(FilterSet):
    assessed_after = django_filters.DateFilter(field_name="assessed_on", lookup_expr="gte")
    assessed_before = django_filters.DateFilter(field_name="assessed_on", lookup_expr="lte")

    class Meta:
        model = MaturityAssessment
        fields = ["level"]


class CharterFilter(FilterSet):
    class Meta:
        model = Charter
        fields = ["body"]


class MissionFilter(FilterSet):
    class Meta:
        model = MissionStatement
        fields = ["status"]


class SuccessStatementFilter(FilterSet):
    class Meta:
        model = SuccessStatement
        fields = ["business_unit", "objectives"]


class DepartmentObjectiveFilter(FilterSet):
    class Meta:
        model = DepartmentObjective
        fields = ["business_unit", "owner"]
