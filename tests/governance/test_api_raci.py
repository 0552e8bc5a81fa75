"""API: RACI assignments and the matrix, with the one-Accountable rule."""

import pytest

from governance.models import Activity, RaciAssignment
from tests.factories import ActivityFactory, RaciFactory, UserFactory


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
    assert set(response.json()) == {"activity", "letter"}


def test_change_and_clear_a_cell(core_client, structure):
    activity = ActivityFactory()
    created = core_client.post(
        "/api/v1/raci/", {"activity": activity.pk, "person": UserFactory().pk, "letter": "C"}
    ).json()
    changed = core_client.patch(f"/api/v1/raci/{created['id']}/", {"letter": "R"})
    assert changed.status_code == 200 and changed.json()["letter"] == "R"
    assert core_client.delete(f"/api/v1/raci/{created['id']}/").status_code == 204
    assert not RaciAssignment.objects.filter(activity=activity).exists()


def test_steering_member_cannot_edit_the_matrix(api_client, steering_user, structure):
    api_client.force_authenticate(steering_user)
    response = api_client.post(
        "/api/v1/raci/",
        {"activity": ActivityFactory().pk, "body": structure["core"].pk, "letter": "R"},
    )
    assert response.status_code == 403


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
