"""API: bodies. Structure rules come back as 400 naming the field; bodies are disbanded, not deleted."""

import datetime as dt

import pytest

from governance.models import GovernanceBody, MemberRole, Tier
from tests.factories import BodyFactory, BusinessUnitFactory, MembershipFactory
from tests.helpers import assert_flat_query_count


@pytest.fixture
def core_client(api_client, core_team_user):
    api_client.force_login(core_team_user)
    return api_client


def test_core_team_creates_a_working_group(core_client, structure):
    response = core_client.post(
        "/api/v1/bodies/",
        {"name": "Billing WG", "tier": "working_group", "parent": structure["steering"].pk},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["name"], body["parent"], body["is_active"]) == (
        "Billing WG",
        structure["steering"].pk,
        True,
    )
    assert body["warnings"] == ["No chair, sponsor or lead: nobody leads or decides for this body."]


def test_a_body_made_its_own_ancestor_is_a_400_naming_parent(core_client, structure):
    response = core_client.patch(
        f"/api/v1/bodies/{structure['sponsor'].pk}/", {"parent": structure["onboarding"].pk}
    )
    assert response.status_code == 400
    assert "its own ancestor" in response.json()["parent"][0]
    assert GovernanceBody.objects.get(pk=structure["sponsor"].pk).parent_id is None


def test_a_project_group_without_a_disband_date_is_a_400(core_client, structure):
    response = core_client.post(
        "/api/v1/bodies/",
        {
            "name": "Project WG",
            "tier": "working_group",
            "kind": "project",
            "parent": structure["steering"].pk,
        },
    )
    assert response.status_code == 400
    assert "planned_disband_on" in response.json()
    assert not GovernanceBody.objects.filter(name="Project WG").exists()


def test_an_unknown_tier_names_the_field(core_client):
    response = core_client.post("/api/v1/bodies/", {"name": "X", "tier": "politburo"})
    assert response.status_code == 400
    assert response.json() == {"tier": ['"politburo" is not a valid choice.']}
    assert not GovernanceBody.objects.exists()


def test_an_unknown_parent_names_the_field(core_client, structure):
    response = core_client.post(
        "/api/v1/bodies/", {"name": "Orphan WG", "tier": "working_group", "parent": 999999}
    )
    assert response.status_code == 400
    assert response.json() == {"parent": ['Invalid pk "999999" - object does not exist.']}
    assert GovernanceBody.objects.count() == 5


def test_a_working_group_reporting_to_the_sponsor_is_a_400_naming_parent(core_client, structure):
    response = core_client.post(
        "/api/v1/bodies/",
        {"name": "Shortcut WG", "tier": "working_group", "parent": structure["sponsor"].pk},
    )
    assert response.status_code == 400
    assert response.json() == {
        "parent": [
            "A working group cannot report to the executive sponsor; "
            "it reports to a steering committee or the core CX team."
        ]
    }
    assert GovernanceBody.objects.count() == 5


def test_viewer_is_refused_whatever_the_input(api_client, viewer_user, structure):
    api_client.force_authenticate(viewer_user)
    assert api_client.get("/api/v1/bodies/").json()["count"] == 5
    valid = api_client.post("/api/v1/bodies/", {"name": "Viewer WG", "tier": "working_group"})
    invalid = api_client.post("/api/v1/bodies/", {"name": ""})
    assert (valid.status_code, invalid.status_code) == (403, 403)
    assert "admins and the core CX team" in invalid.json()["detail"]
    assert GovernanceBody.objects.count() == 5


def test_steering_committee_with_two_units_carries_a_warning(core_client, structure):
    steering = structure["steering"]
    MembershipFactory(body=steering, role=MemberRole.CHAIR)
    MembershipFactory(body=steering)
    response = core_client.get(f"/api/v1/bodies/{steering.pk}/")
    assert response.json()["warnings"] == [
        "Members come from 2 business units; a steering committee should draw on at least 3."
    ]


def test_disband_keeps_the_body_and_ends_its_memberships(core_client, structure):
    group = structure["complaints"]
    membership = MembershipFactory(body=group)
    response = core_client.post(f"/api/v1/bodies/{group.pk}/disband/", {"on": "2026-07-01"})
    assert response.status_code == 200
    assert response.json()["disbanded_on"] == "2026-07-01"
    membership.refresh_from_db()
    assert membership.end_date == dt.date(2026, 7, 1)
    assert core_client.delete(f"/api/v1/bodies/{group.pk}/").status_code == 405


