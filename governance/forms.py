"""Governance forms: parse and present input. The services decide what is allowed.

Plain forms, not ModelForms (see cxgov.forms): the service compares the change with what is
stored before anything is written.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q

from cxgov.dates import today
from cxgov.forms import DateInput, PersonChoiceField, date_field, model_field
from cxgov.people import active_people, person_name

from .models import (
    ActionItem,
    Activity,
    AgendaItem,
    AttendanceStatus,
    BusinessUnit,
    Cadence,
    Decision,
    GovernanceBody,
    HolidayRule,
    MaturityAssessment,
    Meeting,
    Membership,
    RaciLetter,
    Weekday,
    WeekOfMonth,
    maturity,
)
from .models.meetings import DEFAULT_TIME_ZONE, time_zone_names


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


# Bodies


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

    FIELDS = (
        "name",
        "tier",
        "parent",
        "kind",
        "purpose",
        "formed_on",
        "planned_disband_on",
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


# Memberships


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


class MembershipEditForm(forms.Form):
    """A seat's terms; the person and the body stay (end it and add a new one to change them)."""

    role = model_field(Membership, "role")
    business_unit = model_field(
        Membership, "business_unit", queryset=BusinessUnit.objects.none(), empty_label="— None —"
    )
    start_date = date_field(Membership, "start_date")
    end_date = date_field(Membership, "end_date")
    hours_per_month = model_field(Membership, "hours_per_month")

    FIELDS = ("role", "business_unit", "start_date", "end_date", "hours_per_month")

    def __init__(self, *args, membership: Membership, **kwargs):
        kwargs.setdefault("initial", {name: getattr(membership, name) for name in self.FIELDS})
        super().__init__(*args, **kwargs)
        # An inactive unit already chosen stays selectable.
        self.fields["business_unit"].queryset = BusinessUnit.objects.filter(
            Q(is_active=True) | Q(pk=membership.business_unit_id)
        )


# Activities and decision rights


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


# Business units


class BusinessUnitForm(forms.Form):
    name = model_field(BusinessUnit, "name")
    code = model_field(BusinessUnit, "code")
    description = model_field(BusinessUnit, "description", widget=forms.Textarea(attrs={"rows": 3}))
    is_active = model_field(BusinessUnit, "is_active", label="Active")

    FIELDS = ("name", "code", "description", "is_active")

    def __init__(self, *args, business_unit: BusinessUnit | None = None, **kwargs):
        if business_unit is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(business_unit, name) for name in self.FIELDS}
        super().__init__(*args, **kwargs)


# RACI


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


# Maturity


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


# Charters, the CX mission, success statements and objectives


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

    FIELDS = (
        "purpose_vision",
        "goals_scope",
        "roles_responsibilities",
        "decision_authority",
        "meeting_cadence",
        "success_measures",
    )

    def __init__(self, *args, version=None, **kw):
        from .models import SuccessStatement

        if version is not None and "initial" not in kw:
            kw["initial"] = {name: getattr(version, name) for name in self.FIELDS}
            kw["initial"]["success_statements"] = list(version.success_statements.all())
        super().__init__(*args, **kw)
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
        from .models import DepartmentObjective

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


# Meetings


