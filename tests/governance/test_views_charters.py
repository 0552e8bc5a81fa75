"""Charter, mission and success-statement pages: the workflow, refusals, print and history."""

import pytest
from django.test import Client
from django.urls import reverse

from governance import services
from governance.models import CharterVersion, SuccessStatement
from tests.governance.charters_helpers import approved, draft, in_review

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def version_url(version, action=""):
    name = f"governance:charter-version-{action}" if action else "governance:charter-version"
    return reverse(name, args=[version.charter_id, version.number])


def test_the_sponsor_sees_approve_and_reject_on_a_version_in_review(chartering):
    version = in_review(chartering)
    page = client_for(chartering["sponsor_person"]).get(version.charter.get_absolute_url())
    assert "Approve v1" in page.text and "Reject with this comment" in page.text
    other = client_for(chartering["core"]).get(version.charter.get_absolute_url())
    assert "Approve v1" not in other.text and "Waiting for a decision" in other.text


def test_the_sponsor_approves_from_the_page_and_v1_is_superseded(chartering, viewer_user):
    first = approved(chartering)
    second = in_review(chartering, purpose_vision="Sharper.")
    response = client_for(chartering["sponsor_person"]).post(version_url(second, "approve"))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("superseded", "approved")
    page = client_for(viewer_user).get(second.charter.get_absolute_url())
    assert "The approved charter (v2)" in page.text and "Superseded" in page.text


def test_approving_by_someone_the_rights_do_not_name_is_a_403_and_saves_nothing(chartering):
    version = in_review(chartering)
    response = client_for(chartering["core"]).post(version_url(version, "approve"))
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.status == "in_review"


def test_approving_a_draft_never_submitted_says_so_on_the_page(chartering):
    version = draft(chartering)
    client = client_for(chartering["sponsor_person"])
    response = client.post(version_url(version, "approve"), follow=True)
    assert "never submitted" in response.text
    version.refresh_from_db()
    assert version.status == "draft"


def test_rejecting_without_a_comment_puts_the_error_on_the_field(chartering):
    version = in_review(chartering)
    response = client_for(chartering["sponsor_person"]).post(
        version_url(version, "reject"), {"comment": ""}
    )
    assert response.status_code == 200
    assert "Say why the version is rejected" in response.text
    version.refresh_from_db()
    assert version.status == "in_review"


def test_editing_an_approved_version_is_refused_with_nothing_saved(chartering):
    version = approved(chartering)
    client = client_for(chartering["core"])
    assert client.get(version_url(version, "edit")).status_code == 302
    response = client.post(version_url(version, "edit"), {"purpose_vision": "Changed."})
    assert response.status_code == 200 and "read-only" in response.text
    version.refresh_from_db()
    assert version.purpose_vision != "Changed."


def test_the_lead_drafts_and_submits_from_the_pages(chartering):
    client = client_for(chartering["lead"])
    url = reverse("governance:charter-draft", args=[chartering["onboarding"].pk])
    data = {
        "purpose_vision": "Purpose.",
        "goals_scope": "Goals.",
        "roles_responsibilities": "Roles.",
        "decision_authority": "Authority.",
        "meeting_cadence": "Cadence.",
        "success_measures": "Measures.",
    }
    assert client.post(url, data).status_code == 302
    version = CharterVersion.objects.get()
    assert client.post(version_url(version, "submit")).status_code == 302
    version.refresh_from_db()
    assert version.status == "in_review"


def test_the_diff_page_shows_both_versions_side_by_side(chartering):
    approved(chartering)
    second = approved(chartering, meeting_cadence="Every week.")
    url = reverse("governance:charter-diff", args=[second.charter_id]) + "?left=1&right=2"
    page = client_for(chartering["member"]).get(url)
    assert "<del>two weeks.</del>" in page.text and "<ins>week.</ins>" in page.text
    assert "1 of 6 components changed" in page.text


def test_the_print_view_has_the_components_and_no_navigation(chartering):
    version = approved(chartering)
    page = client_for(chartering["member"]).get(
        reverse("governance:charter-print", args=[version.charter_id])
    )
    assert "Charter of Onboarding WG" in page.text
    for heading in ["Purpose and vision", "Goals and scope", "Success measures"]:
        assert heading in page.text
    assert "Redesign account opening end to end." in page.text
    assert 'class="site-nav"' not in page.text and "Log out" not in page.text


