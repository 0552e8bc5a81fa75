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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cxgov.forms import add_service_error
from cxgov.pages import (
    REFUSALS,
    get_scoped_or_404,
    refusal_message,
    require,
    require_role,
    submit,
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


def _get_meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_scoped_or_404(Meeting.objects.select_related("body", "cadence"), request.user, pk=pk)


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    body = None
    if request.GET.get("body", "").isdigit():
        body = get_scoped_or_404(GovernanceBody.objects.all(), request.user, pk=request.GET["body"])
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


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Move one meeting: a new local date and time, length or place. The series is untouched."""
    meeting = _get_meeting(request, pk)
    require(rules.can_run_meeting, request, meeting)
    form = MeetingMoveForm(request.POST or None, meeting=meeting)
    saved = submit(
        request,
        form,
        lambda data: services.meeting_update(
            meeting=meeting, by=request.user, data=form.service_data()
        ),
        refresh=meeting,
    )
    if saved is not None:
        messages.success(request, "The meeting was moved; the rest of the series is unchanged.")
        return redirect(meeting)
    context = {"form": form, "meeting": meeting, "title": f"Move {meeting}", "submit": "Save"}
    return render(request, "governance/meeting_form.html", context)


@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    require(rules.can_run_meeting, request, meeting)
    form = MeetingCancelForm(request.POST or None)
    saved = submit(
        request,
        form,
        lambda data: services.meeting_cancel(
            meeting=meeting, by=request.user, reason=data["reason"]
        ),
        refresh=meeting,
    )
    if saved is not None:
        messages.success(request, "The meeting was cancelled; the series goes on.")
        return redirect(meeting)
    context = {
        "form": form,
        "meeting": meeting,
        "title": f"Cancel {meeting}",
        "submit": "Cancel this meeting",
    }
    return render(request, "governance/meeting_form.html", context)


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
        "The meeting is open; its KPI pack was built from the data as it stands now.",
    )


@require_POST
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_step(
        request,
        pk,
        services.meeting_close,
        "The meeting is closed: its minutes are final and its KPI pack is frozen.",
    )


@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    return _ics_response(selectors.meeting_ics(meeting), f"meeting-{meeting.pk}.ics")


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _meeting_write(request: HttpRequest, pk: int, form_name: str, make_form, save, anchor: str):
    """A form on the meeting page: on success back to its section, else the page with the
    form's errors next to its fields and nothing saved."""
    meeting = _get_meeting(request, pk)
    require(rules.can_run_meeting, request, meeting)
    form = make_form(meeting)
    done = None
    if form.is_valid():
        try:
            done = save(meeting, form)
        except REFUSALS as refusal:
            add_service_error(form, refusal)
    if done is not None:
        messages.success(request, done)
        return _back_to(meeting, anchor)
    context = _meeting_context(request, meeting, **{form_name: form})
    return render(request, "governance/meeting_detail.html", context)


@require_POST
def agenda_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    def save(meeting, form):
        item = services.agenda_item_create(by=request.user, meeting=meeting, **form.cleaned_data)
        return f"{item.title} was added to the agenda."

    return _meeting_write(
        request, pk, "agenda_form", lambda m: AgendaItemForm(request.POST), save, "agenda"
    )


@require_POST
def attendance_record(request: HttpRequest, pk: int) -> HttpResponse:
    def save(meeting, form):
        statuses = form.statuses()
        for person, status in statuses:
            services.attendance_record(
                by=request.user, meeting=meeting, person=person, status=status
            )
        return f"Attendance was recorded for {len(statuses)} people."

    def make_form(meeting):
        rows = selectors.meeting_page(meeting=meeting).attendance
        return AttendanceForm(request.POST, rows=rows)

    return _meeting_write(request, pk, "attendance_form", make_form, save, "attendance")


@require_POST
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    def save(meeting, form):
        services.decision_record(by=request.user, meeting=meeting, **form.cleaned_data)
        return "The decision was recorded in the decision log."

    return _meeting_write(
        request,
        pk,
        "decision_form",
        lambda m: DecisionForm(request.POST, meeting=m),
        save,
        "decisions",
    )


@require_POST
def action_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    def save(meeting, form):
        item = services.action_item_create(by=request.user, meeting=meeting, **form.cleaned_data)
        return f"{person_name(item.owner)} has a new action, due {item.due_on:%d %b %Y}."

    return _meeting_write(
        request,
        pk,
        "action_form",
        lambda m: ActionItemForm(request.POST, meeting=m),
        save,
        "actions",
    )


@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """An agenda item's title, owner, time box and minutes."""
    item = get_scoped_or_404(
        AgendaItem.objects.select_related("meeting__body", "owner"), request.user, pk=pk
    )
    meeting = item.meeting
    require(rules.can_run_meeting, request, meeting)
    form = AgendaItemForm(request.POST or None, agenda_item=item)
    saved = submit(
        request,
        form,
        lambda data: services.agenda_item_update(agenda_item=item, by=request.user, data=data),
        refresh=item,
    )
    if saved is not None:
        messages.success(request, f"{item.title} was saved.")
        return _back_to(meeting, f"item-{item.pk}")
    context = {
        "form": form,
        "meeting": meeting,
        "title": f"{item.title} · {meeting}",
        "submit": "Save item",
    }
    return render(request, "governance/meeting_form.html", context)


# Cadences


@require_http_methods(["GET", "POST"])
def cadence_create(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_scoped_or_404(GovernanceBody.objects.all(), request.user, pk=pk)
    require(rules.can_set_cadence, request, body)
    form = CadenceForm(request.POST or None)
    cadence = submit(
        request, form, lambda data: services.cadence_create(by=request.user, body=body, **data)
    )
    if cadence is not None:
        created = services.meetings_generate()
        messages.success(
            request, f"{body} now meets: {cadence.describe()}. {created} meetings were scheduled."
        )
        return redirect(f"{body.get_absolute_url()}#meetings")
    context = {"form": form, "body": body, "title": f"Meeting cadence of {body}", "submit": "Save"}
    return render(request, "governance/cadence_form.html", context)


@require_http_methods(["GET", "POST"])
def cadence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cadence = get_scoped_or_404(Cadence.objects.select_related("body"), request.user, pk=pk)
    body = cadence.body
    require(rules.can_set_cadence, request, cadence)
    form = CadenceForm(request.POST or None, cadence=cadence)
    saved = submit(
        request,
        form,
        lambda data: services.cadence_update(cadence=cadence, by=request.user, data=data),
        refresh=cadence,
    )
    if saved is not None:
        messages.success(request, f"{body}'s cadence was saved: {cadence.describe()}.")
        return redirect(f"{body.get_absolute_url()}#meetings")
    context = {"form": form, "body": body, "title": f"Meeting cadence of {body}", "submit": "Save"}
    return render(request, "governance/cadence_form.html", context)


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
    """My action items: open ones by due date, overdue first; closed ones on request."""
    require_role(request)
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
