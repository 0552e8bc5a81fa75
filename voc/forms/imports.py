"""The steps of a CSV upload: the file, then its column mapping. Forms parse and present
input; the importer and the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from ..models import ImportMode, Metric, MetricKind
from ..models.imports import IMPORT_FIELDS, REQUIRED_FIELDS
from ..services.responses import auto_mapping

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
    "responded_at": "When they answered: ISO 8601 with an offset (2026-03-02T10:00:00+01:00), "
    "or without one when you choose to read it in the metric's reporting time zone.",
    "external_id": "The survey tool's id: re-importing a row adds nothing.",
    "touchpoint": "Touchpoint code or name (any case and spacing).",
    "channel": "Channel code or name.",
    "segment": "Segment code or name.",
    "business_unit": "Business unit code or name.",
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
    naive_in_reporting_zone = forms.BooleanField(
        required=False,
        label="Read dates without a time zone offset in the metric's reporting time zone",
        help_text=(
            "Unticked, they are refused: a date such as 2026-03-02 10:00 could be any zone's."
        ),
    )
    mode = forms.ChoiceField(
        choices=ImportMode.choices,
        initial=ImportMode.LIVE,
        widget=forms.RadioSelect,
        label="What the file is",
        help_text="Importing a backlog? Choose history, or every old detractor opens a case.",
        error_messages={
            "required": "Choose live (recent detractors open cases) or history (no case).",
            "invalid_choice": "'%(value)s' is not an import mode: choose live or history.",
        },
    )
    cases_from = forms.DateTimeField(
        required=False,
        label="Open cases for responses from",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Live imports only: older responses are past following up and open no case.",
        error_messages={"invalid": "Enter a date and time, such as 2026-12-02 10:00."},
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
        """The remembered mapping where the file still has those columns; else the column
        named like the field (voc.services.responses.auto_mapping)."""
        return {f"map_{name}": column for name, column in auto_mapping(header, remembered).items()}

    def options(self) -> dict[str, Any]:
        """The import's options, as the services take them."""
        return {
            "default_metric": self.cleaned_data["default_metric"],
            "all_or_nothing": self.cleaned_data["all_or_nothing"],
            "mode": self.cleaned_data["mode"],
            "cases_from": self.cleaned_data["cases_from"],
            "naive_in_reporting_zone": self.cleaned_data["naive_in_reporting_zone"],
        }

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
