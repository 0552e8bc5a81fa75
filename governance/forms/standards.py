"""Standards library forms: publish an item, edit it. The services and the model decide."""

from __future__ import annotations

from django import forms

from cxgov.forms import PersonChoiceField, VersionField, date_field, model_field

from ..models import Standard


class StandardForm(forms.Form):
    kind = model_field(Standard, "kind", help_text="Fixed once published.")
    title = model_field(Standard, "title")
    text = model_field(Standard, "text", widget=forms.Textarea(attrs={"rows": 6}))
    file = model_field(Standard, "file", required=False)
    owner = PersonChoiceField(
        help_text=Standard._meta.get_field("owner").help_text,
        error_messages={"required": "Name the owner: the person who keeps it up to date."},
    )
    review_on = date_field(Standard, "review_on", label="Review by")
    version = VersionField()

    FIELDS = ("title", "text", "owner", "review_on")

    def __init__(self, *args, standard: Standard | None = None, **kwargs):
        if standard is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(standard, name) for name in self.FIELDS}
            kwargs["initial"]["version"] = standard.version
        super().__init__(*args, **kwargs)
        if standard is None:
            del self.fields["version"]
        else:
            del self.fields["kind"]
            if standard.file:
                self.fields["file"].help_text = (
                    f"Now: {standard.file_name}. Choose a file only to replace it; the "
                    "earlier versions keep theirs."
                )
