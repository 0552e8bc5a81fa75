"""The KPI pages' filters: metric, granularity, scope and periods, and the point of a drill-down."""

from __future__ import annotations

from typing import Any

from django import forms

from cxgov.forms import DateInput

from .. import selectors
from ..models import DimensionKind, Granularity, scope_from_key, scope_key
from ..periods import period_start

DIMENSION_KINDS = [(k, label) for k, label in DimensionKind.choices if k != DimensionKind.OVERALL]


def scope_choices(
    dimensions: dict[str, list[tuple[int, str]]], *, overall: str, plural: bool = False
) -> list:
    """A scope field's choices: `overall`'s label first, then each dimension's values grouped
    under its kind (its plural when `plural`), keyed by voc.models.scope_key."""
    choices: list = [(scope_key(DimensionKind.OVERALL, 0), overall)]
    for kind, label in DIMENSION_KINDS:
        values = [(scope_key(kind, pk), name) for pk, name in dimensions.get(kind, [])]
        if values:
            choices.append((f"{label}s" if plural and not label.endswith("s") else label, values))
    return choices


class _ScopeChoices:
    """The scope field's choices (dimension values from the database) and the error list."""

    def __init__(self, *args: Any, dimensions: dict[str, list[tuple[int, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.dimensions = dimensions
        self.fields["scope"].choices = scope_choices(dimensions, overall="All responses")

    def _scope(self, key: str) -> selectors.Scope:
        kind, pk = scope_from_key(key)
        if kind == DimensionKind.OVERALL:
            return selectors.Scope()
        return selectors.Scope(kind=kind, id=pk, name=dict(self.dimensions[kind])[pk])

    def error_list(self) -> list[str]:
        """Each refused filter as 'Label: message', for the list above the results."""
        return [
            f"{self.fields[name].label or name.capitalize()}: {message}"
            if name in self.fields
            else message
            for name, errors in self.errors.items()
            for message in errors
        ]


class KpiFilterForm(_ScopeChoices, forms.Form):
    """Period range, granularity and scope (all responses, or one dimension value's), read
    from the query string. Every field is optional; a wrong one is named on the page."""

    granularity = forms.ChoiceField(
        choices=Granularity.choices,
        required=False,
        error_messages={
            "invalid_choice": "'%(value)s' is not a period length: choose day, week, month "
            "or quarter."
        },
        help_text="Each point is one period of this length.",
    )
    start = forms.DateField(
        required=False,
        widget=DateInput,
        label="From",
        error_messages={"invalid": "Give a date as YYYY-MM-DD."},
        help_text="The first period shown is the one containing this day.",
    )
    end = forms.DateField(
        required=False,
        widget=DateInput,
        label="To",
        error_messages={"invalid": "Give a date as YYYY-MM-DD."},
        help_text="The last period shown is the one containing this day.",
    )
    scope = forms.ChoiceField(
        required=False,
        label="Responses",
        error_messages={
            "invalid_choice": "'%(value)s' is not a touchpoint, channel, segment or business "
            "unit in cxgov."
        },
        help_text="All responses, or those of one touchpoint, channel, segment or business unit.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        granularity = data.get("granularity") or Granularity.MONTH
        data["granularity"] = granularity
        first, last = selectors.default_range(granularity)
        start, end = data.get("start"), data.get("end")
        if start and not end:
            end = max(start, last)
        if end and not start:
            start = selectors.default_range(granularity, on=end)[0]
        start, end = start or first, end or last
        if start > end:
            self.add_error("end", f"'To' ({end:%-d %b %Y}) is before 'From' ({start:%-d %b %Y}).")
        elif len(selectors.period_starts(start, end, granularity)) > selectors.MAX_PERIODS:
            self.add_error(
                "start",
                f"That is more than {selectors.MAX_PERIODS} {granularity}s; "
                "choose a shorter range or a longer period.",
            )
        data["start"], data["end"] = start, end
        data["scope"] = self._scope(data.get("scope") or "overall")
        return data


class BreakdownForm(KpiFilterForm):
    breakdown = forms.ChoiceField(
        choices=DIMENSION_KINDS,
        required=False,
        label="Break down by",
        error_messages={
            "invalid_choice": "'%(value)s' is not a dimension: choose touchpoint, channel, "
            "segment or business unit."
        },
        help_text="The latest period in the range, cut by each value of this dimension.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["breakdown"] = data.get("breakdown") or DimensionKind.TOUCHPOINT
        return data


class PointForm(_ScopeChoices, forms.Form):
    """One point of a chart: a period of a granularity, in a scope (the drill-down)."""

    granularity = KpiFilterForm.base_fields["granularity"]
    period = forms.DateField(
        label="Period",
        error_messages={
            "required": "Choose the period (its first day, YYYY-MM-DD).",
            "invalid": "Give the period's first day as YYYY-MM-DD.",
        },
    )
    scope = KpiFilterForm.base_fields["scope"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        granularity = data.get("granularity") or Granularity.MONTH
        data["granularity"] = granularity
        period = data.get("period")
        if period and period_start(period, granularity) != period:
            begins = period_start(period, granularity)
            self.add_error(
                "period",
                f"{period:%-d %b %Y} does not begin a {granularity}; that {granularity} begins "
                f"on {begins:%-d %b %Y}.",
            )
        data["scope"] = self._scope(data.get("scope") or "overall")
        return data
