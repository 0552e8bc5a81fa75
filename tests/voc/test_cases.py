"""Closed-loop cases: opened once per detractor (or dissatisfied customer) who left a comment,
for the touchpoint's owner or the business unit's lead, due after the service level; moved
open -> in progress -> closed with a note; reassigned by the core team; overdue owners
reminded once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied

from cxgov.models import Notification
from cxgov.roles import Role
from governance.models import MemberRole, Tier
from tests.factories import BodyFactory, BusinessUnitFactory, MembershipFactory, UserFactory
from voc import services
from voc.errors import VocError
from voc.models import CaseSettings, CaseStatus, ClosedLoopCase, Response
from voc.services import (
    business_unit_leads,
    case_reassign,
    case_reminders_send,
    case_transition,
    cases_open,
)

from .factories import TouchpointFactory, metric

pytestmark = pytest.mark.django_db
SATURDAY = dt.date(2026, 11, 21)
WHEN = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)


@pytest.fixture
def owner(db):
    return UserFactory(username="otto", roles=[Role.WORKING_GROUP_MEMBER])


@pytest.fixture
def checkout(owner):
    return TouchpointFactory(code="checkout", name="Checkout", owner=owner)


def respond(code: str, score: float, comment: str = "Slow.", **fields) -> Response:
    fields.setdefault("external_id", f"{code}-{Response.objects.count() + 1}")
    return Response.objects.create(
        metric=metric(code), score=score, responded_at=WHEN, comment=comment, **fields
    )


# -- Which responses open a case, and for whom --------------------------------------------------


def test_detractors_and_dissatisfied_customers_with_a_comment_open_one_case_each(checkout):
    opened = [
        respond("nps", 0, touchpoint=checkout),
        respond("nps", 6, touchpoint=checkout),
        respond("csat", 3, touchpoint=checkout),  # CSAT satisfied from 4: 3 is dissatisfied
    ]
    respond("nps", 7, touchpoint=checkout)  # a passive
    respond("nps", 2, comment="   ", touchpoint=checkout)  # no comment worth the name
    respond("csat", 4, touchpoint=checkout)  # satisfied
    respond("ces", 1, touchpoint=checkout)  # effort is not followed up case by case
    assert cases_open(on=SATURDAY) == 3
    assert cases_open(on=SATURDAY) == 0  # once per response
    cases = ClosedLoopCase.objects.order_by("response_id")
    assert [c.response_id for c in cases] == [r.pk for r in opened]
    assert {(c.owner_id, c.touchpoint_id, c.status, c.opened_on) for c in cases} == {
        (checkout.owner_id, checkout.pk, CaseStatus.OPEN, SATURDAY)
    }


def test_the_due_date_counts_working_days_by_default_and_calendar_days_when_set(checkout):
    respond("nps", 1, touchpoint=checkout)
    cases_open(on=SATURDAY)
    # Five working days from a Saturday: Monday 23 to Friday 27 November.
    assert ClosedLoopCase.objects.get().due_on == dt.date(2026, 11, 27)
    CaseSettings.objects.filter(pk=1).update(service_level_days=5, working_days_only=False)
    respond("nps", 1, touchpoint=checkout)
    cases_open(on=SATURDAY)
    assert ClosedLoopCase.objects.order_by("pk").last().due_on == dt.date(2026, 11, 26)


def test_without_a_touchpoint_owner_the_business_units_steering_lead_owns_the_case(db):
    unit = BusinessUnitFactory(name="Retail")
    steering = BodyFactory(tier=Tier.STEERING_COMMITTEE)
    group = BodyFactory(tier=Tier.WORKING_GROUP)
    group_lead = MembershipFactory(body=group, role=MemberRole.LEAD, business_unit=unit).person
    chair = MembershipFactory(body=steering, role=MemberRole.CHAIR, business_unit=unit).person
    MembershipFactory(body=steering, role=MemberRole.MEMBER, business_unit=unit)
    assert business_unit_leads()[unit.pk] == chair.pk
    stray = TouchpointFactory(code="kiosk", business_unit=unit)  # no owner
    respond("nps", 3, touchpoint=stray)  # the unit from the touchpoint
    respond("nps", 3, business_unit=unit)  # the unit on the response
    respond("nps", 3)  # nobody answers for it: the core team assigns it
    cases_open(on=SATURDAY)
    owners = list(ClosedLoopCase.objects.order_by("pk").values_list("owner_id", "business_unit"))
    assert owners == [(chair.pk, unit.pk), (chair.pk, unit.pk), (None, None)]
    assert group_lead.pk != chair.pk


def test_a_deactivated_touchpoint_owner_passes_the_case_to_the_business_units_lead(checkout):
    unit = BusinessUnitFactory(name="Retail")
    lead = MembershipFactory(body=BodyFactory(), role=MemberRole.LEAD, business_unit=unit).person
    checkout.business_unit = unit
    checkout.save()
    checkout.owner.is_active = False
    checkout.owner.save()
    respond("nps", 3, touchpoint=checkout)
    cases_open(on=SATURDAY)
    assert ClosedLoopCase.objects.get().owner == lead


@pytest.fixture(autouse=False)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


FILE = (
    b"metric,score,responded_at,external_id,touchpoint,comment\n"
    b"nps,2,2026-11-02T10:00:00Z,a,checkout,Never again\n"
    b"nps,9,2026-11-02T11:00:00Z,b,checkout,Lovely\n"
    b"csat,1,2026-11-03T11:00:00Z,c,checkout,Rude\n"
    b"csat,2,2026-11-03T12:00:00Z,d,checkout,\n"
)


def test_an_import_opens_its_cases_in_its_own_transaction_and_a_rerun_opens_none(
    core_team_user, checkout, media
):
    job = services.import_job_create(
        by=core_team_user, file=io.BytesIO(FILE), original_name="s.csv", background=False,
        cases_from=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
    )  # fmt: skip
    assert job.inserted_rows == 4
    assert job.message.endswith(
        "2 closed-loop cases opened for detractors' comments from 2 Nov 2026 00:00 on."
    )
    assert ClosedLoopCase.objects.count() == 2
    case = ClosedLoopCase.objects.get(response__external_id="a")
    assert case.due_on == CaseSettings.current().due_on(case.opened_on)
    again = services.import_job_create(
        by=core_team_user, file=io.BytesIO(FILE), original_name="s.csv", background=False
    )
    assert again.inserted_rows == 0 and ClosedLoopCase.objects.count() == 2


def test_a_refused_import_opens_no_case(core_team_user, checkout, media):
    bad = FILE + b"nps,11,2026-11-03T12:00:00Z,e,checkout,Off the scale\n"
    job = services.import_job_create(
        by=core_team_user, file=io.BytesIO(bad), original_name="s.csv", background=False
    )
    assert job.status == "refused"
    assert not Response.objects.exists() and not ClosedLoopCase.objects.exists()


# -- Moving a case ---------------------------------------------------------------------------


@pytest.fixture
def case(checkout) -> ClosedLoopCase:
    respond("nps", 2, touchpoint=checkout)
    cases_open(on=SATURDAY)
    return ClosedLoopCase.objects.get()


def test_the_owner_moves_a_case_to_in_progress_then_closes_it_with_a_note(case, owner):
    case_transition(case=case, to_status="in_progress", by=owner)
    case_transition(case=case, to_status="closed", by=owner, note="Called; refunded.")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closing_note == "Called; refunded."
    assert case.closed_on is not None
    assert [h.status for h in case.history.order_by("history_date")][-2:] == [
        "in_progress",
        "closed",
    ]


def test_closing_without_a_note_is_refused_and_nothing_changes(case, owner):
    with pytest.raises(VocError) as refused:
        case_transition(case=case, to_status="closed", by=owner, note="  ")
    assert refused.value.field == "note"
    assert "before closing" in refused.value.message
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.closing_note) == ("open", None, "")


def test_an_unknown_status_is_refused_by_name(case, owner):
    with pytest.raises(VocError) as refused:
        case_transition(case=case, to_status="resolved", by=owner)
    assert refused.value.field == "to_status"
    assert refused.value.message == "'resolved' is not a case status: open, in progress, closed."


def test_a_closed_case_stays_closed(case, owner):
    case_transition(case=case, to_status="closed", by=owner, note="Done.")
    with pytest.raises(VocError) as refused:
        case_transition(case=case, to_status="in_progress", by=owner)
    assert refused.value.message == (
        "A case that is closed cannot move to in progress; it is final."
    )
    assert ClosedLoopCase.objects.get().status == "closed"


def test_someone_elses_case_cannot_be_moved_by_a_working_group_member(case, wg_member_user):
    with pytest.raises(PermissionDenied):
        case_transition(case=case, to_status="in_progress", by=wg_member_user)
    assert ClosedLoopCase.objects.get().status == "open"


def test_the_core_team_reassigns_to_an_active_person_with_a_role(case, core_team_user):
    other = UserFactory(username="olga", roles=[Role.WORKING_GROUP_MEMBER])
    case_reassign(case=case, owner=other, by=core_team_user)
    assert ClosedLoopCase.objects.get().owner == other


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"is_active": False}, "account is deactivated; give the case to someone active."),
        ({"roles": []}, "holds no cxgov role, so could not act on the case"),
        ({"roles": [Role.VIEWER]}, "only reads (a viewer), so could not act on the case"),
    ],
)
def test_reassigning_to_someone_who_could_not_follow_it_up_is_refused(
    case, core_team_user, fields, message
):
    roles = fields.pop("roles", [Role.WORKING_GROUP_MEMBER])
    other = UserFactory(username="olga", roles=roles, **fields)
    with pytest.raises(VocError) as refused:
        case_reassign(case=case, owner=other, by=core_team_user)
    assert refused.value.field == "owner" and message in refused.value.message
    assert ClosedLoopCase.objects.get().owner_id == case.owner_id


def test_only_the_core_team_reassigns(case, owner):
    with pytest.raises(PermissionDenied):
        case_reassign(case=case, owner=owner, by=owner)


# -- Overdue reminders -------------------------------------------------------------------------


def test_an_overdue_case_reminds_its_owner_once_however_often_the_job_runs(
    case, owner, mailoutbox, deliver
):
    with deliver():
        assert case_reminders_send(on=case.due_on) == 0  # due today: not overdue yet
        late = case.due_on + dt.timedelta(days=1)
        assert case_reminders_send(on=late) == 1
        assert case_reminders_send(on=late) == 0  # beat fired twice
        assert case_reminders_send(on=late + dt.timedelta(days=3)) == 0  # once per case
    [mail] = mailoutbox
    assert mail.to == [owner.email] and mail.subject.startswith("Overdue: closed-loop case")
    row = Notification.objects.get(kind=services.CASE_OVERDUE)
    assert row.recipient == owner and row.occasion == f"case:{case.pk}:overdue"


def test_a_reassigned_overdue_case_reminds_its_new_owner_once_and_a_closed_one_nobody(
    case, owner, core_team_user
):
    late = case.due_on + dt.timedelta(days=1)
    case_reminders_send(on=late)
    other = UserFactory(username="olga", roles=[Role.WORKING_GROUP_MEMBER])
    case_reassign(case=case, owner=other, by=core_team_user)
    assert case_reminders_send(on=late) == 1
    case_transition(case=case, to_status="closed", by=other, note="Sorted.")
    Notification.objects.all().delete()
    assert case_reminders_send(on=late) == 0


def test_case_reminders_run_daily_from_beat(case):
    from django_celery_beat.models import PeriodicTask

    from cxgov.celery import app as celery_app
    from voc.tasks import case_reminders_send_task

    assert PeriodicTask.objects.filter(task="voc.case_reminders_send").exists()
    assert "voc.case_reminders_send" in celery_app.tasks
    # The case opened on 21 Nov 2026 is due on the 27th: run after that, it is overdue.
    ClosedLoopCase.objects.update(due_on=dt.date(2026, 1, 2), opened_on=dt.date(2026, 1, 1))
    assert case_reminders_send_task.apply().get() == {"sent": 1}
    assert case_reminders_send_task.apply().get() == {"sent": 0}
