"""django-filter filtersets for the governance API."""

import django_filters

from cxgov.api.filters import FilterSet

from .models import (
    ActionItem,
    Activity,
    AgendaItem,
    Attendance,
    BusinessUnit,
    Cadence,
    Charter,
    Decision,
    DepartmentObjective,
    GovernanceBody,
    MaturityAssessment,
    Meeting,
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


# Meetings


class CadenceFilter(FilterSet):
    class Meta:
        model = Cadence
        fields = ["body", "frequency", "is_active"]


class MeetingFilter(FilterSet):
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Meeting
        fields = ["body", "cadence", "status"]


class AgendaItemFilter(FilterSet):
    class Meta:
        model = AgendaItem
        fields = ["meeting", "owner"]


class AttendanceFilter(FilterSet):
    class Meta:
        model = Attendance
        fields = ["meeting", "person", "status"]


class DecisionFilter(FilterSet):
    decided_after = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte")
    decided_before = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte")

    class Meta:
        model = Decision
        fields = ["body", "meeting", "decided_by"]


class ActionItemFilter(FilterSet):
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Open and past due")

    class Meta:
        model = ActionItem
        fields = ["owner", "status", "body", "meeting"]

    def filter_overdue(self, queryset, name, value):
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))
