"""voc page forms: the dashboard filters and the steps of a CSV upload. Forms parse and
present input; the importer and the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from cxgov.forms import DateInput

from . import selectors
from .models import DimensionKind, Granularity, Metric, MetricKind
from .models.imports import IMPORT_FIELDS, REQUIRED_FIELDS

DIMENSION_KINDS = [(k, label) for k, label in DimensionKind.choices if k != DimensionKind.OVERALL]


class _ScopeChoices:
    """The scope field's choices (dimension values from the database) and the error list."""

    def __init__(self, *args: Any, dimensions: dict[str, list[tuple[int, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.dimensions = dimensions
        choices: list = [("overall", "All responses")]
        for kind, label in DIMENSION_KINDS:
            values = [(f"{kind}:{pk}", name) for pk, name in dimensions.get(kind, [])]
            if values:
                choices.append((label, values))
        self.fields["scope"].choices = choices

    def _scope(self, key: str) -> selectors.Scope:
        if key == "overall":
            return selectors.Scope()
        kind, pk = key.split(":")
        name = dict(self.dimensions[kind])[int(pk)]
        return selectors.Scope(kind=kind, id=int(pk), name=name)

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
            self.add_error("end", f"'To' ({end:%d %b %Y}) is before 'From' ({start:%d %b %Y}).")
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
        if period and selectors.period_start(period, granularity) != period:
            begins = selectors.period_start(period, granularity)
            self.add_error(
                "period",
                f"{period:%d %b %Y} does not begin a {granularity}; that {granularity} begins "
                f"on {begins:%d %b %Y}.",
            )
        data["scope"] = self._scope(data.get("scope") or "overall")
        return data


# -- CSV upload -------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 (with or without BOM), a header row, one response per row.",
        error_messages={
            "required": "Choose a CSV file to upload.",
            "empty": "The file is empty.",
        },
    )
    delimiter = forms.ChoiceField(
        choices=[
            ("", "Detect it"),
            (",", "Comma"),
            (";", "Semicolon"),
            ("\t", "Tab"),
            ("|", "Vertical bar"),
        ],  # fmt: skip
        required=False,
        help_text="Leave on 'Detect it' unless the preview shows the columns wrongly split.",
    )


FIELD_HELP = {
    "metric": "Metric code per row (nps, csat, ces…), unless you choose one for the whole file.",
    "score": "The customer's score on the metric's scale.",
    "responded_at": "When they answered: ISO 8601 with an offset (2026-03-02T10:00:00+01:00).",
    "external_id": "The survey tool's id: re-importing a row adds nothing.",
    "touchpoint": "Touchpoint code.",
    "channel": "Channel code.",
    "segment": "Segment code.",
    "business_unit": "Business unit code.",
    "comment": "The customer's verbatim comment.",
    "customer_key": "A pseudonymous customer key, never an e-mail address.",
}


class MappingForm(forms.Form):
    """Which column of the file holds each field; starts from the person's last mapping."""

    default_metric = forms.ModelChoiceField(
        queryset=Metric.objects.exclude(kind=MetricKind.OPERATIONAL).filter(is_active=True),
        required=False,
        label="Metric for the whole file",
        empty_label="From a column",
        help_text="Choose one when the file has no metric column.",
    )
    all_or_nothing = forms.BooleanField(
        required=False,
        initial=True,
        label="Refuse the whole file if one row is wrong",
        help_text="Untick to import the good rows and list the wrong ones.",
    )

    def __init__(self, *args: Any, header: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.header = header
        columns = [("", "Not in this file"), *[(name, name) for name in header]]
        for name in IMPORT_FIELDS:
            self.fields[f"map_{name}"] = forms.ChoiceField(
                choices=columns,
                required=False,
                label=name.replace("_", " ").capitalize(),
                help_text=FIELD_HELP[name]
                + (" Required." if name in REQUIRED_FIELDS and name != "metric" else ""),
                error_messages={
                    "invalid_choice": "The file has no column '%(value)s'.",
                },
            )

    @staticmethod
    def initial_for(header: list[str], remembered: dict[str, str]) -> dict[str, str]:
        """The remembered mapping where the file still has those columns; else a column
        named like the field."""
        by_name = {name.lower(): name for name in header}
        initial = {}
        for name in IMPORT_FIELDS:
            column = remembered.get(name)
            if column and column.lower() in by_name:
                initial[f"map_{name}"] = by_name[column.lower()]
            elif name in by_name:
                initial[f"map_{name}"] = by_name[name]
        return initial

    def mapping(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[f"map_{name}"]
            for name in IMPORT_FIELDS
            if self.cleaned_data.get(f"map_{name}")
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        used: dict[str, str] = {}
        for name in IMPORT_FIELDS:
            column = data.get(f"map_{name}")
            if not column:
                continue
            if column in used:
                self.add_error(
                    f"map_{name}", f"Column '{column}' is already mapped to {used[column]}."
                )
            used[column] = name
        for name in REQUIRED_FIELDS:
            if name == "metric" and data.get("default_metric"):
                continue
            if not data.get(f"map_{name}") and f"map_{name}" not in self.errors:
                self.add_error(
                    f"map_{name}",
                    "Choose the column holding the metric, or a metric for the whole file."
                    if name == "metric"
                    else "Choose the column that holds this field.",
                )
        return data
