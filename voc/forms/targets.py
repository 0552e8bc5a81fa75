"""The KPI target form: a metric, a scope picked from one grouped list (overall, or a
touchpoint, channel, segment or business unit by name), the baseline and the target. The form
parses; the model and voc.services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from cxgov.forms import VersionField, date_field, model_field

from ..models import KpiTarget, Metric, scope_from_key
from .kpis import scope_choices


class TargetForm(forms.Form):
    """Set a KPI target (`new=True`: with its metric and scope) or change one's numbers,
    dates and note (its metric and scope stay)."""

    metric = forms.ModelChoiceField(
        queryset=Metric.objects.filter(is_active=True).order_by("name"),
        help_text="The KPI the target is for; it cannot change once set.",
    )
    scope = forms.ChoiceField(
        help_text="Overall, or one touchpoint's, channel's, segment's or business unit's "
        "responses; it cannot change once set."
    )
    granularity = model_field(KpiTarget, "granularity")
    baseline_value = forms.FloatField(
        label="Baseline value", help_text="The KPI's value in the baseline period."
    )
    baseline_period_start = date_field(KpiTarget, "baseline_period_start")
    target_value = forms.FloatField(label="Target value", help_text="The value to reach.")
    target_date = date_field(KpiTarget, "target_date")
    note = model_field(KpiTarget, "note")
    version = VersionField()

    def __init__(
        self, *args: Any, dimensions: dict[str, list[tuple[int, str]]], new: bool, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.new = new
        if new:
            self.fields["scope"].choices = scope_choices(
                dimensions, overall="Overall (all responses)", plural=True
            )
            del self.fields["version"]
        else:
            del self.fields["metric"]
            del self.fields["scope"]

    def clean_scope(self) -> tuple[str, int]:
        return scope_from_key(self.cleaned_data["scope"])

    def service_data(self) -> dict[str, Any]:
        """The cleaned input as the target services take it."""
        data = dict(self.cleaned_data)
        if "scope" in data:
            data["dimension_kind"], data["dimension_id"] = data.pop("scope")
        return data
