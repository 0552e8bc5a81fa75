"""Meeting pages: the list, one meeting (agenda, attendance, minutes, decisions, actions), moving
and cancelling it, cadences, the decision log, a person's actions, and calendars.

Thin doors as in views/structure.py: read through `for_user` (out of scope is a 404), ask the
rule for a change (403 with its message), call one service; a refusal is shown next to the
field and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cxgov.health import HEALTH_WINDOW
from cxgov.pages import (
    REFUSALS,
    EditView,
    get_scoped_or_404,
    refusal_message,
    require,
    require_role,
)
from cxgov.people import person_name

from .. import permissions as rules
from .. import selectors, services
from ..forms import (
    ActionItemForm,
    ActionStatusForm,
    AgendaItemForm,
    AttendanceForm,
    CadenceForm,
    DecisionForm,
    DecisionLogFilterForm,
    MeetingCancelForm,
    MeetingMoveForm,
)
from ..models import (
    ActionItem,
    AgendaItem,
    Cadence,
    CalendarFeed,
    GovernanceBody,
    Meeting,
)

# Meetings


MEETINGS = Meeting.objects.select_related("body", "cadence")


def _get_meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_scoped_or_404(MEETINGS.all(), request.user, pk=pk)


def _body_asked(request: HttpRequest) -> GovernanceBody | None:
    """The body a list page is narrowed to by `?body=<id>`, if the person may see it (else
    404); None when no body is asked."""
    if not request.GET.get("body", "").isdigit():
        return None
    return get_scoped_or_404(GovernanceBody.objects.all(), request.user, pk=request.GET["body"])


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    body = _body_asked(request)
    past = request.GET.get("past") == "1"
    feed = services.calendar_feed_for(person=request.user)
    context = {
        "meetings": selectors.meetings_for_list(user=request.user, body=body, past=past),
        "past": past,
        "body": body,
        "bodies": GovernanceBody.objects.for_user(request.user).active().order_by("name"),
        "feed_url": request.build_absolute_uri(
            reverse("governance:calendar-feed", args=[feed.token])
        ),
    }
    return render(request, "governance/meeting_list.html", context)


def _meeting_context(request: HttpRequest, meeting: Meeting, **forms: Any) -> dict[str, Any]:
    page = selectors.meeting_page(meeting=meeting)
    can_run = rules.can_run_meeting(request.user, meeting)
    context = {
        "page": page,
        "meeting": meeting,
        "can_run": can_run,
        "agenda_form": None,
        "attendance_form": None,
        "decision_form": None,
        "action_form": None,
    }
    if can_run and not meeting.is_cancelled:
        context.update(
            agenda_form=AgendaItemForm(),
            attendance_form=AttendanceForm(rows=page.attendance),
            decision_form=DecisionForm(meeting=meeting),
            action_form=ActionItemForm(meeting=meeting),
        )
    context.update({name: form for name, form in forms.items() if form is not None})
    return context


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    return render(request, "governance/meeting_detail.html", _meeting_context(request, meeting))


def _back_to(meeting: Meeting, anchor: str) -> HttpResponse:
    return redirect(f"{meeting.get_absolute_url()}#{anchor}")


class MeetingEdit(EditView):
    """Move one meeting: a new local date and time, length or place. The series is untouched."""

    queryset = MEETINGS
    rule = rules.can_run_meeting
    form_class = MeetingMoveForm
    template_name = "governance/meeting_form.html"
    title, submit_label = "Move {object}", "Save"
    success_message = "The meeting was moved; the rest of the series is unchanged."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"meeting": self.object}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(meeting=self.object, **context)

    def save(self, data: dict[str, Any]) -> Meeting:
        return services.meeting_update(
            meeting=self.object, by=self.request.user, data=self.form.service_data()
        )


class MeetingCancel(EditView):
    queryset = MEETINGS
    rule = rules.can_run_meeting
    form_class = MeetingCancelForm
    template_name = "governance/meeting_form.html"
    title, submit_label = "Cancel {object}", "Cancel this meeting"
    success_message = "The meeting was cancelled; the series goes on."

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(meeting=self.object, **context)

    def save(self, data: dict[str, Any]) -> Meeting:
        return services.meeting_cancel(
            meeting=self.object, by=self.request.user, reason=data["reason"]
        )


def _meeting_step(request: HttpRequest, pk: int, step, done: str) -> HttpResponse:
    """Open or close: a button on the meeting page. A refusal is the page's error message;
    nothing changes."""
    meeting = _get_meeting(request, pk)
    require(rules.can_run_meeting, request, meeting)
    try:
        step(meeting=meeting, by=request.user)
    except REFUSALS as refusal:
        messages.error(request, refusal_message(refusal))
    else:
        messages.success(request, done)
    return redirect(meeting)


@require_POST
def meeting_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_step(
        request,
        pk,
        services.meeting_open,
        "The meeting is open; its KPI pack is frozen with the data as it stands now.",
    )


@require_POST
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_step(
        request,
        pk,
        services.meeting_close,
        "The meeting is closed: its minutes are final; its KPI pack stays as it was opened.",
    )


@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    return _ics_response(selectors.meeting_ics(meeting), f"meeting-{meeting.pk}.ics")


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _MeetingPageForm(EditView):
    """A form on the meeting page: on success back to its section, else the page with the
    form's errors next to its fields and nothing saved."""

    http_method_names = ["post"]
    queryset = MEETINGS
    rule = rules.can_run_meeting
    template_name = "governance/meeting_detail.html"
    form_name: str  # the form's name in the meeting page's context
    anchor: str  # the page's section the form belongs to

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return _meeting_context(self.request, self.object, **{self.form_name: context["form"]})

    def get_success_url(self, saved: Any) -> str:
        return f"{self.object.get_absolute_url()}#{self.anchor}"


