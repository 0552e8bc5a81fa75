"""API: RACI assignments and the matrix, with the one-Accountable rule."""

import pytest

from governance.models import Activity, RaciAssignment
from tests.factories import ActivityFactory, RaciFactory, UserFactory
from tests.helpers import assert_flat_query_count


@pytest.fixture
def core_client(api_client, core_team_user):
    api_client.force_login(core_team_user)
    return api_client


def test_second_accountable_is_a_400_and_nothing_saved(core_client, structure):
    activity = ActivityFactory(name="Quarterly business review")
    RaciFactory(activity=activity, body=structure["steering"], letter="A")
    response = core_client.post(
        "/api/v1/raci/", {"activity": activity.pk, "body": structure["core"].pk, "letter": "A"}
    )
    assert response.status_code == 400
    assert response.json()["letter"] == [
        "Quarterly business review already has an Accountable (Steering committee); "
        "an activity has exactly one. Change that one first."
    ]
    assert RaciAssignment.objects.filter(activity=activity).count() == 1


def test_a_party_is_a_body_or_a_person(core_client, structure):
    activity = ActivityFactory()
    both = core_client.post(
        "/api/v1/raci/",
        {
            "activity": activity.pk,
            "body": structure["core"].pk,
            "person": UserFactory().pk,
            "letter": "R",
        },
    )
    assert both.status_code == 400
    assert "either a body or a person" in both.json()["non_field_errors"][0]
    neither = core_client.post("/api/v1/raci/", {"activity": activity.pk, "letter": "R"})
    assert neither.status_code == 400


