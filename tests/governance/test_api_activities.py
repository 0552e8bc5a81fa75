"""API: activities with their decision rights and who may decide now."""

import pytest

from governance.models import MemberRole
from tests.factories import ActivityFactory, MembershipFactory


@pytest.fixture
def core_client(api_client, core_team_user):
    api_client.force_login(core_team_user)
    return api_client


def test_seeded_activities_are_the_five_jobs_eight_categories_and_decisions(core_client):
    response = core_client.get("/api/v1/activities/?page_size=100").json()
    kinds = [a["kind"] for a in response["results"]]
    assert (kinds.count("job"), kinds.count("category"), kinds.count("decision")) == (5, 8, 2)


def test_deciders_follow_the_decision_right(core_client, structure):
    chair = MembershipFactory(body=structure["steering"], role=MemberRole.CHAIR).person
    sponsor = MembershipFactory(body=structure["sponsor"], role=MemberRole.SPONSOR).person
    activity = ActivityFactory(decided_by=structure["steering"])
    url = f"/api/v1/activities/{activity.pk}/"
    assert [d["id"] for d in core_client.get(url).json()["deciders"]] == [chair.pk]
    response = core_client.patch(url, {"decided_by": structure["sponsor"].pk})
    assert response.status_code == 200
    assert [d["id"] for d in response.json()["deciders"]] == [sponsor.pk]


def test_escalating_to_the_deciding_body_is_a_400(core_client, structure):
    activity = ActivityFactory()
    response = core_client.patch(
        f"/api/v1/activities/{activity.pk}/",
        {"decided_by": structure["steering"].pk, "escalates_to": structure["steering"].pk},
    )
    assert response.status_code == 400
    assert "escalates_to" in response.json()


def test_duplicate_code_names_the_field(core_client):
    response = core_client.post(
        "/api/v1/activities/", {"code": "storyline", "name": "Another storyline"}
    )
    assert response.status_code == 400
    assert "code" in response.json()
