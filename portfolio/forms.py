"""Portfolio forms: parse and present input. The services decide what is allowed.

Plain forms, not ModelForms (see cxgov.forms): the service compares the change with what is
stored before anything is written.
"""

from __future__ import annotations

from typing import Any

from django import forms

from cxgov.forms import PersonChoiceField, VersionField, date_field, model_field
from governance.models import BodyKind, BusinessUnit, GovernanceBody, Tier
from voc.models import Theme

from .models import (
    FocusKind,
    FocusLimit,
    Health,
    Initiative,
    Milestone,
    Risk,
    Status,
    StatusUpdate,
    StrategicPriority,
    TargetLink,
)

TEXTAREA = {"rows": 3}


class PriorityForm(forms.Form):
    title = model_field(StrategicPriority, "title")
    description = model_field(
        StrategicPriority, "description", widget=forms.Textarea(attrs=TEXTAREA)
    )
    period = model_field(StrategicPriority, "period")
    position = model_field(StrategicPriority, "position")
    is_active = model_field(StrategicPriority, "is_active", required=False)

    FIELDS = ("title", "description", "period", "position", "is_active")

    def __init__(self, *args: Any, priority: StrategicPriority | None = None, **kwargs: Any):
        if priority is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(priority, name) for name in self.FIELDS}
        super().__init__(*args, **kwargs)


class InitiativeForm(forms.Form):
    title = model_field(Initiative, "title")
    description = model_field(Initiative, "description", widget=forms.Textarea(attrs=TEXTAREA))
    working_group = forms.ModelChoiceField(queryset=GovernanceBody.objects.none())
    owner = PersonChoiceField()
    business_unit = forms.ModelChoiceField(
        queryset=BusinessUnit.objects.filter(is_active=True).order_by("name")
    )
    priorities = forms.ModelMultipleChoiceField(
        queryset=StrategicPriority.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The strategic priorities it serves; one or more.",
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Comment themes it addresses",
        help_text=Initiative._meta.get_field("themes").help_text,
    )
    driven_by = model_field(Initiative, "driven_by")
    formed_group = forms.ModelChoiceField(
        queryset=GovernanceBody.objects.filter(
            tier=Tier.WORKING_GROUP, kind=BodyKind.PROJECT
        ).order_by("name"),
        required=False,
        empty_label="— None —",
        label="Project group formed for it",
        help_text=Initiative._meta.get_field("formed_group").help_text,
    )
    start_date = date_field(Initiative, "start_date")
    target_date = date_field(Initiative, "target_date")
    budget = model_field(Initiative, "budget")
    expected_benefit = model_field(Initiative, "expected_benefit")
    realized_benefit = model_field(Initiative, "realized_benefit")
    needs_help = model_field(Initiative, "needs_help", required=False)
    help_reason = model_field(Initiative, "help_reason", widget=forms.Textarea(attrs=TEXTAREA))
    version = VersionField()
    focus_reason = forms.CharField(
        required=False,
        label="Reason for going over a focus limit",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed only when this takes a working group, business unit or owner over "
        "the core team's limit of active initiatives; kept with the initiative.",
    )

    # What a proposal takes; the rest is set once the initiative runs.
    PROPOSE_FIELDS = (
        "title",
        "description",
        "working_group",
        "owner",
        "business_unit",
        "priorities",
        "themes",
        "driven_by",
        "formed_group",
        "start_date",
        "target_date",
        "budget",
        "expected_benefit",
    )
    EDIT_FIELDS = (
        *PROPOSE_FIELDS,
        "realized_benefit",
        "needs_help",
        "help_reason",
    )

    def __init__(
        self,
        *args: Any,
        groups,
        initiative: Initiative | None = None,
        **kwargs: Any,
    ):
        if initiative is not None and "initial" not in kwargs:
            initial = {
                name: getattr(initiative, name)
                for name in self.EDIT_FIELDS
                if name not in ("priorities", "themes")
            }
            initial["priorities"] = list(initiative.priorities.all())
            initial["themes"] = list(initiative.themes.all())
            initial["version"] = initiative.version
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["working_group"].queryset = groups
        self.fields["priorities"].queryset = StrategicPriority.objects.filter(is_active=True)
        self.fields["themes"].queryset = Theme.objects.filter(is_active=True)
        if initiative is None:
            for name in (
                "realized_benefit",
                "needs_help",
                "help_reason",
                "version",
                "focus_reason",
            ):
                del self.fields[name]


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=Status.choices, label="Move to")
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required to put it on hold or cancel it.",
    )
    # Sent by the initiative's page and the board: a move made since they were drawn is refused.
    version = VersionField(required=False)
    focus_reason = forms.CharField(
        required=False,
        label="Reason for going over a focus limit",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed only when this takes a working group, business unit or owner over "
        "the core team's limit of active initiatives; kept with the initiative.",
    )


