"""The drivers page's filters: which metric, how many months up to which, and the scope."""

from __future__ import annotations

from typing import Any

from django import forms

from cxgov.forms import MonthField

from ..models import Metric, MetricKind, Touchpoint

MONTHS_CHOICES = [(1, "1 month"), (3, "3 months"), (6, "6 months"), (12, "12 months")]


class DriverFilterForm(forms.Form):
    metric = forms.ModelChoiceField(
        queryset=Metric.objects.exclude(kind=MetricKind.OPERATIONAL).filter(is_active=True),
        to_field_name="code",
        empty_label=None,
        help_text="Whose detractors: NPS 0-6, CSAT dissatisfied, CES high effort.",
    )
    months = forms.TypedChoiceField(choices=MONTHS_CHOICES, coerce=int, initial=3)
    until = MonthField(
        required=False,
        label="Up to the month of",
        help_text="Blank: the latest month with comments.",
    )
    touchpoint = forms.ModelChoiceField(
        queryset=Touchpoint.objects.order_by("name"),
        required=False,
        to_field_name="code",
        empty_label="All touchpoints",
    )

    @classmethod
    def from_query(cls, params: Any) -> DriverFilterForm:
        data = params.copy()
        data.setdefault("metric", "nps")
        data.setdefault("months", "3")
        return cls(data)
