"""The escalation ladder of a closed-loop case: still open after its service level, it goes to
its business unit's lead; still open after twice its service level, to the steering
committee's next pack (and its chair hears). Each step once, whatever the number of runs; the
steps are written on the case, in its history.

Hand-worked dates (2 Nov 2026 is a Monday):
- calendar days, 5: opened Mon 2 Nov, due Sat 7 Nov (1x). Overdue from Sun 8 Nov: to the lead.
  Twice the service level ends Thu 12 Nov (7 + 5): to the steering committee from Fri 13 Nov.
- working days, 5: opened Mon 2 Nov, due Mon 9 Nov (Tue 3 ... Fri 6, Mon 9). To the lead
  from Tue 10 Nov. A second service level from Mon 9 ends Mon 16 Nov (Tue 10 ... Fri 13,
  Mon 16): to the steering committee from Tue 17 Nov.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cxgov.history import history_entries
from cxgov.models import Notification
from cxgov.people import person_name
from cxgov.roles import Role
from governance.models import MemberRole, Tier
from tests.factories import BodyFactory, BusinessUnitFactory, MembershipFactory, UserFactory
from tests.governance.factories import MeetingFactory
from voc.models import CaseSettings, ClosedLoopCase, Response
from voc.services import (
    CASE_ESCALATED,
    case_escalations_send,
    case_transition,
    cases_open,
)

from .factories import TouchpointFactory, metric

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 2)
D = dt.timedelta(days=1)


@pytest.fixture
def people(db):
    """Otto owns the touchpoint; Leo leads a working group for Retail (the unit's lead);
    Stella chairs the steering committee."""
    unit = BusinessUnitFactory(name="Retail")
    otto = UserFactory(username="otto", email="otto@example.com", roles=[Role.WORKING_GROUP_MEMBER])
    leo = MembershipFactory(
        body=BodyFactory(name="Branch experience", tier=Tier.WORKING_GROUP),
        role=MemberRole.LEAD,
        business_unit=unit,
        person=UserFactory(username="leo", email="leo@example.com"),
    ).person
    steering = BodyFactory(name="Steering committee", tier=Tier.STEERING_COMMITTEE)
    stella = MembershipFactory(
        body=steering,
        role=MemberRole.CHAIR,
        person=UserFactory(username="stella", email="stella@example.com"),
    ).person
    MembershipFactory(body=steering, role=MemberRole.MEMBER)  # a member is not told
    touchpoint = TouchpointFactory(
        code="branch", name="Branch visit", owner=otto, business_unit=unit
    )
    return {"unit": unit, "otto": otto, "leo": leo, "stella": stella,
            "steering": steering, "touchpoint": touchpoint}  # fmt: skip


def open_case(touchpoint, *, on: dt.date = MONDAY) -> ClosedLoopCase:
    response = Response.objects.create(
        metric=metric("nps"),
        score=2,
        comment="Queued forty minutes.",
        touchpoint=touchpoint,
        external_id=f"esc-{Response.objects.count() + 1}",
        responded_at=dt.datetime.combine(on, dt.time(9), tzinfo=dt.UTC),
    )
    cases_open(after_id=response.pk - 1, on=on)
    return ClosedLoopCase.objects.get(response=response)


def steps(case: ClosedLoopCase) -> tuple[dt.date | None, dt.date | None]:
    case.refresh_from_db()
    return case.escalated_to_lead_on, case.escalated_to_steering_on


def calendar_days(days: int = 5) -> None:
    CaseSettings.objects.update_or_create(
        pk=1, defaults={"service_level_days": days, "working_days_only": False}
    )


def test_calendar_days_the_lead_hears_after_one_service_level_the_committee_after_two(people):
    calendar_days()
    case = open_case(people["touchpoint"])
    assert case.due_on == dt.date(2026, 11, 7)
    for day in (dt.date(2026, 11, 6), dt.date(2026, 11, 7)):  # just before, and at, 1x
        assert case_escalations_send(on=day) == {"lead": 0, "steering": 0, "sent": 0}
        assert steps(case) == (None, None)
    # After 1x: to Leo, the unit's lead.
    assert case_escalations_send(on=dt.date(2026, 11, 8)) == {"lead": 1, "steering": 0, "sent": 1}
    assert steps(case) == (dt.date(2026, 11, 8), None)
    assert case.escalation_lead == people["leo"]
    # Just before, and at, 2x: nothing more.
    for day in (dt.date(2026, 11, 11), dt.date(2026, 11, 12)):
        assert case_escalations_send(on=day) == {"lead": 0, "steering": 0, "sent": 0}
        assert steps(case) == (dt.date(2026, 11, 8), None)
    # After 2x: to the steering committee; Stella, its chair, hears.
    assert case_escalations_send(on=dt.date(2026, 11, 13)) == {
        "lead": 0, "steering": 1, "sent": 1
    }  # fmt: skip
    assert steps(case) == (dt.date(2026, 11, 8), dt.date(2026, 11, 13))
    told = Notification.objects.filter(kind=CASE_ESCALATED).order_by("pk")
    assert [(n.recipient.username, n.occasion) for n in told] == [
        ("leo", f"case:{case.pk}:escalated:lead"),
        ("stella", f"case:{case.pk}:escalated:steering"),
    ]


def test_working_days_skip_the_weekend_on_both_steps(people):
    case = open_case(people["touchpoint"])  # 5 working days, the default
    assert case.due_on == dt.date(2026, 11, 9)
    assert case_escalations_send(on=dt.date(2026, 11, 9))["lead"] == 0  # at 1x
    assert case_escalations_send(on=dt.date(2026, 11, 10))["lead"] == 1  # after 1x
    assert CaseSettings.current().latest_start_past(dt.date(2026, 11, 16)) == dt.date(2026, 11, 8)
    assert case_escalations_send(on=dt.date(2026, 11, 16))["steering"] == 0  # at 2x
    assert case_escalations_send(on=dt.date(2026, 11, 17))["steering"] == 1  # after 2x
    assert steps(case) == (dt.date(2026, 11, 10), dt.date(2026, 11, 17))


def test_each_step_is_sent_once_however_often_the_job_runs(people, mailoutbox, deliver):
    calendar_days()
    case = open_case(people["touchpoint"])
    late = dt.date(2026, 11, 20)  # past both steps at once: both taken, the lead's first
    with deliver():
        assert case_escalations_send(on=late) == {"lead": 1, "steering": 1, "sent": 2}
        assert case_escalations_send(on=late) == {"lead": 0, "steering": 0, "sent": 0}
        assert case_escalations_send(on=late + 5 * D) == {"lead": 0, "steering": 0, "sent": 0}
    assert sorted(m.to[0] for m in mailoutbox) == ["leo@example.com", "stella@example.com"]
    assert steps(case) == (late, late)
    lead_mail = next(m for m in mailoutbox if m.to == ["leo@example.com"])
    assert lead_mail.subject.startswith(f"Escalated to you: closed-loop case {case.pk}")
    assert "was due on 7 Nov 2026" in lead_mail.body


def test_the_history_of_the_case_says_when_and_to_whom(people):
    calendar_days()
    case = open_case(people["touchpoint"])
    case_escalations_send(on=dt.date(2026, 11, 8))
    case_escalations_send(on=dt.date(2026, 11, 13))
    latest, before = history_entries(obj=case)[:2]
    assert latest.note == (
        "Twice its service level: escalated to the steering committee's next pack"
    )
    assert "Escalated to the steering committee on: — → 13 Nov 2026" in latest.changes
    # The case opened by SQL has no earlier record to compare with: the note names the lead.
    assert before.note == (
        f"One service level overdue: escalated to {person_name(people['leo'])}, the business "
        "unit's lead"
    )


def test_a_case_closed_in_time_or_before_a_step_goes_no_further(people):
    calendar_days()
    closed, late = open_case(people["touchpoint"]), open_case(people["touchpoint"])
    case_transition(case=closed, to_status="closed", by=people["otto"], note="Called back.")
    case_escalations_send(on=dt.date(2026, 11, 8))
    assert steps(closed) == (None, None) and steps(late) == (dt.date(2026, 11, 8), None)
    case_transition(case=late, to_status="closed", by=people["otto"], note="Refunded.")
    assert case_escalations_send(on=dt.date(2026, 11, 13)) == {
        "lead": 0, "steering": 0, "sent": 0
    }  # fmt: skip
    assert steps(late) == (dt.date(2026, 11, 8), None)


def test_a_lead_who_owns_the_case_is_not_told_twice_and_a_unit_without_a_lead_is_recorded(
    people,
):
    calendar_days()
    led = open_case(people["touchpoint"])
    led.owner = people["leo"]
    led.save()
    orphan_point = TouchpointFactory(code="kiosk", name="Kiosk", owner=people["otto"])
    orphan = open_case(orphan_point)  # no business unit: nobody leads it
    assert case_escalations_send(on=dt.date(2026, 11, 8)) == {
        "lead": 2, "steering": 0, "sent": 0
    }  # fmt: skip
    led.refresh_from_db()
    orphan.refresh_from_db()
    assert led.escalation_lead == people["leo"] and orphan.escalation_lead is None
    assert history_entries(obj=orphan)[0].note == (
        "One service level overdue; its business unit has no lead to escalate to"
    )
    # Both still reach the steering committee a service level later.
    assert case_escalations_send(on=dt.date(2026, 11, 13)) == {
        "lead": 0, "steering": 2, "sent": 2
    }  # fmt: skip


def test_the_steering_step_marks_the_committees_next_meeting(people):
    calendar_days()
    meeting = MeetingFactory(
        body=people["steering"], starts_at=timezone.now().replace(microsecond=0) + 3 * D
    )
    case = open_case(people["touchpoint"])
    case_escalations_send(on=dt.date(2026, 11, 13))
    case.refresh_from_db()
    assert case.escalation_meeting == meeting
    note = Notification.objects.get(kind=CASE_ESCALATED, recipient=people["stella"])
    assert f"on the pack of Steering committee's meeting of {meeting.local_start:%-d %b %Y}" in (
        note.body
    )


def test_case_escalations_run_daily_from_beat(people):
    from django_celery_beat.models import PeriodicTask

    from voc.tasks import case_escalations_send_task

    assert PeriodicTask.objects.filter(task="voc.case_escalations_send", enabled=True).exists()
    calendar_days()
    open_case(people["touchpoint"], on=dt.date(2026, 1, 5))  # long past both steps
    assert case_escalations_send_task.apply().get() == {"lead": 1, "steering": 1, "sent": 2}
    assert case_escalations_send_task.apply().get() == {"lead": 0, "steering": 0, "sent": 0}


def test_the_case_page_shows_the_ladder_ahead_then_the_steps_taken(people, client):
    calendar_days()
    case = open_case(people["touchpoint"])
    client.force_login(people["otto"])
    page = client.get(case.get_absolute_url()).content.decode()
    assert "A case is due 5 days after it opens: this one by 7 Nov 2026." in page
    assert "If still open after 7 Nov 2026, it goes to the business unit's lead." in page
    assert "If still open after 12 Nov 2026, it goes to the steering committee's next pack." in page
    case_escalations_send(on=dt.date(2026, 11, 13))
    page = client.get(case.get_absolute_url()).content.decode()
    assert (
        f"<strong>13 Nov 2026</strong>: one service level overdue, escalated to "
        f"{person_name(people['leo'])}, the lead of Retail." in page
    )
    assert (
        "<strong>13 Nov 2026</strong>: twice its service level, escalated to the steering "
        "committee: on its next pack (no meeting was scheduled then)." in page
    )
    assert "If still open after" not in page