class StatusUpdateForm(forms.Form):
    health = forms.ChoiceField(choices=Health.choices, widget=forms.RadioSelect)
    progress = model_field(StatusUpdate, "progress")
    summary = model_field(StatusUpdate, "summary", widget=forms.Textarea(attrs=TEXTAREA))
    blockers = model_field(StatusUpdate, "blockers", widget=forms.Textarea(attrs={"rows": 2}))
    needs_help = forms.BooleanField(required=False, label="Ask the core CX team for help")
    help_reason = forms.CharField(
        required=False,
        label="What help do you need?",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, initiative: Initiative | None = None, **kwargs: Any):
        if initiative is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "progress": initiative.progress,
                "health": initiative.health or None,
                "needs_help": initiative.needs_help,
                "help_reason": initiative.help_reason,
            }
        super().__init__(*args, **kwargs)


class MilestoneForm(forms.Form):
    title = model_field(Milestone, "title")
    due_on = date_field(Milestone, "due_on")


class MilestoneMarkForm(forms.Form):
    done = forms.BooleanField(required=False)


class RiskForm(forms.Form):
    title = model_field(Risk, "title")
    description = model_field(Risk, "description", widget=forms.Textarea(attrs=TEXTAREA))
    likelihood = model_field(Risk, "likelihood")
    impact = model_field(Risk, "impact")
    owner = PersonChoiceField()
    mitigation = model_field(Risk, "mitigation", widget=forms.Textarea(attrs=TEXTAREA))
    status = model_field(Risk, "status")

    FIELDS = ("title", "description", "likelihood", "impact", "owner", "mitigation", "status")

    def __init__(self, *args: Any, risk: Risk | None = None, **kwargs: Any):
        if risk is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(risk, name) for name in self.FIELDS}
        super().__init__(*args, **kwargs)
        if risk is None:
            del self.fields["status"]


class EscalateForm(forms.Form):
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the steering committee should decide or know.",
    )


class TargetChoiceField(forms.ModelChoiceField):
    """A KPI target, shown as "NPS, overall: 35 by 01 Dec 2026"."""

    def __init__(self, *args: Any, scopes: dict | None = None, **kwargs: Any):
        self.scopes = scopes or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        scope = self.scopes.get((obj.dimension_kind, obj.dimension_id), "")
        return (
            f"{obj.metric}, {scope}: {obj.target_value:g} by {obj.target_date:%-d %b %Y}"
            if scope
            else str(obj)
        )


class TargetLinkForm(forms.Form):
    target = TargetChoiceField(
        queryset=None,
        label="KPI target",
        empty_label="Choose a KPI target…",
        help_text=TargetLink._meta.get_field("target").help_text,
    )
    expected_change = model_field(TargetLink, "expected_change")
    direction = model_field(TargetLink, "direction")
    expected_by = date_field(TargetLink, "expected_by")
    note = model_field(TargetLink, "note", required=False)

    FIELDS = ("expected_change", "direction", "expected_by", "note")

    def __init__(
        self, *args: Any, targets: Any = None, link: TargetLink | None = None, **kwargs: Any
    ) -> None:
        if link is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(link, name) for name in self.FIELDS}
        super().__init__(*args, **kwargs)
        if link is not None:
            del self.fields["target"]  # a link keeps its target: remove it and link anew
            return
        from voc.selectors import scope_names

        field = self.fields["target"]
        field.queryset = targets.select_related("metric")
        field.scopes = scope_names(set(targets.values_list("dimension_kind", "dimension_id")))


class FocusLimitForm(forms.Form):
    """Set a focus limit (`new=True`: for whom) or change one's number and note."""

    kind = forms.ChoiceField(choices=FocusKind.choices, label="A limit for")
    working_group = forms.ModelChoiceField(
        queryset=GovernanceBody.objects.filter(tier=Tier.WORKING_GROUP).order_by("name"),
        required=False,
        empty_label="— Every working group —",
    )
    business_unit = forms.ModelChoiceField(
        queryset=BusinessUnit.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="— Every business unit —",
    )
    owner = PersonChoiceField(required=False, empty_label="— Every owner —")
    limit = forms.IntegerField(
        label="Active initiatives at most",
        help_text=FocusLimit._meta.get_field("limit").help_text,
    )
    note = model_field(FocusLimit, "note")

    def __init__(self, *args: Any, new: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not new:
            for name in ("kind", "working_group", "business_unit", "owner"):
                del self.fields[name]


class MethodsForm(forms.Form):
    """The standards library's methods an initiative uses."""

    methods = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Methods used",
        help_text="The CX methods of the standards library this initiative follows; they "
        "count in the library's adoption per business unit while it is active.",
    )

    def __init__(self, *args: Any, initiative: Any = None, **kwargs: Any) -> None:
        from governance.models import Standard

        if initiative is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "methods": list(initiative.method_uses.values_list("method_id", flat=True))
            }
        super().__init__(*args, **kwargs)
        self.fields["methods"].queryset = Standard.objects.methods().order_by("title")
