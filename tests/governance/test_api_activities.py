"""API: activities with their decision rights and who may decide now."""

import pytest

from governance.models import Activity, MemberRole
from tests.factories import ActivityFactory, MembershipFactory
from tests.helpers import assert_flat_query_count


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


def test_deciders_are_empty_without_a_decision_right_or_a_lead(core_client, structure):
    MembershipFactory(body=structure["steering"], role=MemberRole.MEMBER)
    undecided = ActivityFactory()
    leaderless = ActivityFactory(decided_by=structure["steering"])
    for activity in (undecided, leaderless):
        assert core_client.get(f"/api/v1/activities/{activity.pk}/").json()["deciders"] == []


def test_escalating_to_the_deciding_body_is_a_400(core_client, structure):
    activity = ActivityFactory()
    response = core_client.patch(
        f"/api/v1/activities/{activity.pk}/",
        {"decided_by": structure["steering"].pk, "escalates_to": structure["steering"].pk},
    )
    assert response.status_code == 400
    assert response.json() == {
        "escalates_to": ["A decision escalates to a different body than the one deciding."]
    }
    activity.refresh_from_db()
    assert (activity.decided_by_id, activity.escalates_to_id) == (None, None)


def test_an_unknown_deciding_body_names_the_field(core_client):
    before = Activity.objects.count()
    response = core_client.post(
        "/api/v1/activities/", {"code": "pricing", "name": "Pricing", "decided_by": 999999}
    )
    assert response.status_code == 400
    assert response.json() == {"decided_by": ['Invalid pk "999999" - object does not exist.']}
    assert Activity.objects.count() == before


def test_duplicate_code_names_the_field(core_client):
    before = Activity.objects.count()
    response = core_client.post(
        "/api/v1/activities/", {"code": "storyline", "name": "Another storyline"}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["code"]
    assert Activity.objects.count() == before


def test_core_team_adds_an_activity_with_decision_rights(core_client, structure):
    response = core_client.post(
        "/api/v1/activities/",
        {
            "code": "journey-mapping",
            "name": "Journey mapping",
            "kind": "custom",
            "decided_by": structure["core"].pk,
            "escalates_to": structure["steering"].pk,
        },
    )
    assert response.status_code == 201, response.json()
    activity = Activity.objects.get(code="journey-mapping")
    assert (activity.decided_by, activity.escalates_to) == (
        structure["core"],
        structure["steering"],
    )


def test_working_group_member_reads_but_cannot_add_activities(api_client, wg_member_user):
    before = Activity.objects.count()
    api_client.force_authenticate(wg_member_user)
    assert api_client.get("/api/v1/activities/").json()["count"] == before
    response = api_client.post("/api/v1/activities/", {"code": "x", "name": "X"})
    assert response.status_code == 403
    assert Activity.objects.count() == before


def test_activities_are_not_deleted(core_client):
    activity = ActivityFactory()
    assert core_client.delete(f"/api/v1/activities/{activity.pk}/").status_code == 405


def test_filters_by_kind_and_deciding_body(core_client, structure):
    decided = ActivityFactory(decided_by=structure["steering"])
    response = core_client.get("/api/v1/activities/?kind=job").json()
    assert response["count"] == 5
    response = core_client.get(f"/api/v1/activities/?decided_by={structure['steering'].pk}")
    assert [a["id"] for a in response.json()["results"]] == [decided.pk]


def test_list_keeps_a_flat_query_count(core_client, structure):
    chair = MembershipFactory(body=structure["steering"], role=MemberRole.CHAIR).person
    Activity.objects.update(decided_by=structure["steering"])  # the seeded ones too

    def grow_to(n):
        while Activity.objects.count() < n:
            ActivityFactory(decided_by=structure["steering"])

    count = assert_flat_query_count(
        fetch=lambda: core_client.get("/api/v1/activities/?page_size=500"), grow_to=grow_to
    )
    # user, roles, count, page, its named deciders; decision rights, their named deciders, the
    # deciding bodies' seats (the session comes from the cache: cached_db)
    assert count == 8
    last = core_client.get("/api/v1/activities/?page_size=500").json()["results"][-1]
    assert [d["id"] for d in last["deciders"]] == [chair.pk]
