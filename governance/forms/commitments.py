"""The working-group commitment form: what a member gives the group, in words and hours, the
manager to inform, and the member's agreement. The service decides."""

from __future__ import annotations

from django import forms

from cxgov.forms import PersonChoiceField, model_field

from ..models import Commitment


class CommitmentForm(forms.Form):
    person = PersonChoiceField(
        label="Member", help_text="The working-group member whose commitment this is."
    )
    contribution = model_field(Commitment, "contribution", widget=forms.Textarea(attrs={"rows": 4}))
    hours_per_month = model_field(Commitment, "hours_per_month", label="Hours a month")
    manager = PersonChoiceField(
        required=False,
        empty_label="— Not named —",
        help_text=Commitment._meta.get_field("manager").help_text,
    )
    agree = forms.BooleanField(
        required=False,
        label="I agree to this commitment",
        help_text="Only the member agrees; changing the words or the hours asks them again.",
    )
