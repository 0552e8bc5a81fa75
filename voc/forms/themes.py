"""The theme form: keywords and phrases written one a line, and the languages they are in. The
form parses the lines; the model's rules (Theme's validators) decide what a keyword may be."""

from __future__ import annotations

from typing import Any

from django import forms

from cxgov.forms import model_field

from ..models import THEME_LANGUAGES, Theme


class LinesField(forms.CharField):
    """A list written one item a line; blank lines are skipped."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ThemeForm(forms.Form):
    name = model_field(Theme, "name")
    keywords = LinesField(
        label="Keywords and phrases",
        help_text="One a line: a word or a phrase a comment about this theme contains (whole "
        "words, any case). End one with * to match any ending: queue* matches queues and "
        "queueing.",
    )
    languages = forms.MultipleChoiceField(
        choices=list(THEME_LANGUAGES.items()),
        widget=forms.CheckboxSelectMultiple,
        initial=["en"],
        help_text=Theme._meta.get_field("languages").help_text,
    )
    is_active = model_field(Theme, "is_active", label="Active")
