"""Filtersets for the portfolio, shared by the API and the pages (list, CSV export).

Strict (cxgov.api.filters.FilterSet): a value that cannot be applied is an error naming the
parameter, never ignored. The pages drop parameters left empty by their filter form first, so
"any status" is simply no status; the API refuses an empty value.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from cxgov.api.filters import FilterSet
from cxgov.forms import AnyYesNo, CompactSelect
from governance.models import BusinessUnit, GovernanceBody, Tier

from .models import (
    DrivenBy,
    Health,
    Initiative,
    Milestone,
    Risk,
    RiskStatus,
    Status,
    StatusUpdate,
    StrategicPriority,
    TargetLink,
    stale_q,
)


class _PeopleIterator(ModelChoiceIterator):
    """Options from one values() query: a filter offering 2,000 people builds no model
    instances to name them."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.values_list("pk", "first_name", "last_name", "username")
        for pk, first, last, username in rows.iterator(chunk_size=2000):
            name = f"{first} {last}".strip()
            yield (pk, name if name and name != username else username)

    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


class PersonFilterField(forms.ModelChoiceField):
    iterator = _PeopleIterator


class PersonSelect(CompactSelect):
    """Rendered straight from the choices, selected value marked (see cxgov.forms)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value in (None, "") else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) == chosen else "", label)
                for key, label in self.choices
            ),
        )
        final = self.build_attrs(self.attrs, attrs or {})
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), options)


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonFilterField


class InitiativeFilter(FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Status.choices, empty_label="Any status", label="Status"
    )
    health = django_filters.ChoiceFilter(
        choices=Health.choices, empty_label="Any health", label="Health"
    )
    business_unit = django_filters.ModelChoiceFilter(
        queryset=BusinessUnit.objects.order_by("name"),
        empty_label="Any business unit",
        label="Business unit",
    )
    working_group = django_filters.ModelChoiceFilter(
        queryset=GovernanceBody.objects.filter(tier=Tier.WORKING_GROUP).order_by("name"),
        empty_label="Any working group",
        label="Working group",
    )
    priority = django_filters.ModelChoiceFilter(
        field_name="priorities",
        queryset=StrategicPriority.objects.all(),
        empty_label="Any priority",
        label="Priority",
    )
    owner = PersonFilter(
        queryset=get_user_model().objects.order_by("last_name", "first_name", "username"),
        empty_label="Anyone",
        label="Owner",
        widget=PersonSelect,
    )
    driven_by = django_filters.ChoiceFilter(
        choices=DrivenBy.choices, empty_label="Either", label="Driven by"
    )
    stale = django_filters.BooleanFilter(method="filter_stale", label="Stale", widget=AnyYesNo)
    needs_help = django_filters.BooleanFilter(label="Needs help", widget=AnyYesNo)

    class Meta:
        model = Initiative
        fields = [
            "status",
            "health",
            "business_unit",
            "working_group",
            "priority",
            "owner",
            "driven_by",
            "stale",
            "needs_help",
        ]

    def filter_stale(self, queryset, name, value):
        return queryset.filter(stale_q()) if value else queryset.exclude(stale_q())


class StrategicPriorityFilter(FilterSet):
    class Meta:
        model = StrategicPriority
        fields = ["is_active", "period"]


def _visible_initiatives(request):
    return Initiative.objects.for_user(getattr(request, "user", None))


class MilestoneFilter(FilterSet):
    initiative = django_filters.ModelChoiceFilter(queryset=_visible_initiatives)
    done = django_filters.BooleanFilter(field_name="done_on", lookup_expr="isnull", exclude=True)
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = Milestone
        fields = ["initiative"]


class StatusUpdateFilter(FilterSet):
    initiative = django_filters.ModelChoiceFilter(queryset=_visible_initiatives)
    reported_after = django_filters.DateFilter(field_name="reported_on", lookup_expr="gte")
    reported_before = django_filters.DateFilter(field_name="reported_on", lookup_expr="lte")

    class Meta:
        model = StatusUpdate
        fields = ["initiative", "health", "author"]


class RiskFilter(FilterSet):
    initiative = django_filters.ModelChoiceFilter(queryset=_visible_initiatives)
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices)
    escalated = django_filters.BooleanFilter(
        field_name="escalated_on", lookup_expr="isnull", exclude=True
    )
    awaiting_steering = django_filters.BooleanFilter(
        method="filter_awaiting", label="Awaiting the steering committee"
    )

    class Meta:
        model = Risk
        fields = ["initiative", "status", "owner"]

    def filter_awaiting(self, queryset, name, value):
        waiting = Risk.objects.awaiting_steering()
        return queryset.filter(pk__in=waiting) if value else queryset.exclude(pk__in=waiting)


class TargetLinkFilter(FilterSet):
    initiative = django_filters.ModelChoiceFilter(queryset=_visible_initiatives)
    metric = django_filters.NumberFilter(field_name="target__metric_id", label="Metric id")
    expected_after = django_filters.DateFilter(field_name="expected_by", lookup_expr="gte")
    expected_before = django_filters.DateFilter(field_name="expected_by", lookup_expr="lte")
    initiative_status = django_filters.MultipleChoiceFilter(
        field_name="initiative__status", choices=Status.choices
    )

    class Meta:
        model = TargetLink
        fields = ["initiative", "target", "direction"]
