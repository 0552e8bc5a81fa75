"""Attendance is recorded for a whole meeting in one service call and one transaction: every
row is checked before any is written, so a refused row leaves every other row as it was, on the
page, in the API and in the service itself (against the real database)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import selectors, services
from governance.models import Attendance, AttendanceStatus, MemberRole
from tests.factories import MembershipFactory, UserFactory
from tests.governance.factories import MeetingFactory


@pytest.fixture
def meeting(structure):
    return MeetingFactory(body=structure["steering"])


@pytest.fixture
def people(structure):
    """Three seats on the steering committee, the chair first."""
    chair = UserFactory(
        username="chair", first_name="Cleo", last_name="Chair", roles=["Steering committee"]
    )
    MembershipFactory(body=structure["steering"], person=chair, role=MemberRole.CHAIR)
    others = [
        UserFactory(username=name, first_name=name.title(), last_name="Member")
        for name in ("ann", "bob")
    ]
    for person in others:
        MembershipFactory(body=structure["steering"], person=person)
    return [chair, *others]


@pytest.fixture
def refuses(monkeypatch):
    """Make the attendance model refuse one person's row (as any model rule would)."""

    def refuse(person):
        def clean(attendance):
            if attendance.person_id == person.pk:
                raise ValidationError({"person": "Not expected at this meeting."})

        monkeypatch.setattr(Attendance, "clean", clean)
        return person

    return refuse


def recorded(meeting) -> dict[str, str]:
    return dict(
        Attendance.objects.filter(meeting=meeting).values_list("person__username", "status")
    )


def test_the_service_records_every_row_and_changes_the_recorded_ones(admin_user, meeting, people):
    chair, ann, bob = people
    services.attendance_record(by=admin_user, meeting=meeting, person=ann, status="absent")
    saved = services.attendance_record_many(
        by=admin_user,
        meeting=meeting,
        statuses=[(chair, "present"), (ann, "apologies"), (bob, "present")],
    )
    assert [a.person for a in saved] == [chair, ann, bob]
    assert recorded(meeting) == {"chair": "present", "ann": "apologies", "bob": "present"}
    assert Attendance.objects.filter(meeting=meeting).count() == 3


def test_a_refusal_on_the_third_row_saves_none_of_the_rows(admin_user, meeting, people, refuses):
    chair, ann, bob = people
    services.attendance_record(by=admin_user, meeting=meeting, person=ann, status="absent")
    refuses(bob)
    with pytest.raises(ValidationError) as refusal:
        services.attendance_record_many(
            by=admin_user,
            meeting=meeting,
            statuses=[(chair, "present"), (ann, "present"), (bob, "present")],
        )
    assert "Bob Member: Not expected at this meeting." in refusal.value.messages[0]
    assert recorded(meeting) == {"ann": "absent"}  # the earlier row is as it was


def test_a_person_named_twice_is_refused_before_anything_is_written(admin_user, meeting, people):
    chair, ann, _ = people
    with pytest.raises(ValidationError, match="Name each person once"):
        services.attendance_record_many(
            by=admin_user,
            meeting=meeting,
            statuses=[(chair, "present"), (ann, "present"), (chair, "absent")],
        )
    assert recorded(meeting) == {}


def test_one_row_keeps_the_models_own_error_by_field(admin_user, meeting, people):
    with pytest.raises(ValidationError) as refusal:
        services.attendance_record(by=admin_user, meeting=meeting, person=people[0], status="late")
    assert set(refusal.value.message_dict) == {"status"}
    assert recorded(meeting) == {}


def test_the_page_saves_no_row_when_the_third_is_refused(client, meeting, people, refuses):
    chair = people[0]
    rows = selectors.meeting_page(meeting=meeting).attendance
    assert len(rows) == 3
    third = refuses(rows[2].person)
    client.force_login(chair)
    response = client.post(
        reverse("governance:attendance-record", args=[meeting.pk]),
        {f"person_{row.person.pk}": AttendanceStatus.PRESENT for row in rows},
    )
    assert recorded(meeting) == {}
    assert response.status_code == 200  # the page again, with the refusal
    assert f"{third.first_name} Member: Not expected at this meeting." in response.content.decode()


def test_the_api_records_a_meetings_attendance_in_one_call(
    api_client, core_team_user, meeting, people
):
    chair, ann, bob = people
    api_client.force_login(core_team_user)
    response = api_client.post(
        f"/api/v1/meetings/{meeting.pk}/attendance/",
        {
            "attendance": [
                {"person": chair.pk, "status": "present"},
                {"person": ann.pk, "status": "apologies"},
                {"person": bob.pk, "status": "absent"},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert [row["person"] for row in response.json()] == [chair.pk, ann.pk, bob.pk]
    assert recorded(meeting) == {"chair": "present", "ann": "apologies", "bob": "absent"}


def test_the_api_saves_no_row_when_the_third_is_refused(
    api_client, core_team_user, meeting, people, refuses
):
    chair, ann, bob = people
    refuses(bob)
    api_client.force_login(core_team_user)
    response = api_client.post(
        f"/api/v1/meetings/{meeting.pk}/attendance/",
        {"attendance": [{"person": p.pk, "status": "present"} for p in (chair, ann, bob)]},
        format="json",
    )
    assert recorded(meeting) == {}
    assert response.status_code == 400
    assert "Bob Member: Not expected at this meeting." in str(response.json())