class CadenceForm(forms.Form):
    frequency = model_field(Cadence, "frequency")
    monthly_rule = model_field(Cadence, "monthly_rule", required=False)
    weekday = forms.TypedChoiceField(
        choices=[("", "—"), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=Cadence._meta.get_field("weekday").help_text,
    )
    week_of_month = forms.TypedChoiceField(
        choices=[("", "—"), *WeekOfMonth.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label="Which one in the month",
        help_text=Cadence._meta.get_field("week_of_month").help_text,
    )
    day_of_month = model_field(Cadence, "day_of_month")
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    time_zone = forms.ChoiceField(
        choices=[(name, name) for name in time_zone_names()],
        initial=DEFAULT_TIME_ZONE,
        help_text="The IANA zone the time is in; meetings keep their local time across "
        "daylight-saving changes.",
    )
    duration_minutes = model_field(Cadence, "duration_minutes", label="Length (minutes)")
    starts_on = date_field(Cadence, "starts_on")
    ends_on = date_field(Cadence, "ends_on")
    location = model_field(Cadence, "location")
    video_link = model_field(Cadence, "video_link", assume_scheme="https")
    on_holiday = model_field(Cadence, "on_holiday", label="On a holiday", required=False)
    is_active = model_field(Cadence, "is_active", required=False)

    def __init__(self, *args, cadence: Cadence | None = None, **kw):
        if cadence is not None and "initial" not in kw:
            kw["initial"] = {name: getattr(cadence, name) for name in self.base_fields}
        super().__init__(*args, **kw)
        if cadence is None:
            del self.fields["is_active"]  # a new cadence runs; it is paused by editing it

    def clean_monthly_rule(self):
        return self.cleaned_data.get("monthly_rule") or "weekday"

    def clean_on_holiday(self):
        return self.cleaned_data.get("on_holiday") or HolidayRule.SKIP


class MeetingMoveForm(forms.Form):
    """Move one meeting: its local date and time in its zone, its length and place."""

    date = forms.DateField(widget=DateInput)
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = model_field(Meeting, "duration_minutes", label="Length (minutes)")
    location = model_field(Meeting, "location")
    video_link = model_field(Meeting, "video_link", assume_scheme="https")

    def __init__(self, *args, meeting: Meeting, **kw):
        self.meeting = meeting
        if "initial" not in kw:
            start = meeting.local_start
            kw["initial"] = {
                "date": start.date(),
                "time": start.time(),
                "duration_minutes": meeting.duration_minutes,
                "location": meeting.location,
                "video_link": meeting.video_link,
            }
        super().__init__(*args, **kw)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        day, time = data.pop("date"), data.pop("time")
        data["starts_at"] = dt.datetime.combine(day, time, tzinfo=self.meeting.zone)
        return data


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(max_length=300, required=False, label="Why (told to members)")


class AgendaItemForm(forms.Form):
    title = model_field(AgendaItem, "title")
    owner = PersonChoiceField(required=False, empty_label="— Nobody —")
    time_box_minutes = model_field(AgendaItem, "time_box_minutes", label="Time box (minutes)")
    minutes = model_field(AgendaItem, "minutes", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, agenda_item: AgendaItem | None = None, **kw):
        kw.setdefault("auto_id", "agenda_%s")  # one page holds several meeting forms
        if agenda_item is not None and "initial" not in kw:
            kw["initial"] = {name: getattr(agenda_item, name) for name in self.base_fields}
        super().__init__(*args, **kw)


class AttendanceForm(forms.Form):
    """One choice per person on the meeting page (present, apologies, absent)."""

    def __init__(self, *args, rows, **kw):
        kw.setdefault("auto_id", "attendance_%s")
        super().__init__(*args, **kw)
        self.rows = rows
        for row in rows:
            self.fields[f"person_{row.person.pk}"] = forms.ChoiceField(
                label=person_name(row.person),
                choices=[("", "—"), *AttendanceStatus.choices],
                required=False,
                initial=row.status,
            )

    def pairs(self) -> list[tuple]:
        """(row, its bound field), for a table of people with their role and choice."""
        return [(row, self[f"person_{row.person.pk}"]) for row in self.rows]

    def statuses(self) -> list[tuple]:
        return [
            (row.person, self.cleaned_data[f"person_{row.person.pk}"])
            for row in self.rows
            if self.cleaned_data.get(f"person_{row.person.pk}")
        ]


class AgendaItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class DecisionForm(forms.Form):
    text = model_field(Decision, "text", widget=forms.Textarea(attrs={"rows": 2}), label="Decision")
    rationale = model_field(Decision, "rationale", widget=forms.Textarea(attrs={"rows": 2}))
    decided_by = PersonChoiceField(label="Decided by")
    agenda_item = AgendaItemChoiceField(
        queryset=AgendaItem.objects.none(), required=False, empty_label="— No item —"
    )

    def __init__(self, *args, meeting: Meeting, **kw):
        kw.setdefault("auto_id", "decision_%s")
        super().__init__(*args, **kw)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position", "pk")


class ActionItemForm(forms.Form):
    title = model_field(ActionItem, "title", label="Action")
    owner = PersonChoiceField()
    due_on = date_field(ActionItem, "due_on", label="Due")
    agenda_item = AgendaItemChoiceField(
        queryset=AgendaItem.objects.none(), required=False, empty_label="— No item —"
    )

    def __init__(self, *args, meeting: Meeting, **kw):
        kw.setdefault("auto_id", "action_%s")
        super().__init__(*args, **kw)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position", "pk")


class ActionStatusForm(forms.Form):
    status = model_field(ActionItem, "status")


class DecisionLogFilterForm(forms.Form):
    body = BodyChoiceField(
        queryset=GovernanceBody.objects.order_by("name"), required=False, empty_label="All bodies"
    )
    since = forms.DateField(required=False, widget=DateInput, label="From")
    until = forms.DateField(required=False, widget=DateInput, label="To")
    q = forms.CharField(required=False, max_length=200, label="Search")
