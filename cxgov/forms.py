"""Form pieces every app's pages use: fields taken from the model, date and people pickers, and
putting a service's refusal on the form next to the field at fault.

Forms parse and present input; the services decide what is allowed. Apps use plain forms, not
ModelForms: a ModelForm writes the input onto the instance while validating, before the
service has compared the change with what is stored.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .concurrency import EditConflict
from .errors import DomainError
from .people import active_people, person_name


def add_service_error(form: forms.Form, error: ValidationError | DomainError) -> None:
    """Show a service's refusal on the form: next to its field where the form has that field.
    An edit conflict goes on top of the form, and the form takes the version stored now, so
    the person reviews what changed and saves again knowingly (their input is kept)."""
    if isinstance(error, EditConflict):
        form.add_error(None, error.message)
        if "version" in form.fields and form.is_bound:
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = str(error.version)
    elif isinstance(error, DomainError):
        form.add_error(error.field if error.field in form.fields else None, error.message)
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class VersionField(forms.IntegerField):
    """The version of the record a form edits (cxgov.concurrency), sent back hidden: the
    service refuses the change if the record moved on since the form was drawn."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault(
            "error_messages",
            {
                "required": "The form lacks the version of the record it edits; reload the page.",
                "invalid": "The version of the record must be a whole number; reload the page.",
            },
        )
        super().__init__(**kwargs)


def model_field(model, name: str, **kwargs: Any) -> forms.Field:
    """The model's own form field, so labels, help and choices are said once, on the model."""
    return model._meta.get_field(name).formfield(**kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MonthInput(forms.DateInput):
    """A month picker (`<input type="month">`): shows and sends YYYY-MM."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m")


class MonthField(forms.DateField):
    """A month, cleaned to its first day: from the picker's YYYY-MM, or any date in it (a
    link written with a day)."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_error_messages = {"invalid": "Enter a month as year and month, e.g. 2026-11."}

    def to_python(self, value: Any) -> Any:
        day = super().to_python(value)
        return day.replace(day=1) if day else day


def date_field(model, name: str, **kwargs: Any) -> forms.Field:
    return model_field(model, name, widget=DateInput, **kwargs)


class AnyYesNo(forms.NullBooleanSelect):
    """A yes/no filter on a page: "Any" sends nothing; the values are the API's true/false."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", "Any"), ("true", "Yes"), ("false", "No")]

    def format_value(self, value):
        return {True: "true", False: "false", "true": "true", "false": "false"}.get(value, "")


class CompactSelect(forms.Select):
    """A select whose options are rendered in Python, not one template each: a list of
    people runs to thousands of options."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class PersonChoiceField(forms.ModelChoiceField):
    """Choose a person among the active accounts, shown by name (and username where they differ)."""

    widget = CompactSelect

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("queryset", active_people())
        kwargs.setdefault("empty_label", "Choose a person…")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        name = person_name(obj)
        return name if name == obj.username else f"{name} ({obj.username})"
