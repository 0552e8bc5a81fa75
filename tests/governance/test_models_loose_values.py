"""Loose values are refused by the model, so the API, the pages, the admin and the services all
refuse them alike: control characters, over-long text, dates outside the program's range, a
seat older than its body, and new links to a disbanded body. Each refusal names the field and
leaves nothing written."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cxgov.dates import today
from cxgov.validators import latest_date
from governance import services
from governance.models import (
    Activity,
    BusinessUnit,
    GovernanceBody,
    MaturityAssessment,
    Membership,
    RaciAssignment,
    Tier,
)
from governance.models.maturity import QUESTION_CODES
from tests.factories import ActivityFactory, MembershipFactory, UserFactory

ALL_TWOS = dict.fromkeys(QUESTION_CODES, 2)
RANGE = f"choose a date from 1990-01-01 to {latest_date().isoformat()}."


@pytest.fixture
def core_client(api_client, core_team_user):
    api_client.force_login(core_team_user)
    return api_client


@pytest.fixture
def disbanded(structure, core_team_user):
    group = structure["complaints"]
    services.body_disband(body=group, by=core_team_user, on=dt.date(2026, 2, 1))
    return group


# Control characters


def test_a_control_character_in_a_name_is_a_400_naming_it_over_the_api(core_client, structure):
    response = core_client.post(
        "/api/v1/business-units/", {"name": "Retail\x07", "code": "retail-bell"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["name"] == [
        "The name contains the control character U+0007 at character 7; "
        "it takes a single line of plain text."
    ]
    assert not BusinessUnit.objects.filter(code="retail-bell").exists()


def test_a_line_break_in_a_single_line_title_is_refused(core_team_user, structure):
    with pytest.raises(ValidationError) as refused:
        services.body_create(
            by=core_team_user,
            name="Billing\nWG",
            tier=Tier.WORKING_GROUP,
            parent=structure["steering"],
        )
    assert "U+000A at character 8" in refused.value.message_dict["name"][0]
    assert not GovernanceBody.objects.filter(name__startswith="Billing").exists()


def test_a_control_character_in_a_body_name_is_refused_next_to_the_field_on_the_page(
    client, core_team_user, structure
):
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:body-create"),
        {
            "name": "Billing\x1bWG",
            "tier": Tier.WORKING_GROUP,
            "kind": "standing",
            "formed_on": "2026-03-01",
            "purpose": "",
            "planned_disband_on": "",
            "parent": structure["steering"].pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "The name contains the control character U+001B at character 8; "
        "it takes a single line of plain text."
    ]
    assert not GovernanceBody.objects.filter(name__startswith="Billing").exists()


def test_multi_line_text_keeps_tabs_and_line_breaks_but_not_other_control_characters(
    core_client, structure
):
    body = structure["steering"]
    fine = core_client.patch(
        f"/api/v1/bodies/{body.pk}/", {"purpose": "Steers.\r\n\tAll of it."}, format="json"
    )
    assert fine.status_code == 200, fine.json()
    refused = core_client.patch(
        f"/api/v1/bodies/{body.pk}/", {"purpose": "Steers.\x0bAll."}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["purpose"] == [
        "The purpose contains the control character U+000B at character 8; it takes text."
    ]
    body.refresh_from_db()
    assert body.purpose == "Steers.\r\n\tAll of it."


# Lengths


def test_a_100000_character_description_is_a_400_naming_the_field_and_the_limit(
    core_client, structure
):
    response = core_client.post(
        "/api/v1/activities/",
        {"name": "Run the journey lab", "description": "x" * 100_000},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["description"] == [
        "The description is 100,000 characters long; the limit is 10,000."
    ]
    assert not Activity.objects.filter(name="Run the journey lab").exists()


def test_a_short_text_field_has_a_smaller_limit(core_client, structure):
    body = structure["steering"]
    response = core_client.patch(
        f"/api/v1/bodies/{body.pk}/", {"purpose": "x" * 2_001}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["purpose"] == [
        "The purpose is 2,001 characters long; the limit is 2,000."
    ]
    body.refresh_from_db()
    assert body.purpose == ""


def test_over_long_notes_are_refused_on_the_questionnaire_page(client, core_team_user, db):
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:maturity-create"),
        {"assessed_on": "2026-06-15", "notes": "n" * 10_001, **ALL_TWOS},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["notes"] == [
        "The notes is 10,001 characters long; the limit is 10,000."
    ]
    assert not MaturityAssessment.objects.exists()


# Date bounds


@pytest.mark.parametrize("assessed_on", ["0001-01-01", "9999-12-31", "1989-12-31"])
def test_an_assessment_dated_outside_the_program_range_is_a_400_giving_the_range(
    core_client, assessed_on
):
    response = core_client.post(
        "/api/v1/maturity-assessments/",
        {"answers": ALL_TWOS, "assessed_on": assessed_on},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["assessed_on"] == [
        f"{assessed_on} is outside the dates this program takes: {RANGE}"
    ]
    assert not MaturityAssessment.objects.exists()


def test_an_assessment_dated_outside_the_range_is_refused_on_the_page(client, core_team_user, db):
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:maturity-create"),
        {"assessed_on": "9999-12-31", "notes": "", **ALL_TWOS},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["assessed_on"] == [
        f"9999-12-31 is outside the dates this program takes: {RANGE}"
    ]
    assert not MaturityAssessment.objects.exists()


def test_the_range_runs_from_1990_to_ten_years_ahead(core_client):
    last = latest_date()
    assert (last - today()).days in (3652, 3653)  # ten years, two or three of them leap years
    for on in ("1990-01-01", last.isoformat()):
        response = core_client.post(
            "/api/v1/maturity-assessments/",
            {"answers": ALL_TWOS, "assessed_on": on},
            format="json",
        )
        assert response.status_code == 201, response.json()


@pytest.mark.parametrize("field", ["start_date", "end_date"])
def test_a_membership_dated_9999_is_a_400_naming_the_date(core_client, structure, field):
    person = UserFactory()
    dates = {"start_date": "2026-02-01", "end_date": "2026-03-01", field: "9999-12-31"}
    response = core_client.post(
        "/api/v1/memberships/",
        {"person": person.pk, "body": structure["steering"].pk, **dates},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()[field] == [
        f"9999-12-31 is outside the dates this program takes: {RANGE}"
    ]
    assert not Membership.objects.filter(person=person).exists()


# A seat older than its body


def test_a_membership_starting_before_the_body_was_formed_is_a_400_naming_start_date(
    core_client, structure
):
    person = UserFactory()
    response = core_client.post(
        "/api/v1/memberships/",
        {"person": person.pk, "body": structure["steering"].pk, "start_date": "2025-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["start_date"] == [
        "The membership starts (31 Dec 2025) before Steering committee was formed (1 Jan 2026)."
    ]
    assert not Membership.objects.filter(person=person).exists()


def test_a_membership_starting_before_the_body_was_formed_is_refused_on_the_page(
    client, core_team_user, structure
):
    person = UserFactory()
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:membership-create", args=[structure["steering"].pk]),
        {
            "person": person.pk,
            "role": "member",
            "business_unit": "",
            "start_date": "2025-06-01",
            "end_date": "",
            "hours_per_month": "2",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start_date"] == [
        "The membership starts (1 Jun 2025) before Steering committee was formed (1 Jan 2026)."
    ]
    assert not Membership.objects.filter(person=person).exists()


def test_moving_a_body_formation_after_its_first_seat_is_refused_naming_formed_on(
    core_client, structure
):
    body = structure["steering"]
    MembershipFactory(body=body, business_unit=None, start_date=dt.date(2026, 2, 1))
    response = core_client.patch(
        f"/api/v1/bodies/{body.pk}/", {"formed_on": "2026-03-01"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["formed_on"] == [
        "Steering committee has a membership starting 1 Feb 2026; "
        "it cannot have been formed after that."
    ]
    body.refresh_from_db()
    assert body.formed_on == dt.date(2026, 1, 1)
    earlier = core_client.patch(
        f"/api/v1/bodies/{body.pk}/", {"formed_on": "2025-06-01"}, format="json"
    )
    assert earlier.status_code == 200, earlier.json()


# New links to a disbanded body


def test_a_raci_letter_for_a_disbanded_body_is_a_400_naming_the_body(core_client, disbanded):
    activity = ActivityFactory()
    response = core_client.post(
        "/api/v1/raci/", {"activity": activity.pk, "body": disbanded.pk, "letter": "C"}
    )
    assert response.status_code == 400
    assert response.json()["body"] == [
        "Complaints WG was disbanded on 1 Feb 2026; it takes no new RACI letters."
    ]
    assert not RaciAssignment.objects.filter(activity=activity).exists()


def test_a_letter_already_held_by_a_disbanded_body_may_still_change(core_team_user, structure):
    activity = ActivityFactory()
    group = structure["complaints"]
    services.raci_assign(by=core_team_user, activity=activity, body=group, letter="C")
    services.body_disband(body=group, by=core_team_user, on=dt.date(2026, 2, 1))
    services.raci_assign(by=core_team_user, activity=activity, body=group, letter="I")
    assert RaciAssignment.objects.get(activity=activity, body=group).letter == "I"


@pytest.mark.parametrize("field", ["decided_by", "escalates_to"])
def test_decision_rights_given_to_a_disbanded_body_are_a_400_naming_the_body(
    core_client, disbanded, field
):
    activity = ActivityFactory(name="Choose the survey vendor")
    response = core_client.patch(
        f"/api/v1/activities/{activity.pk}/", {field: disbanded.pk}, format="json"
    )
    assert response.status_code == 400
    what = "decision rights" if field == "decided_by" else "escalations"
    assert response.json()[field] == [
        f"Complaints WG was disbanded on 1 Feb 2026; it takes no new {what}."
    ]
    activity.refresh_from_db()
    assert getattr(activity, field) is None


def test_an_activity_decided_by_a_body_since_disbanded_may_still_be_edited(
    core_client, core_team_user, structure
):
    group = structure["complaints"]
    activity = ActivityFactory(name="Choose the survey vendor", decided_by=group)
    services.body_disband(body=group, by=core_team_user, on=dt.date(2026, 2, 1))
    response = core_client.patch(
        f"/api/v1/activities/{activity.pk}/", {"description": "Every two years."}, format="json"
    )
    assert response.status_code == 200, response.json()


def test_a_membership_moved_onto_a_disbanded_body_in_the_admin_is_refused(
    client, admin_user, structure, disbanded
):
    seat = MembershipFactory(body=structure["steering"], business_unit=None)
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:governance_membership_change", args=[seat.pk]),
        {
            "person": seat.person_id,
            "body": disbanded.pk,
            "role": "member",
            "business_unit": "",
            "start_date": "2026-03-01",
            "end_date": "2026-04-01",
            "hours_per_month": "0",
            "version_read": seat.version,
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"] == [
        "Complaints WG was disbanded on 1 Feb 2026; it takes no new members."
    ]
    seat.refresh_from_db()
    assert seat.body == structure["steering"]


# A cancelled meeting's reason: refused, not silently cut


@pytest.fixture
def meeting(structure):
    from tests.governance.factories import MeetingFactory

    return MeetingFactory(body=structure["steering"])


def test_a_control_character_in_a_cancel_reason_is_a_400_naming_reason(core_client, meeting):
    response = core_client.post(
        f"/api/v1/meetings/{meeting.pk}/cancel/", {"reason": "Snow\x07day"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "reason": [
            "The reason contains the control character U+0007 at character 5; "
            "it takes a single line of plain text."
        ]
    }
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == ("scheduled", "")


def test_a_control_character_in_a_cancel_reason_is_refused_on_the_page(
    client, core_team_user, meeting
):
    client.force_login(core_team_user)
    response = client.post(
        reverse("governance:meeting-cancel", args=[meeting.pk]), {"reason": "Snow\x1bday"}
    )
    assert response.status_code == 200
    assert "U+001B" in response.context["form"].errors["reason"][0]
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"


def test_an_over_long_cancel_reason_is_refused_not_cut(core_team_user, meeting):
    with pytest.raises(ValidationError) as refused:
        services.meeting_cancel(meeting=meeting, by=core_team_user, reason="r" * 301)
    assert refused.value.message_dict["reason"] == [
        "Ensure this value has at most 300 characters (it has 301)."
    ]
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"
