"""Forms for meetings: cadences, moves, agenda, attendance, decisions and action items."""

from __future__ import annotations

import datetime as dt

from django import forms

from cxgov.forms import DateInput, PersonChoiceField, date_field, model_field
from cxgov.people import person_name

from ..models import (
    ActionItem,
    AgendaItem,
    AttendanceStatus,
    Cadence,
    Decision,
    GovernanceBody,
    HolidayRule,
    Meeting,
    Weekday,
    WeekOfMonth,
)
from ..models.meetings import DEFAULT_TIME_ZONE, time_zone_names
from .structure import BodyChoiceField


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
