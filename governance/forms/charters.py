"""Forms for charters, the CX mission, success statements and objectives."""

from __future__ import annotations

from django import forms

from cxgov.forms import PersonChoiceField, VersionField

from ..models import (
    BusinessUnit,
)


class CharterVersionForm(forms.Form):
    """The six components of a charter version, and the success statements it links."""

    purpose_vision = forms.CharField(
        label="Purpose and vision", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    goals_scope = forms.CharField(
        label="Goals and scope", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    roles_responsibilities = forms.CharField(
        label="Roles and responsibilities",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    decision_authority = forms.CharField(
        label="Decision authority and escalation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    meeting_cadence = forms.CharField(
        label="Meeting cadence and communication",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    success_measures = forms.CharField(
        label="Success measures", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    success_statements = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The success statements this charter measures itself by.",
    )
    version = VersionField()

    FIELDS = (
        "purpose_vision",
        "goals_scope",
        "roles_responsibilities",
        "decision_authority",
        "meeting_cadence",
        "success_measures",
    )

    def __init__(self, *args, version=None, edits=False, **kw):
        """Filled from `version`: the one edited (`edits`), or the latest a draft starts from."""
        from ..models import SuccessStatement

        if version is not None and "initial" not in kw:
            kw["initial"] = {name: getattr(version, name) for name in self.FIELDS}
            kw["initial"]["success_statements"] = list(version.success_statements.all())
            kw["initial"]["version"] = version.version
        super().__init__(*args, **kw)
        if not edits:
            del self.fields["version"]
        self.fields["success_statements"].queryset = SuccessStatement.objects.select_related(
            "business_unit"
        )


class RejectForm(forms.Form):
    comment = forms.CharField(
        label="Why is it rejected?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The author sees this and fixes the draft before submitting it again.",
    )


class MissionForm(forms.Form):
    statement = forms.CharField(
        label="The mission",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the experience should be for each customer, every time.",
    )
    customers = forms.CharField(
        label="Who are our customers?", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    experience = forms.CharField(
        label="What should they experience, every time?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    feeling = forms.CharField(
        label="How should it make them feel?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    difference = forms.CharField(
        label="What do we do differently?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    FIELDS = ("statement", "customers", "experience", "feeling", "difference")

    def __init__(self, *args, mission=None, **kw):
        if mission is not None and "initial" not in kw:
            kw["initial"] = {name: getattr(mission, name) for name in self.FIELDS}
        super().__init__(*args, **kw)


class ObjectiveChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.business_unit.name}: {obj.text}"


class SuccessStatementForm(forms.Form):
    title = forms.CharField(label="Title", max_length=160)
    text = forms.CharField(
        label="What CX success means",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A few sentences: what success looks like for customers, and how we see it.",
    )
    business_unit = forms.ModelChoiceField(
        queryset=BusinessUnit.objects.filter(is_active=True),
        required=False,
        empty_label="— Company-wide —",
    )
    objectives = ObjectiveChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The department objectives this statement ties back to.",
    )

    def __init__(self, *args, statement=None, **kw):
        from ..models import DepartmentObjective

        if statement is not None and "initial" not in kw:
            kw["initial"] = {
                "title": statement.title,
                "text": statement.text,
                "business_unit": statement.business_unit,
                "objectives": list(statement.objectives.all()),
            }
        super().__init__(*args, **kw)
        self.fields["objectives"].queryset = DepartmentObjective.objects.select_related(
            "business_unit"
        )


class ObjectiveForm(forms.Form):
    business_unit = forms.ModelChoiceField(queryset=BusinessUnit.objects.filter(is_active=True))
    text = forms.CharField(
        label="Objective", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = PersonChoiceField(help_text="Who owns this objective in the business unit.")

    def __init__(self, *args, objective=None, **kw):
        if objective is not None and "initial" not in kw:
            kw["initial"] = {
                "business_unit": objective.business_unit,
                "text": objective.text,
                "owner": objective.owner,
            }
        super().__init__(*args, **kw)
