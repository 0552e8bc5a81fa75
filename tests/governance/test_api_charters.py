"""API: charters with versions and their review, missions with acknowledge, success statements
and objectives; every refusal leaves the data as it was."""

import pytest
from rest_framework.test import APIClient

from governance.models import Acknowledgement, CharterVersion, SuccessStatement
from tests.factories import BodyFactory
from tests.governance.charters_helpers import COMPONENTS, approved, draft, in_review
from tests.helpers import assert_flat_query_count

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(version, action):
    return f"/api/v1/charters/{version.charter_id}/{action}/"


def test_the_core_team_drafts_a_version_and_submits_it(chartering):
    core = api(chartering["core"])
    charter = core.post("/api/v1/charters/", {"body": chartering["onboarding"].pk}, format="json")
    assert charter.status_code == 201
    pk = charter.json()["id"]
    created = core.post(f"/api/v1/charters/{pk}/versions/", COMPONENTS, format="json")
    assert created.status_code == 201 and created.json()["status"] == "draft"
    submitted = core.post(f"/api/v1/charters/{pk}/submit/", {}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "in_review"


def test_the_sponsor_approves_and_the_previous_version_is_superseded(chartering):
    first = approved(chartering)
    second = in_review(chartering, goals_scope="Wider.")
    response = api(chartering["sponsor_person"]).post(url(second, "approve"), {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    versions = api(chartering["member"]).get(url(first, "versions")).json()
    assert [(v["number"], v["status"]) for v in versions] == [(2, "approved"), (1, "superseded")]


def test_approving_by_someone_not_named_is_a_403_with_the_rule(chartering):
    version = in_review(chartering)
    response = api(chartering["core"]).post(url(version, "approve"), {}, format="json")
    assert response.status_code == 403
    assert "decision rights name" in response.json()["detail"]
    version.refresh_from_db()
    assert version.status == "in_review"


def test_the_author_approving_their_own_version_is_a_403(chartering, admin_user):
    from governance import services
    from governance.models import MemberRole

    services.membership_create(
        by=admin_user,
        body=chartering["onboarding"],
        person=chartering["sponsor_person"],
        role=MemberRole.LEAD,
        business_unit=chartering["retail"],
    )
    version = in_review(chartering, by=chartering["sponsor_person"])
    response = api(chartering["sponsor_person"]).post(url(version, "approve"), {}, format="json")
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.status == "in_review"


def test_approving_a_draft_never_submitted_is_a_400(chartering):
    version = draft(chartering)
    response = api(chartering["sponsor_person"]).post(url(version, "approve"), {}, format="json")
    assert response.status_code == 400
    assert "never submitted" in response.json()["detail"]
    version.refresh_from_db()
    assert version.status == "draft"


def test_editing_an_approved_version_is_a_400_and_nothing_changes(chartering):
    version = approved(chartering)
    response = api(chartering["core"]).patch(
        url(version, "versions/1"),
        {"purpose_vision": "Changed.", "version": version.version},
        format="json",
    )
    assert response.status_code == 400
    assert "read-only" in response.json()["detail"]
    version.refresh_from_db()
    assert version.purpose_vision == COMPONENTS["purpose_vision"]


def test_a_rejection_without_a_comment_is_a_400_naming_it(chartering):
    version = in_review(chartering)
    response = api(chartering["sponsor_person"]).post(url(version, "reject"), {}, format="json")
    assert response.status_code == 400 and "comment" in response.json()
    version.refresh_from_db()
    assert version.status == "in_review"


def test_an_unknown_version_number_is_a_400_naming_it(chartering):
    version = in_review(chartering)
    response = api(chartering["sponsor_person"]).post(
        url(version, "approve"), {"version": 9}, format="json"
    )
    assert response.status_code == 400 and "version" in response.json()


def test_acknowledging_twice_is_a_400(chartering):
    version = approved(chartering)
    member = api(chartering["member"])
    assert member.post(url(version, "acknowledge"), {}, format="json").status_code == 201
    again = member.post(url(version, "acknowledge"), {}, format="json")
    assert again.status_code == 400 and "already acknowledged" in again.json()["detail"]
    assert Acknowledgement.objects.count() == 1


def test_acknowledging_a_mission_that_is_not_the_current_one_is_a_400(chartering):
    core = api(chartering["core"])
    mission = {
        "statement": "Simple.",
        "customers": "All.",
        "experience": "Clarity.",
        "feeling": "Calm.",
        "difference": "Causes.",
    }
    first = core.post("/api/v1/missions/", mission, format="json").json()
    assert core.post(f"/api/v1/missions/{first['id']}/publish/").status_code == 200
    second = core.post("/api/v1/missions/", {**mission, "statement": "Simpler."}, format="json")
    core.post(f"/api/v1/missions/{second.json()['id']}/publish/")
    response = api(chartering["member"]).post(f"/api/v1/missions/{first['id']}/acknowledge/")
    assert response.status_code == 400 and "not the current version" in response.json()["detail"]
    assert not Acknowledgement.objects.exists()


def test_a_success_statement_with_no_text_is_a_400_and_nothing_saved(chartering):
    response = api(chartering["core"]).post(
        "/api/v1/success-statements/", {"title": "Empty", "text": ""}, format="json"
    )
    assert response.status_code == 400 and "text" in response.json()
    assert not SuccessStatement.objects.exists()


def test_a_success_statement_ties_to_objectives(chartering):
    core = api(chartering["core"])
    objective = core.post(
        "/api/v1/objectives/",
        {
            "business_unit": chartering["retail"].pk,
            "text": "Grow.",
            "owner": chartering["chair"].pk,
        },
        format="json",
    ).json()
    created = core.post(
        "/api/v1/success-statements/",
        {"title": "Retail", "text": "Easy.", "objectives": [objective["id"]]},
        format="json",
    )
    assert created.status_code == 201 and created.json()["objectives"] == [objective["id"]]


def test_the_charter_list_runs_a_fixed_number_of_queries(chartering):
    client = api(chartering["member"])
    client.get("/api/v1/charters/")  # the member's roles are read once, then kept on the user

    def grow(size):
        while CharterVersion.objects.filter(status="approved").count() < size:
            body = BodyFactory(parent=chartering["steering"])
            chartering[f"body-{body.pk}"] = body
            approved(chartering, body=f"body-{body.pk}")

    assert_flat_query_count(
        fetch=lambda: client.get("/api/v1/charters/"), grow_to=grow, sizes=(3, 25)
    )


def test_a_second_open_version_is_a_400_naming_the_one_in_the_way(chartering):
    version = in_review(chartering)
    response = api(chartering["core"]).post(url(version, "versions"), COMPONENTS, format="json")
    assert response.status_code == 400
    assert "v1 of the charter of Onboarding WG is in review" in response.json()["detail"]
    assert CharterVersion.objects.count() == 1


def test_the_versions_list_runs_a_fixed_number_of_queries(chartering):
    client = api(chartering["member"])
    first = approved(chartering)
    client.get(url(first, "versions"))

    def grow(size):
        while CharterVersion.objects.count() < size:
            approved(chartering)

    assert_flat_query_count(
        fetch=lambda: client.get(url(first, "versions")), grow_to=grow, sizes=(3, 30)
    )


def test_the_mission_list_runs_a_fixed_number_of_queries(chartering):
    from governance import services

    client = api(chartering["member"])
    client.get("/api/v1/missions/")

    def grow(size):
        from governance.models import MissionStatement

        while MissionStatement.objects.count() < size:
            services.mission_publish(
                mission=services.mission_draft(
                    by=chartering["core"],
                    statement="Simple.",
                    customers="All.",
                    experience="Clarity.",
                    feeling="Calm.",
                    difference="Causes.",
                ),
                by=chartering["core"],
            )

    assert_flat_query_count(
        fetch=lambda: client.get("/api/v1/missions/"), grow_to=grow, sizes=(3, 30)
    )