class AgendaItemCreate(_MeetingPageForm):
    form_class = AgendaItemForm
    form_name, anchor = "agenda_form", "agenda"
    success_message = "{saved.title} was added to the agenda."

    def save(self, data: dict[str, Any]) -> AgendaItem:
        return services.agenda_item_create(by=self.request.user, meeting=self.object, **data)


class AttendanceRecord(_MeetingPageForm):
    form_class = AttendanceForm
    form_name, anchor = "attendance_form", "attendance"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"rows": selectors.meeting_page(meeting=self.object).attendance}

    def get_success_message(self, saved: list) -> str:
        return f"Attendance was recorded for {len(saved)} people."

    def save(self, data: dict[str, Any]) -> list:
        # One service call, one transaction: a refused row saves none of the others.
        return services.attendance_record_many(
            by=self.request.user, meeting=self.object, statuses=self.form.statuses()
        )


class DecisionCreate(_MeetingPageForm):
    form_class = DecisionForm
    form_name, anchor = "decision_form", "decisions"
    success_message = "The decision was recorded in the decision log."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"meeting": self.object}

    def save(self, data: dict[str, Any]) -> Any:
        return services.decision_record(by=self.request.user, meeting=self.object, **data)


class ActionItemCreate(_MeetingPageForm):
    form_class = ActionItemForm
    form_name, anchor = "action_form", "actions"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"meeting": self.object}

    def get_success_message(self, saved: ActionItem) -> str:
        return f"{person_name(saved.owner)} has a new action, due {saved.due_on:%-d %b %Y}."

    def save(self, data: dict[str, Any]) -> ActionItem:
        return services.action_item_create(by=self.request.user, meeting=self.object, **data)


class AgendaItemEdit(EditView):
    """An agenda item's title, owner, time box and minutes."""

    queryset = AgendaItem.objects.select_related("meeting__body", "owner")
    rule = rules.can_run_meeting
    form_class = AgendaItemForm
    template_name = "governance/meeting_form.html"
    submit_label = "Save item"
    success_message = "{object.title} was saved."

    def rule_object(self) -> Meeting:
        return self.object.meeting

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"agenda_item": self.object}

    def get_title(self) -> str:
        return f"{self.object.title} · {self.object.meeting}"

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(meeting=self.object.meeting, **context)

    def get_success_url(self, saved: AgendaItem) -> str:
        return f"{self.object.meeting.get_absolute_url()}#item-{self.object.pk}"

    def save(self, data: dict[str, Any]) -> AgendaItem:
        return services.agenda_item_update(agenda_item=self.object, by=self.request.user, data=data)


# Cadences


class _CadencePage(EditView):
    rule = rules.can_set_cadence
    form_class = CadenceForm
    template_name = "governance/cadence_form.html"
    submit_label = "Save"

    def body(self) -> GovernanceBody:
        raise NotImplementedError

    def get_title(self) -> str:
        return f"Meeting cadence of {self.body()}"

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(body=self.body(), **context)

    def get_success_url(self, saved: Cadence) -> str:
        return f"{self.body().get_absolute_url()}#meetings"