def test_disbanding_before_the_body_was_formed_is_a_400_and_it_stays_active(core_client, structure):
    group = structure["complaints"]  # formed 1 Jan 2026
    response = core_client.post(f"/api/v1/bodies/{group.pk}/disband/", {"on": "2025-12-31"})
    assert response.status_code == 400
    assert response.json() == {"disbanded_on": ["A body cannot be disbanded before it was formed."]}
    group.refresh_from_db()
    assert group.disbanded_on is None


def test_a_body_with_active_groups_below_cannot_be_disbanded(core_client, structure):
    response = core_client.post(f"/api/v1/bodies/{structure['steering'].pk}/disband/")
    assert response.status_code == 400
    assert "Complaints WG, Onboarding WG" in response.json()["disbanded_on"][0]
    structure["steering"].refresh_from_db()
    assert structure["steering"].disbanded_on is None


def test_disbanding_twice_is_a_400_with_a_message(core_client, structure):
    group = structure["complaints"]
    core_client.post(f"/api/v1/bodies/{group.pk}/disband/", {"on": "2026-07-01"})
    response = core_client.post(f"/api/v1/bodies/{group.pk}/disband/")
    assert response.status_code == 400
    assert "already disbanded" in response.json()["detail"]


def test_filters_by_tier_and_activity(core_client, structure):
    BodyFactory(name="Old WG", disbanded_on=dt.date(2026, 2, 1))
    names = lambda r: sorted(b["name"] for b in r.json()["results"])  # noqa: E731
    assert names(core_client.get("/api/v1/bodies/?tier=working_group&active=true")) == [
        "Complaints WG",
        "Onboarding WG",
    ]
    assert names(core_client.get("/api/v1/bodies/?active=false")) == ["Old WG"]


def test_working_group_lead_edits_own_group_only(api_client, structure, wg_lead):
    api_client.force_authenticate(wg_lead)
    own = api_client.patch(f"/api/v1/bodies/{structure['onboarding'].pk}/", {"purpose": "Faster"})
    assert own.status_code == 200
    other = api_client.patch(f"/api/v1/bodies/{structure['complaints'].pk}/", {"purpose": "No"})
    assert other.status_code == 403
    moved = api_client.patch(
        f"/api/v1/bodies/{structure['onboarding'].pk}/", {"parent": structure["core"].pk}
    )
    assert moved.status_code == 403
    disband = api_client.post(f"/api/v1/bodies/{structure['onboarding'].pk}/disband/")
    assert disband.status_code == 403
    onboarding = GovernanceBody.objects.get(pk=structure["onboarding"].pk)
    assert (onboarding.purpose, onboarding.parent_id, onboarding.disbanded_on) == (
        "Faster",
        structure["steering"].pk,
        None,
    )


def test_list_keeps_a_flat_query_count(core_client, db):
    unit = BusinessUnitFactory()

    def grow_to(n):
        while GovernanceBody.objects.count() < n:
            body = BodyFactory(tier=Tier.WORKING_GROUP)
            # Every other body has nobody serving: its warnings and count must not cost a query.
            if GovernanceBody.objects.count() % 2:
                MembershipFactory(body=body, business_unit=unit)

    count = assert_flat_query_count(
        fetch=lambda: core_client.get("/api/v1/bodies/?page_size=500"), grow_to=grow_to
    )
    assert count == 5  # user, roles, count, page, members (the session: cached_db)


def test_list_pages_with_count_page_pages_next_previous_and_results(core_client, db):
    for i in range(1, 8):
        BodyFactory(name=f"WG {i:02d}")
    first = core_client.get("/api/v1/bodies/?page_size=3").json()
    assert list(first) == ["count", "page", "pages", "next", "previous", "results"]
    assert (first["count"], first["page"], first["pages"], first["previous"]) == (7, 1, 3, None)
    assert first["next"] == "http://testserver/api/v1/bodies/?page=2&page_size=3"
    second = core_client.get(first["next"]).json()
    assert [b["name"] for b in second["results"]] == ["WG 04", "WG 05", "WG 06"]
    assert second["previous"] == "http://testserver/api/v1/bodies/?page_size=3"
    assert (second["page"], second["pages"]) == (2, 3)
    last = core_client.get(second["next"]).json()
    assert ([b["name"] for b in last["results"]], last["next"]) == (["WG 07"], None)
    assert (last["page"], last["pages"]) == (3, 3)
