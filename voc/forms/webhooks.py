"""The survey-platform source form: the platform and its secrets, and the mapping written one
pair a line (`question = metric code`). The form parses the lines; the model's rules
(WebhookSource.clean) decide which metric codes and fields are allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from cxgov.forms import model_field

from ..models import MAPPABLE_FIELDS, WebhookSource

PAIRS_HELP = "One a line, as key = value."


class PairsField(forms.CharField):
    """A mapping written one `key = value` pair a line; blank lines are skipped."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *, what: str, **kwargs: Any):
        self.what = what
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return "\n".join(f"{k} = {v}" for k, v in value.items())
        return value

    def to_python(self, value: Any) -> dict[str, str]:
        pairs: dict[str, str] = {}
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            key, equals, target = (part.strip() for part in line.partition("="))
            if not equals or not key or not target:
                raise forms.ValidationError(
                    f"Line {number} ({line.strip()[:60]}) is not {self.what} = its value: "
                    "write the two with an equals sign between them."
                )
            if key in pairs:
                raise forms.ValidationError(f"Line {number}: {key} is mapped twice.")
            pairs[key] = target
        return pairs


class WebhookSourceForm(forms.Form):
    name = model_field(WebhookSource, "name")
    slug = model_field(WebhookSource, "slug", label="Address")
    platform = model_field(WebhookSource, "platform")
    secret = forms.CharField(
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=WebhookSource._meta.get_field("secret").help_text,
    )
    api_key = forms.CharField(
        label="API key",
        max_length=200,
        required=False,
        help_text=WebhookSource._meta.get_field("api_key").help_text,
    )
    access_token = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=WebhookSource._meta.get_field("access_token").help_text,
    )
    api_url = model_field(WebhookSource, "api_url", label="API address", assume_scheme="https")
    questions = PairsField(
        what="a question",
        label="Questions and the metrics they feed",
        help_text="The question's ref or id on the platform = the metric's code (nps, csat, "
        f"ces...). {PAIRS_HELP}",
    )
    dimensions = PairsField(
        what="an answer or hidden field",
        label="Dimensions and comment",
        help_text="An answer or hidden field's ref, id or name = the field it fills: "
        f"{', '.join(MAPPABLE_FIELDS)}. {PAIRS_HELP}",
    )
    defaults = PairsField(
        what="a field",
        label="Defaults",
        help_text="A field = the value every response from this source takes when the delivery "
        f"does not fill it (e.g. channel = web). {PAIRS_HELP}",
    )
    is_active = model_field(WebhookSource, "is_active", label="Active")

    def __init__(self, *args: Any, new: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.new = new
        if new:
            self.fields["secret"].required = True
        else:
            for name in ("secret", "access_token"):
                self.fields[name].help_text += " Leave blank to keep the one stored."
            self.fields["api_key"].help_text += " Leave blank to keep the one stored."
