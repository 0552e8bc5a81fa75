"""Forms of the closed-loop pages: they parse input; voc.services.cases decides."""

from __future__ import annotations

from django import forms

from cxgov.forms import PersonChoiceField, VersionField

from ..models import CaseStatus


class CaseTransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=CaseStatus.choices, label="Move to")
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required to close: what was done for the customer.",
    )
    # The case as the page drew it: a change made since is refused, with what changed.
    version = VersionField(required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None and not self.is_bound:
            self.fields["to_status"].choices = case.allowed_status_choices()
            self.fields["version"].initial = case.version


class CaseReassignForm(forms.Form):
    owner = PersonChoiceField(label="Give it to", help_text="An active person with a cxgov role.")
    version = VersionField(required=False)