def test_the_mission_print_view_has_the_answers_and_no_navigation(chartering):
    services.mission_publish(
        mission=services.mission_draft(
            by=chartering["core"],
            statement="Simple banking.",
            customers="Households.",
            experience="Clarity.",
            feeling="Calm.",
            difference="Causes.",
        ),
        by=chartering["core"],
    )
    page = client_for(chartering["member"]).get(reverse("governance:mission-print"))
    assert "Simple banking." in page.text and "How should it make them feel?" in page.text
    assert 'class="site-nav"' not in page.text


def test_the_charter_page_shows_its_history(chartering):
    version = approved(chartering)
    page = client_for(chartering["member"]).get(version_url(version))
    assert "History of this version" in page.text
    assert "Status: In review → Approved" in page.text


def test_the_home_banner_asks_the_member_to_acknowledge_and_the_button_does(chartering):
    version = approved(chartering)
    client = client_for(chartering["member"])
    assert "please read and acknowledge it" in client.get("/").text
    response = client.post(
        reverse("governance:charter-acknowledge", args=[version.charter_id, version.number]),
        {"next": "/"},
    )
    assert response.status_code == 302 and response.url == "/"
    assert "please read and acknowledge it" not in client.get("/").text
    twice = client.post(
        reverse("governance:charter-acknowledge", args=[version.charter_id, version.number]),
        follow=True,
    )
    assert "already acknowledged" in twice.text


def test_the_sponsor_home_shows_the_charter_waiting(chartering):
    in_review(chartering)
    home = client_for(chartering["sponsor_person"]).get("/")
    assert "waiting for your approval" in home.text


def test_a_success_statement_with_no_text_is_refused_on_the_page(chartering):
    response = client_for(chartering["core"]).post(
        reverse("governance:success-statement-create"), {"title": "Empty", "text": ""}
    )
    assert response.status_code == 200
    assert "A success statement needs its text" in response.text
    assert not SuccessStatement.objects.exists()


def test_the_body_page_shows_the_charter_share(chartering):
    version = approved(chartering)
    services.acknowledge(by=chartering["lead"], document=version)
    page = client_for(chartering["member"]).get(chartering["onboarding"].get_absolute_url())
    assert "1 of 2" in page.text and "(50%)" in page.text


def test_the_charter_page_history_says_which_version_changed(chartering):
    version = approved(chartering)
    page = client_for(chartering["member"]).get(version.charter.get_absolute_url())
    assert "History of the charter" in page.text
    assert "v1: changed" in page.text and "Status: In review → Approved" in page.text


def test_the_mission_and_success_statement_pages_show_their_history(chartering):
    statement = services.success_statement_create(
        by=chartering["core"], title="Retail success", text="Easy."
    )
    services.success_statement_update(
        success_statement=statement, by=chartering["core"], data={"text": "Easy, every time."}
    )
    page = client_for(chartering["member"]).get(statement.get_absolute_url())
    assert "Text: Easy. → Easy, every time." in page.text
    assert "Carol Core" in page.text


def test_the_mission_history_names_people_and_shows_an_empty_link_as_a_dash(chartering):
    services.mission_publish(
        mission=services.mission_draft(
            by=chartering["core"],
            statement="Simple banking.",
            customers="Households.",
            experience="Clarity.",
            feeling="Calm.",
            difference="Causes.",
        ),
        by=chartering["core"],
    )
    page = client_for(chartering["member"]).get(reverse("governance:mission"))
    assert "Published by: — → Carol Core" in page.text
    assert "Deleted user" not in page.text


def test_moving_approve_charter_on_the_activities_page_moves_who_may_approve(chartering):
    version = in_review(chartering)
    activity = chartering["approve_charter"]
    edited = client_for(chartering["core"]).post(
        reverse("governance:activity-edit", args=[activity.pk]),
        {
            "name": activity.name,
            "code": activity.code,
            "kind": activity.kind,
            "description": activity.description,
            "position": activity.position,
            "decided_by": chartering["steering"].pk,
            "chair_decides": "on",
            "escalates_to": "",
        },
    )
    assert edited.status_code == 302
    sponsor = client_for(chartering["sponsor_person"])
    assert "Approve v1" not in sponsor.get(version.charter.get_absolute_url()).text
    assert sponsor.post(version_url(version, "approve")).status_code == 403
    chair = client_for(chartering["chair"])
    assert "waiting for your approval" in chair.get("/").text
    assert chair.post(version_url(version, "approve")).status_code == 302
    version.refresh_from_db()
    assert (version.status, version.approved_by) == ("approved", chartering["chair"])
