"""The experience-beside-operational page's choices: which experience metric, which
operational figure, the period length, how many periods and the scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from ..models import Metric, MetricKind, Touchpoint
from ..models.rollups import Granularity


class CorrelationForm(forms.Form):
    experience = forms.ModelChoiceField(
        queryset=Metric.objects.exclude(kind=MetricKind.OPERATIONAL).filter(is_active=True),
        to_field_name="code",
        empty_label=None,
        label="Experience metric",
    )
    operational = forms.ModelChoiceField(
        queryset=Metric.objects.filter(kind=MetricKind.OPERATIONAL, is_active=True),
        to_field_name="code",
        empty_label=None,
        label="Operational figure",
        help_text="Entered per period on the operational figures page.",
    )
    granularity = forms.ChoiceField(
        choices=[(g, label) for g, label in Granularity.choices if g != Granularity.DAY],
        initial=Granularity.MONTH,
        label="Periods of a",
    )
    periods = forms.IntegerField(
        min_value=3,
        max_value=120,
        initial=24,
        label="Up to this many periods",
        help_text="The latest periods with both values; 3 at least, 8 or more for evidence.",
    )
    touchpoint = forms.ModelChoiceField(
        queryset=Touchpoint.objects.order_by("name"),
        required=False,
        to_field_name="code",
        empty_label="All touchpoints",
        help_text="Both series at one touchpoint (the figures entered there), or the whole "
        "company's.",
    )

    @classmethod
    def from_query(cls, params: Any) -> CorrelationForm:
        data = params.copy()
        data.setdefault("granularity", Granularity.MONTH)
        data.setdefault("periods", "24")
        if "operational" not in data:
            # The first operational figure, paired with the experience metric it explains.
            figures = Metric.objects.filter(kind=MetricKind.OPERATIONAL, is_active=True)
            first = figures.order_by(models.F("explains").asc(nulls_last=True), "name").first()
            if first is not None:
                data["operational"] = first.code
                if first.explains is not None:
                    data.setdefault("experience", first.explains.code)
        data.setdefault("experience", "nps")
        return cls(data)
