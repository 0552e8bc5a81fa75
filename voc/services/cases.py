"""Closed-loop writes: opening cases after an import, moving them along their workflow,
reassigning them, reminding owners of overdue ones and escalating them (once each, through
cxgov.notifications).

Opening is one INSERT ... SELECT over the responses the import added, inside the import's
transaction, with ON CONFLICT DO NOTHING on the case's one-to-one key: an import of a million
rows opens its cases without bringing a row into Python, a re-run opens nothing twice, and a
refused import opens nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat

from cxgov.chat import chat_notify
from cxgov.concurrency import claim
from cxgov.dates import today
from cxgov.models import Notification
from cxgov.notifications import Notice, send_once
from cxgov.people import person_name
from governance.models import GovernanceBody, Meeting, Membership, Tier

from .. import selectors
from ..errors import VocError
from ..models import (
    CASE_TRANSITIONS,
    CaseSettings,
    CaseStatus,
    ClosedLoopCase,
    MetricKind,
    Response,
)
from ..notifications import CASE_ESCALATED, CASE_OVERDUE
from ..permissions import can_own_case, can_reassign_case, can_work_case

# Which tier's leads answer for a business unit first: the steering committee seats the senior
# leader of each business unit; a working group's lead comes next.
LEAD_TIER_ORDER = [Tier.STEERING_COMMITTEE, Tier.WORKING_GROUP, Tier.CORE_TEAM]


def business_unit_leads(on: dt.date | None = None) -> dict[int, int]:
    """Each business unit's lead: the active person serving as chair or lead of a body while
    representing that unit, steering committee first, then working groups, then the core
    team; the longest-serving first among equals. One query.

    A business unit has no lead of its own in governance; the person who represents it at the
    top of the structure answers for it."""
    rank = Case(
        *[When(body__tier=tier, then=Value(i)) for i, tier in enumerate(LEAD_TIER_ORDER)],
        default=Value(len(LEAD_TIER_ORDER)),
        output_field=IntegerField(),
    )
    leads: dict[int, int] = {}
    rows = (
        Membership.objects.leading(on)
        .filter(business_unit__isnull=False, person__is_active=True)
        .annotate(rank=rank)
        .order_by("business_unit_id", "rank", "start_date", "pk")
        .values_list("business_unit_id", "person_id")
    )
    for unit_id, person_id in rows:
        leads.setdefault(unit_id, person_id)
    return leads


def response_watermark() -> int:
    """The highest response id stored now: the responses an import adds come after it."""
    return Response.objects.aggregate(last=Max("pk"))["last"] or 0


def cases_open(
    *, after_id: int = 0, on: dt.date | None = None, responded_from: dt.datetime | None = None
) -> int:
    """Open a case for each response after `after_id` that is a detractor (NPS 0-6) or
    dissatisfied (CSAT below its satisfied scores) and has a comment, unless it has one; with
    `responded_from`, only for responses given from that moment on (a live import's cut-off).
    The owner is the touchpoint's owner while active, else the business unit's lead (the
    response's unit, else the touchpoint's), else nobody (the core team assigns it). Returns
    how many opened. Runs in the caller's transaction."""
    on = on or today()
    due_on = CaseSettings.current().due_on(on)
    leads = business_unit_leads(on)
    unit = "COALESCE(r.business_unit_id, t.business_unit_id)"
    params: list[Any] = []
    if leads:
        whens = " ".join("WHEN %s THEN %s" for _ in leads)
        lead = f"CASE {unit} {whens} END"
        for unit_id, person_id in leads.items():
            params += [unit_id, person_id]
    else:
        lead = "NULL"
    users = get_user_model()._meta.db_table
    case_table = ClosedLoopCase._meta.db_table
    sql = (
        f"INSERT INTO {case_table} (response_id, metric_id, touchpoint_id, business_unit_id, "
        f"owner_id, status, opened_on, due_on, closed_on, closing_note) "
        f"SELECT r.id, r.metric_id, r.touchpoint_id, {unit}, "
        f"COALESCE(CASE WHEN u.is_active THEN t.owner_id END, {lead}), "
        f"%s, %s, %s, NULL, '' "
        f"FROM {Response._meta.db_table} r "
        f"JOIN voc_metric m ON m.id = r.metric_id "
        f"LEFT JOIN voc_touchpoint t ON t.id = r.touchpoint_id "
        f"LEFT JOIN {users} u ON u.id = t.owner_id "
        f"WHERE r.id > %s AND TRIM(r.comment) <> '' AND ("
        f"(m.kind = %s AND r.score <= 6) OR (m.kind = %s AND r.score < m.success_min)) "
        f"{'AND r.responded_at >= %s ' if responded_from else ''}"
        # In the responses' order, whatever the join's: case numbers follow the responses.
        f"ORDER BY r.id "
        f"ON CONFLICT (response_id) DO NOTHING"
    )
    params += [CaseStatus.OPEN, on, due_on, after_id, MetricKind.NPS, MetricKind.CSAT]
    if responded_from:
        params.append(connection.ops.adapt_datetimefield_value(responded_from))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        opened = max(cursor.rowcount, 0)
    return opened


def _locked(case: ClosedLoopCase) -> ClosedLoopCase:
    return ClosedLoopCase.objects.select_for_update(of=("self",)).get(pk=case.pk)


@transaction.atomic
def case_transition(
    *,
    case: ClosedLoopCase,
    to_status: str,
    by: Any,
    note: str = "",
    version_read: int | None = None,
) -> ClosedLoopCase:
    """Move a case along CASE_TRANSITIONS. Closing needs a note on what was done for the
    customer; a closed case stays closed. With `version_read` (the one the person read), a change
    made since is an EditConflict and nothing moves."""
    can_work_case.enforce(by, case)
    if to_status not in CaseStatus.values:
        names = ", ".join(label.lower() for label in CaseStatus.labels)
        raise VocError(f"'{to_status}' is not a case status: {names}.", field="to_status")
    claim(case, version=version_read)
    current = _locked(case)
    if to_status not in CASE_TRANSITIONS[current.status]:
        allowed = [CaseStatus(s).label.lower() for s in sorted(CASE_TRANSITIONS[current.status])]
        raise VocError(
            f"A case that is {current.get_status_display().lower()} cannot move to "
            f"{CaseStatus(to_status).label.lower()}"
            + (f"; it can move to {' or '.join(allowed)}." if allowed else "; it is final."),
            field="to_status",
        )
    note = (note or "").strip()
    if to_status == CaseStatus.CLOSED and not note:
        raise VocError("Say what was done for the customer before closing the case.", field="note")
    try:  # the closing note's own rules (length, control characters), for every door
        ClosedLoopCase._meta.get_field("closing_note").run_validators(note)
    except ValidationError as refusal:
        raise VocError(" ".join(refusal.messages), field="note") from None
    current.status = to_status
    if to_status == CaseStatus.CLOSED:
        current.closed_on = today()
        current.closing_note = note
    current._change_reason = note[:100]
    current.save(update_fields=["status", "closed_on", "closing_note"])
    case.refresh_from_db()
    return case


@transaction.atomic
def case_reassign(
    *, case: ClosedLoopCase, owner: Any, by: Any, version_read: int | None = None
) -> ClosedLoopCase:
    """Give a case to someone else (the core team's call). They must be active and hold a
    cxgov role, or they could not open it. With `version_read`, a change made since is refused."""
    can_reassign_case.enforce(by, case)
    if owner is None:
        raise VocError("Choose who follows this case up.", field="owner")
    refused = can_own_case.refusal(owner, case)
    if refused:
        raise VocError(refused, field="owner")
    claim(case, version=version_read)
    current = _locked(case)
    if not current.is_open:
        raise VocError("A closed case is not reassigned.", field="owner")
    if current.owner_id != owner.pk:
        current.owner = owner
        current._change_reason = f"Reassigned to {person_name(owner)}"[:100]
        current.save(update_fields=["owner"])
    case.refresh_from_db()
    return case


def case_update(
    *, case: ClosedLoopCase, by: Any, data: dict[str, Any], version_read: int | None = None
) -> ClosedLoopCase:
    """The API's update: only the owner changes here (a reassignment); the status moves
    through case_transition."""
    refused = sorted(set(data) - {"owner"})
    if refused:
        raise VocError(
            f"{', '.join(refused)} cannot be changed here; the status moves through transition/.",
            field=refused[0],
        )
    if "owner" not in data:
        return case
    return case_reassign(case=case, owner=data["owner"], by=by, version_read=version_read)


# -- Overdue reminders ----------------------------------------------------------------------------


def case_occasion(case: ClosedLoopCase) -> str:
    return f"case:{case.pk}:overdue"


def _owner(case: ClosedLoopCase) -> list[Any]:
    return [case.owner]


def _overdue_notice(case: ClosedLoopCase, owner: Any) -> Notice:
    where = f" at {case.touchpoint}" if case.touchpoint_id else ""
    return Notice(
        kind=CASE_OVERDUE,
        occasion=case_occasion(case),
        subject=f"Overdue: closed-loop case {case.pk} ({case.metric}{where})",
        body=(
            f"A customer's {case.metric} response{where} has waited since "
            f"{case.opened_on:%-d %b %Y}; its follow-up was due on {case.due_on:%-d %b %Y}. "
            "Contact the customer, then close the case with a note on what was done, or ask "
            "the core CX team to reassign it."
        ),
        link=case.get_absolute_url(),
    )


def case_reminders_send(*, on: dt.date | None = None) -> int:
    """Remind the owner of every overdue case, once per case and owner (a reassigned case
    reminds its new owner once too). Each reminder is its own transaction (see
    cxgov.notifications). Returns how many went out now."""
    on = on or today()
    # Skip, in SQL, cases whose owner heard already: the daily job stays one query once most
    # overdue cases have been reminded. notify's unique row still decides.
    heard = Notification.objects.filter(
        recipient=OuterRef("owner"),
        kind=CASE_OVERDUE,
        occasion=Concat(Value("case:"), Cast(OuterRef("pk"), CharField()), Value(":overdue")),
    )
    overdue = ClosedLoopCase.objects.overdue(on).filter(owner__isnull=False).exclude(Exists(heard))
    return send_once(
        due=overdue.select_related("owner", "metric", "touchpoint").order_by("pk"),
        recipients=_owner,
        notice=_overdue_notice,
    )


# -- The escalation ladder ----------------------------------------------------------------------
#
# A case still open after its service level (overdue: its due date has passed) goes to its
# business unit's lead; still open after twice its service level (a whole second service level
# past its due date) it goes to the steering committee's next KPI pack, and the committee's
# chair hears. Each step is written on the case once, by the daily job, in a transaction of its
# own with the case locked (its history says when and to whom); the notices then go through
# send_once, keyed per case and step, so a job run twice, on two workers, or killed between
# the two tells each person once and loses nobody.


def escalation_occasion(case: ClosedLoopCase, step: str) -> str:
    return f"case:{case.pk}:escalated:{step}"


def _steering_leads(meeting: Meeting | None) -> list[Any]:
    """Who answers for the steering committee: the chairs (and sponsors, leads) serving on the
    body of the meeting the case goes to; with no meeting, on every active steering
    committee."""
    bodies = (
        [meeting.body_id]
        if meeting is not None
        else GovernanceBody.objects.active().filter(tier=Tier.STEERING_COMMITTEE)
    )
    seats = (
        Membership.objects.leading()
        .filter(body__in=bodies, person__is_active=True)
        .select_related("person")
        .order_by("person_id")
    )
    return list({m.person_id: m.person for m in seats}.values())


def _record_step(case_ids: list[int], due, write) -> int:
    """Write one step on each case still due for it, each in its own transaction with the
    case locked and re-read (closed or escalated a moment ago: skipped). Returns how many."""
    written = 0
    for pk in case_ids:
        with transaction.atomic():
            case = due.select_for_update(of=("self",)).filter(pk=pk).first()
            if case is None:
                continue
            write(case)
            written += 1
    return written


def case_escalations_record(*, on: dt.date | None = None) -> dict[str, int]:
    """Write the steps the open cases reached by `on`: to the lead the day after the due
    date, to the steering committee the day after a second service level (counted from the
    due date, with today's closed-loop settings). Returns how many cases took each step."""
    on = on or today()
    config = CaseSettings.current()
    leads = business_unit_leads(on)
    to_lead = ClosedLoopCase.objects.overdue(on).filter(escalated_to_lead_on__isnull=True)

    people = {u.pk: u for u in get_user_model().objects.filter(pk__in=set(leads.values()))}

    def lead_step(case: ClosedLoopCase) -> None:
        lead = people.get(leads.get(case.business_unit_id))
        case.escalated_to_lead_on = on
        case.escalation_lead = lead
        # Cases open by SQL, with no first history record to compare with: the reason names
        # the person, so the history says to whom.
        case._change_reason = (
            f"One service level overdue: escalated to {person_name(lead)}, the business unit's lead"
            if lead
            else "One service level overdue; its business unit has no lead to escalate to"
        )
        claim(case)
        case.save(update_fields=["escalated_to_lead_on", "escalation_lead"])

    lead_ids = list(to_lead.order_by("pk").values_list("pk", flat=True))
    counts = {"lead": _record_step(lead_ids, to_lead, lead_step)}

    to_steering = ClosedLoopCase.objects.open().filter(
        escalated_to_lead_on__isnull=False,
        escalated_to_steering_on__isnull=True,
        due_on__lte=config.latest_start_past(on),
    )
    meeting = selectors.steering_next_meeting() if to_steering.exists() else None

    def steering_step(case: ClosedLoopCase) -> None:
        case.escalated_to_steering_on = on
        case.escalation_meeting = meeting
        case._change_reason = (
            "Twice its service level: escalated to the steering committee's next pack"
        )
        claim(case)
        case.save(update_fields=["escalated_to_steering_on", "escalation_meeting"])

    steering_ids = list(to_steering.order_by("pk").values_list("pk", flat=True))
    counts["steering"] = _record_step(steering_ids, to_steering, steering_step)
    return counts


def _where(case: ClosedLoopCase) -> str:
    unit = f" ({case.business_unit})" if case.business_unit_id else ""
    return (f" at {case.touchpoint}" if case.touchpoint_id else "") + unit


def _lead_notice(case: ClosedLoopCase, lead: Any) -> Notice:
    owner = person_name(case.owner) if case.owner_id else "nobody yet"
    return Notice(
        kind=CASE_ESCALATED,
        occasion=escalation_occasion(case, "lead"),
        subject=f"Escalated to you: closed-loop case {case.pk} ({case.metric}{_where(case)})",
        body=(
            f"A customer's {case.metric} response{_where(case)} has waited since "
            f"{case.opened_on:%-d %b %Y}. Its follow-up was due on {case.due_on:%-d %b %Y} and "
            f"the case is still open, so it comes to you as the business unit's lead. It is "
            f"owned by {owner}. If it is still open after a second service level, it goes to "
            "the steering committee's next pack."
        ),
        link=case.get_absolute_url(),
    )


def _steering_notice(case: ClosedLoopCase, chair: Any) -> Notice:
    meeting = case.escalation_meeting
    when = (
        f"on the pack of {meeting.body}'s meeting of {meeting.local_start:%-d %b %Y}"
        if meeting is not None
        else "on the steering committee's next pack, once a meeting is scheduled"
    )
    return Notice(
        kind=CASE_ESCALATED,
        occasion=escalation_occasion(case, "steering"),
        subject=f"Escalated to the steering committee: closed-loop case {case.pk} "
        f"({case.metric}{_where(case)})",
        body=(
            f"A customer's {case.metric} response{_where(case)} has waited since "
            f"{case.opened_on:%-d %b %Y}: twice the service level, and the case is still open. "
            f"It is {when}."
        ),
        link=case.get_absolute_url(),
    )


def _lead(case: ClosedLoopCase) -> list[Any]:
    # The owner hears through the overdue reminder; a lead who owns the case is not told twice.
    lead = case.escalation_lead
    return [lead] if lead is not None and lead.pk != case.owner_id else []


def _steering(case: ClosedLoopCase) -> list[Any]:
    return _steering_leads(case.escalation_meeting)


def case_escalations_send(*, on: dt.date | None = None) -> dict[str, int]:
    """The daily job: write the steps the open cases reached (case_escalations_record), then
    tell the lead of each case that went to its lead, and the steering committee's chair (and
    its chat channel) of each that went to the committee, once per case, step and person or
    channel. Returns the cases that took each step now and the notices sent now."""
    steps = case_escalations_record(on=on)
    told = Notification.objects.filter(
        recipient=OuterRef("escalation_lead"),
        kind=CASE_ESCALATED,
        occasion=Concat(
            Value("case:"), Cast(OuterRef("pk"), CharField()), Value(":escalated:lead")
        ),
    )
    sent = send_once(
        due=ClosedLoopCase.objects.open()
        .filter(escalation_lead__isnull=False)
        .exclude(escalation_lead=F("owner"))
        .exclude(Exists(told))
        .select_related("escalation_lead", "metric", "touchpoint", "business_unit", "owner")
        .order_by("pk"),
        recipients=_lead,
        notice=_lead_notice,
    )
    sent += send_once(
        due=ClosedLoopCase.objects.open()
        .escalated_to_steering()
        .select_related("escalation_meeting__body", "metric", "touchpoint", "business_unit")
        .order_by("pk"),
        recipients=_steering,
        notice=_steering_notice,
    )
    sent += _escalations_to_chat()
    return {**steps, "sent": sent}


def _escalations_to_chat() -> int:
    """Post each case escalated to a steering committee to that committee's chat channel (or,
    with no meeting to go to, to every active committee's), once per case and channel."""
    posted = 0
    cases = (
        ClosedLoopCase.objects.open()
        .escalated_to_steering()
        .select_related("escalation_meeting__body__chat_channel", "metric", "touchpoint",
                        "business_unit")
        .order_by("pk")
    )  # fmt: skip
    committees = list(
        GovernanceBody.objects.active()
        .filter(tier=Tier.STEERING_COMMITTEE, chat_channel__is_active=True)
        .select_related("chat_channel")
    )
    for case in cases.iterator(chunk_size=500):
        meeting = case.escalation_meeting
        bodies = [meeting.body] if meeting is not None else committees
        notice = _steering_notice(case, None)
        for channel in {b.chat_channel for b in bodies if b.chat_channel is not None}:
            posted += (
                chat_notify(
                    channel=channel, kind=notice.kind, occasion=notice.occasion,
                    subject=notice.subject, body=notice.body, link=notice.link,
                )
                is not None
            )  # fmt: skip
    return posted
