"""Forms for the structure: bodies, memberships, activities, business units, RACI, maturity."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from cxgov.dates import today
from cxgov.forms import DateInput, PersonChoiceField, VersionField, date_field, model_field
from cxgov.models import ChatChannel
from cxgov.people import active_people, person_name

from ..models import (
    Activity,
    BusinessUnit,
    GovernanceBody,
    MaturityAssessment,
    Membership,
    RaciLetter,
    maturity,
)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_name(obj)


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.get_tier_display()}"


def bodies_to_choose(*, keep: list[int | None] = (), exclude: int | None = None):
    """Active bodies, plus any already chosen (a disbanded parent stays selectable)."""
    wanted = [pk for pk in keep if pk]
    bodies = GovernanceBody.objects.filter(
        Q(pk__in=GovernanceBody.objects.active()) | Q(pk__in=wanted)
    ).order_by("name")
    return bodies.exclude(pk=exclude) if exclude else bodies


class BodyForm(forms.Form):
    name = model_field(GovernanceBody, "name")
    tier = model_field(GovernanceBody, "tier")
    parent = BodyChoiceField(
        queryset=GovernanceBody.objects.none(),
        required=False,
        empty_label="— None (top tier) —",
        help_text=GovernanceBody._meta.get_field("parent").help_text,
    )
    kind = model_field(GovernanceBody, "kind")
    purpose = model_field(GovernanceBody, "purpose", widget=forms.Textarea(attrs={"rows": 3}))
    formed_on = date_field(GovernanceBody, "formed_on")
    planned_disband_on = date_field(GovernanceBody, "planned_disband_on")
    chat_channel = forms.ModelChoiceField(
        queryset=ChatChannel.objects.filter(is_active=True),
        required=False,
        empty_label="— None —",
        help_text=GovernanceBody._meta.get_field("chat_channel").help_text,
    )

    hours_needed = model_field(GovernanceBody, "hours_needed")

    FIELDS = (
        "name",
        "tier",
        "parent",
        "kind",
        "purpose",
        "formed_on",
        "planned_disband_on",
        "chat_channel",
        "hours_needed",
    )

    def __init__(self, *args, body: GovernanceBody | None = None, can_move: bool = True, **kw):
        if body is not None and "initial" not in kw:
            kw["initial"] = {name: getattr(body, name) for name in self.FIELDS}
        super().__init__(*args, **kw)
        self.fields["parent"].queryset = bodies_to_choose(
            keep=[body.parent_id if body else None], exclude=body.pk if body else None
        )
        if not can_move:
            # A body's lead may edit it but not move it: the service refuses, the form says so.
            for name in ("tier", "parent"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Only admins and the core CX team move a body."


class DisbandForm(forms.Form):
    disbanded_on = forms.DateField(
        label="Disband on",
        initial=today,
        widget=DateInput,
        help_text="Open memberships end on this day; the body's history is kept.",
    )


class BodyFilterForm(forms.Form):
    tier = forms.ChoiceField(
        choices=[("", "All tiers"), *GovernanceBody._meta.get_field("tier").choices],
        required=False,
    )
    disbanded = forms.BooleanField(label="Show disbanded bodies", required=False)


class MembershipForm(forms.Form):
    person = PersonChoiceField()
    role = model_field(Membership, "role")
    business_unit = model_field(
        Membership,
        "business_unit",
        queryset=BusinessUnit.objects.filter(is_active=True),
        empty_label="— None —",
    )
    start_date = date_field(Membership, "start_date")
    end_date = date_field(Membership, "end_date")
    hours_per_month = model_field(Membership, "hours_per_month")


class MembershipEndForm(forms.Form):
    """Ending a seat from its row: the seat as the row showed it."""

    version = VersionField(required=False)


class MembershipEditForm(forms.Form):
    """A seat's terms; the person and the body stay (end it and add a new one to change them)."""

    role = model_field(Membership, "role")
    business_unit = model_field(
        Membership, "business_unit", queryset=BusinessUnit.objects.none(), empty_label="— None —"
    )
    start_date = date_field(Membership, "start_date")
    end_date = date_field(Membership, "end_date")
    hours_per_month = model_field(Membership, "hours_per_month")
    version = VersionField()

    FIELDS = ("role", "business_unit", "start_date", "end_date", "hours_per_month", "version")

    def __init__(self, *args, membership: Membership, **kwargs):
        kwargs.setdefault("initial", {name: getattr(membership, name) for name in self.FIELDS})
        super().__init__(*args, **kwargs)
        # An inactive unit already chosen stays selectable.
        self.fields["business_unit"].queryset = BusinessUnit.objects.filter(
            Q(is_active=True) | Q(pk=membership.business_unit_id)
        )