class CadenceCreate(_CadencePage):
    queryset = GovernanceBody.objects.all()

    def body(self) -> GovernanceBody:
        return self.object

    def get_success_message(self, saved: Cadence) -> str:
        return (
            f"{self.object} now meets: {saved.describe()}. "
            f"{self.scheduled} meetings were scheduled."
        )

    def save(self, data: dict[str, Any]) -> Cadence:
        return services.cadence_create(by=self.request.user, body=self.object, **data)

    def done(self, saved: Cadence) -> HttpResponse:
        # The new cadence's meetings are scheduled at once rather than at the next nightly run;
        # after the cadence is saved, so a scheduling failure never reads as a form refusal.
        self.scheduled = services.meetings_generate()
        return super().done(saved)


class CadenceEdit(_CadencePage):
    queryset = Cadence.objects.select_related("body")

    def body(self) -> GovernanceBody:
        return self.object.body

    def get_success_message(self, saved: Cadence) -> str:
        return f"{self.object.body}'s cadence was saved: {self.object.describe()}."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"cadence": self.object}

    def save(self, data: dict[str, Any]) -> Cadence:
        return services.cadence_update(cadence=self.object, by=self.request.user, data=data)


# Decision log

DECISION_LOG_PAGE = 50


@require_GET
def decision_log(request: HttpRequest) -> HttpResponse:
    require_role(request)
    filters = DecisionLogFilterForm(request.GET or None)
    criteria: dict[str, Any] = {}
    if filters.is_valid():
        data = filters.cleaned_data
        criteria = {
            "body": data["body"],
            "since": data["since"],
            "until": data["until"],
            "search": data["q"],
        }
    decisions = selectors.decision_log(user=request.user, **criteria)
    page = Paginator(decisions, DECISION_LOG_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": filters, "page": page, "query": query.urlencode()}
    return render(request, "governance/decision_log.html", context)


# Action items


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@require_GET
def action_item_list(request: HttpRequest) -> HttpResponse:
    """My action items: open ones by due date, overdue first; closed ones on request. With
    `missed=1`: the records behind the governance-health signal instead, everyone's action
    items (of one body with `body`) due lately and not done by their due date."""
    require_role(request)
    if request.GET.get("missed") == "1":
        body = _body_asked(request)
        items = selectors.actions_missed(user=request.user, body=body)
        context = {"items": items, "body": body, "window_days": HEALTH_WINDOW.days}
        return render(request, "governance/action_items_missed.html", context)
    include_closed = request.GET.get("closed") == "1"
    items = selectors.action_items_of(person=request.user, include_closed=include_closed)
    context = {"items": items, "include_closed": include_closed}
    return render(request, "governance/action_item_list.html", context)


@require_POST
def action_item_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an action's status (from the home page, the list or the meeting page)."""
    item = get_scoped_or_404(
        ActionItem.objects.select_related("body", "owner"), request.user, pk=pk
    )
    require(rules.can_update_action_item, request, item)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status: open, in progress, done or cancelled.")
    else:
        try:
            services.action_item_transition(
                action_item=item, by=request.user, to_status=form.cleaned_data["status"]
            )
        except REFUSALS as refusal:
            messages.error(request, refusal_message(refusal))
        else:
            messages.success(request, f"{item.title}: {item.get_status_display().lower()}.")
    return redirect(_safe_next(request, reverse("governance:action-item-list")))


# Calendars


@login_not_required
@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's meetings for their calendar app: no login, the secret token is the key. A
    rotated (old) or unknown token is a 404, as is an account no longer active."""
    feed = (
        CalendarFeed.objects.select_related("person")
        .filter(token=token, person__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404("No calendar feed at this address; it may have been replaced.")
    response = HttpResponse(
        selectors.person_feed_ics(person=feed.person), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="cxgov-meetings.ics"'
    return response


@require_POST
def calendar_feed_rotate(request: HttpRequest) -> HttpResponse:
    require_role(request)
    services.calendar_feed_rotate(person=request.user, by=request.user)
    messages.success(
        request, "Your calendar address was replaced; the old one no longer works. Subscribe anew."
    )
    return redirect(f"{reverse('governance:meeting-list')}#calendar")
