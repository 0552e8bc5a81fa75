"""The operational-figure form: which figure, which period, the value and a note. The form
parses; voc.services.operational_value_record (and _correct) decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from cxgov.forms import date_field, model_field

from ..models import Metric, MetricKind, OperationalValue, Touchpoint


class OperationalValueForm(forms.Form):
    """Enter a figure for a period (`new=True`), or correct one's value and note (its figure,
    period and touchpoint stay)."""

    metric = forms.ModelChoiceField(
        label="Figure",
        queryset=Metric.objects.filter(kind=MetricKind.OPERATIONAL, is_active=True).order_by(
            "name"
        ),
        help_text="The operational figure: churn, handle time, repeat contacts...",
    )
    granularity = model_field(
        OperationalValue, "granularity", initial="month", help_text="The period it covers."
    )
    period_start_on = date_field(
        OperationalValue,
        "period_start",
        label="Period begins on",
        help_text="The first day of the period: the 1st of a month, a Monday for a week, the "
        "1st of January, April, July or October for a quarter.",
    )
    touchpoint = forms.ModelChoiceField(
        queryset=Touchpoint.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="The whole company",
        help_text="Where the figure is measured, if at one touchpoint (repeat contacts after "
        "app login); it is then set beside the experience metric at that touchpoint.",
    )
    value = forms.FloatField(help_text="In the figure's unit (% for a rate, minutes for a time).")
    note = model_field(OperationalValue, "note", help_text="Where it comes from, if it helps.")

    def __init__(self, *args: Any, new: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not new:
            for name in ("metric", "granularity", "period_start_on", "touchpoint"):
                del self.fields[name]