class ActivityForm(forms.Form):
    name = model_field(Activity, "name")
    code = model_field(
        Activity,
        "code",
        required=False,
        help_text="A stable identifier, set once; leave empty to derive it from the name.",
    )
    kind = model_field(Activity, "kind")
    description = model_field(Activity, "description", widget=forms.Textarea(attrs={"rows": 3}))
    position = model_field(Activity, "position")
    decided_by = BodyChoiceField(
        queryset=GovernanceBody.objects.none(),
        required=False,
        label="Decided by",
        empty_label="— Nobody yet —",
        help_text=Activity._meta.get_field("decided_by").help_text,
    )
    chair_decides = model_field(Activity, "chair_decides", label="The chair decides")
    named_deciders = PeopleChoiceField(
        queryset=None,
        required=False,
        label="Named deciders",
        help_text="Members of the deciding body who may decide too, while they serve on it "
        "(choose several with Ctrl or Cmd).",
    )
    escalates_to = BodyChoiceField(
        queryset=GovernanceBody.objects.none(),
        required=False,
        label="Escalates to",
        empty_label="— Nowhere —",
        help_text=Activity._meta.get_field("escalates_to").help_text,
    )

    FIELDS = (
        "name",
        "code",
        "kind",
        "description",
        "position",
        "decided_by",
        "chair_decides",
        "named_deciders",
        "escalates_to",
    )

    def __init__(self, *args, activity: Activity | None = None, **kwargs):
        if activity is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                name: getattr(activity, name) for name in self.FIELDS if name != "named_deciders"
            }
            kwargs["initial"]["named_deciders"] = list(activity.named_deciders.all())
        super().__init__(*args, **kwargs)
        keep = [activity.decided_by_id, activity.escalates_to_id] if activity else []
        for name in ("decided_by", "escalates_to"):
            self.fields[name].queryset = bodies_to_choose(keep=keep)
        # Whoever serves on a body now, and whoever the right names already.
        named = activity.named_deciders.values("pk") if activity else []
        self.fields["named_deciders"].queryset = active_people().filter(
            Q(pk__in=Membership.objects.active().values("person_id")) | Q(pk__in=named)
        )
        if activity is not None:
            # The code is what other data refers to: it is set once (the service refuses a change).
            del self.fields["code"]


class BusinessUnitForm(forms.Form):
    name = model_field(BusinessUnit, "name")
    code = model_field(BusinessUnit, "code")
    description = model_field(BusinessUnit, "description", widget=forms.Textarea(attrs={"rows": 3}))
    is_active = model_field(BusinessUnit, "is_active", label="Active")
    is_customer_facing = model_field(
        BusinessUnit, "is_customer_facing", label="Customer-facing", required=False
    )
    function = model_field(BusinessUnit, "function", required=False)

    FIELDS = ("name", "code", "description", "is_active", "is_customer_facing", "function")

    def __init__(self, *args, business_unit: BusinessUnit | None = None, **kwargs):
        if business_unit is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(business_unit, name) for name in self.FIELDS}
        super().__init__(*args, **kwargs)


RACI_CHOICES = [("", "—"), *RaciLetter.choices]


class RaciCellForm(forms.Form):
    letter = forms.ChoiceField(choices=RACI_CHOICES, required=False)


class RaciPersonForm(forms.Form):
    """Put a person on the matrix by giving them a first letter."""

    activity = forms.ModelChoiceField(
        queryset=Activity.objects.all(), empty_label="Choose an activity…"
    )
    person = PersonChoiceField()
    letter = forms.ChoiceField(choices=RaciLetter.choices)


class MaturityAssessmentForm(forms.Form):
    """The questionnaire: one 1–5 answer per question, plus the date and notes."""

    assessed_on = date_field(MaturityAssessment, "assessed_on", label="Assessed on")
    notes = model_field(MaturityAssessment, "notes", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in maturity.QUESTIONS:
            self.fields[question.code] = forms.TypedChoiceField(
                label=question.text,
                choices=maturity.ANSWER_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
            )

    def question_fields(self) -> list[forms.BoundField]:
        return [self[question.code] for question in maturity.QUESTIONS]

    def answers(self) -> dict[str, int]:
        return {code: self.cleaned_data[code] for code in maturity.QUESTION_CODES}