def test_unknown_letter_and_activity_name_their_fields(core_client, structure):
    response = core_client.post(
        "/api/v1/raci/", {"activity": 999999, "body": structure["core"].pk, "letter": "X"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "activity": ['Invalid pk "999999" - object does not exist.'],
        "letter": ['"X" is not a valid choice.'],
    }
    assert not RaciAssignment.objects.exists()


def test_assigning_a_party_that_holds_a_letter_changes_its_letter(core_client, structure):
    activity = ActivityFactory()
    first = RaciFactory(activity=activity, body=structure["core"], letter="C")
    response = core_client.post(
        "/api/v1/raci/", {"activity": activity.pk, "body": structure["core"].pk, "letter": "R"}
    )
    assert response.status_code == 201
    assert response.json()["id"] == first.pk
    assert list(
        RaciAssignment.objects.filter(activity=activity).values_list("letter", flat=True)
    ) == ["R"]


def test_an_assignment_keeps_its_party_and_activity(core_client, structure):
    cell = RaciFactory(body=structure["core"], letter="C")
    response = core_client.patch(
        f"/api/v1/raci/{cell.pk}/", {"body": None, "person": UserFactory().pk}
    )
    assert response.status_code == 400
    message = "An assignment keeps its activity and party; delete it and assign anew."
    assert response.json() == {"body": [message], "person": [message]}
    moved = core_client.patch(f"/api/v1/raci/{cell.pk}/", {"activity": ActivityFactory().pk})
    assert moved.json() == {"activity": [message]}
    assert list(RaciAssignment.objects.values_list("pk", "body", "person", "letter")) == [
        (cell.pk, structure["core"].pk, None, "C")
    ]


def test_a_second_accountable_through_a_letter_change_is_refused(core_client, structure):
    activity = ActivityFactory()
    RaciFactory(activity=activity, body=structure["steering"], letter="A")
    cell = RaciFactory(activity=activity, body=structure["core"], letter="R")
    response = core_client.put(
        f"/api/v1/raci/{cell.pk}/",
        {"activity": activity.pk, "body": structure["core"].pk, "letter": "A"},
    )
    assert response.status_code == 400
    assert "already has an Accountable (Steering committee)" in response.json()["letter"][0]
    cell.refresh_from_db()
    assert cell.letter == "R"


def test_change_and_clear_a_cell(core_client, structure):
    activity = ActivityFactory()
    created = core_client.post(
        "/api/v1/raci/", {"activity": activity.pk, "person": UserFactory().pk, "letter": "C"}
    ).json()
    changed = core_client.patch(f"/api/v1/raci/{created['id']}/", {"letter": "R"})
    assert changed.status_code == 200 and changed.json()["letter"] == "R"
    assert core_client.delete(f"/api/v1/raci/{created['id']}/").status_code == 204
    assert not RaciAssignment.objects.filter(activity=activity).exists()


def test_steering_member_reads_but_cannot_edit_the_matrix(api_client, steering_user, structure):
    cell = RaciFactory(body=structure["core"], letter="R")
    api_client.force_authenticate(steering_user)
    assert api_client.get("/api/v1/raci/matrix/").status_code == 200
    response = api_client.post(
        "/api/v1/raci/",
        {"activity": ActivityFactory().pk, "body": structure["core"].pk, "letter": "R"},
    )
    assert response.status_code == 403
    assert api_client.patch(f"/api/v1/raci/{cell.pk}/", {"letter": "A"}).status_code == 403
    assert api_client.delete(f"/api/v1/raci/{cell.pk}/").status_code == 403
    assert list(RaciAssignment.objects.values_list("letter", flat=True)) == ["R"]


def test_filters_by_activity_party_and_letter(core_client, structure):
    activity = ActivityFactory()
    person = UserFactory()
    accountable = RaciFactory(activity=activity, body=structure["steering"], letter="A")
    responsible = RaciFactory(activity=activity, body=None, person=person, letter="R")
    RaciFactory(body=structure["steering"], letter="C")

    def ids(query):
        return [a["id"] for a in core_client.get(f"/api/v1/raci/?{query}").json()["results"]]

    assert sorted(ids(f"activity={activity.pk}")) == sorted([accountable.pk, responsible.pk])
    assert ids(f"activity={activity.pk}&letter=A") == [accountable.pk]
    assert ids(f"person={person.pk}") == [responsible.pk]
    assert len(ids(f"body={structure['steering'].pk}")) == 2


def test_list_keeps_a_flat_query_count(core_client, structure):
    def grow_to(n):
        while RaciAssignment.objects.count() < n:
            RaciFactory(body=None, person=UserFactory(), letter="C")

    count = assert_flat_query_count(
        fetch=lambda: core_client.get("/api/v1/raci/?page_size=500"), grow_to=grow_to
    )
    assert count == 4  # user, roles, count, page (the session: cached_db)


def test_matrix_gaps_disappear_once_a_and_r_are_assigned(core_client, structure):
    Activity.objects.all().delete()
    activity = ActivityFactory(code="storyline-x", name="Storyline")

    def row():
        matrix = core_client.get("/api/v1/raci/matrix/").json()
        return next(r for r in matrix["rows"] if r["activity"]["code"] == "storyline-x"), matrix

    first, matrix = row()
    assert first["gaps"] == ["No Accountable", "No Responsible"]
    assert matrix["gap_count"] == 1
    core_client.post(
        "/api/v1/raci/", {"activity": activity.pk, "body": structure["core"].pk, "letter": "A"}
    )
    person = UserFactory()
    core_client.post("/api/v1/raci/", {"activity": activity.pk, "person": person.pk, "letter": "R"})
    second, matrix = row()
    assert second["gaps"] == []
    assert second["cells"] == {f"body-{structure['core'].pk}": "A", f"person-{person.pk}": "R"}
    assert matrix["gap_count"] == 0
    person_column = next(c for c in matrix["columns"] if c["key"] == f"person-{person.pk}")
    assert (person_column["load"], person_column["overloaded"]) == (1, False)


def test_matrix_columns_are_active_bodies_top_down_then_people_with_their_load(
    core_client, structure, settings
):
    settings.CXGOV_RACI_OVERLOAD_THRESHOLD = 1
    core_client.post(f"/api/v1/bodies/{structure['complaints'].pk}/disband/", {"on": "2026-02-01"})
    busy = UserFactory(first_name="Bea", last_name="Busy")
    for activity in (ActivityFactory(), ActivityFactory()):
        RaciFactory(activity=activity, body=None, person=busy, letter="R")

    matrix = core_client.get("/api/v1/raci/matrix/").json()
    assert matrix["threshold"] == 1
    assert [(c["label"], c["kind"]) for c in matrix["columns"]] == [
        ("Executive sponsor", "body"),
        ("Steering committee", "body"),
        ("Core CX team", "body"),
        ("Onboarding WG", "body"),
        ("Bea Busy", "person"),
    ]
    person = matrix["columns"][-1]
    assert person == {
        "key": f"person-{busy.pk}",
        "label": "Bea Busy",
        "kind": "person",
        "id": busy.pk,
        "load": 2,
        "overloaded": True,
    }
