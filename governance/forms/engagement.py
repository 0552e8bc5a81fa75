"""Leadership engagement forms: log one, set a leader's target. The services decide."""

from __future__ import annotations

from django import forms

from cxgov.forms import PersonChoiceField, date_field, model_field

from ..models import Engagement, EngagementTarget


class EngagementForm(forms.Form):
    person = PersonChoiceField(help_text="The executive or steering committee member.")
    kind = model_field(Engagement, "kind")
    happened_on = date_field(Engagement, "happened_on", label="On")
    title = model_field(Engagement, "title")


class EngagementTargetForm(forms.Form):
    person = PersonChoiceField(help_text="The executive or steering committee member.")
    per_quarter = forms.IntegerField(
        label="Engagements a quarter",
        help_text=EngagementTarget._meta.get_field("per_quarter").help_text,
    )
