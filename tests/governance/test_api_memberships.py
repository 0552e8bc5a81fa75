"""API: memberships. Date, sponsor and business-unit rules as 400s; leads manage their group."""

import datetime as dt

import pytest
from django.utils import timezone

from governance.models import Membership
from tests.factories import BusinessUnitFactory, MembershipFactory, UserFactory
from tests.helpers import assert_flat_query_count


@pytest.fixture
def core_client(api_client, core_team_user):
    api_client.force_login(core_team_user)
    return api_client


def test_core_team_adds_a_member(core_client, structure, retail):
    person = UserFactory(roles=["Working-group member"])
    response = core_client.post(
        "/api/v1/memberships/",
        {
            "person": person.pk,
            "body": structure["onboarding"].pk,
            "role": "member",
            "business_unit": retail.pk,
            "hours_per_month": "6.5",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["person_detail"]["username"] == person.username


def test_membership_ending_before_it_starts_is_a_400_naming_end_date(core_client, structure):
    person = UserFactory(roles=["Working-group member"])
    response = core_client.post(
        "/api/v1/memberships/",
        {
            "person": person.pk,
            "body": structure["steering"].pk,
            "start_date": "2026-05-01",
            "end_date": "2026-04-01",
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        "end_date": ["The membership ends (1 Apr 2026) before it starts (1 May 2026)."]
    }
    assert not Membership.objects.filter(person=person).exists()


def test_second_active_sponsor_is_a_400_naming_role(core_client, structure):
    MembershipFactory(body=structure["sponsor"], role="sponsor", business_unit=None)
    response = core_client.post(
        "/api/v1/memberships/",
        {
            "person": UserFactory(roles=["Working-group member"]).pk,
            "body": structure["sponsor"].pk,
            "role": "sponsor",
        },
    )
    assert response.status_code == 400
    assert "already the active executive sponsor" in response.json()["role"][0]
    assert Membership.objects.filter(role="sponsor").count() == 1


def test_working_group_member_without_a_unit_is_a_400(core_client, structure):
    response = core_client.post(
        "/api/v1/memberships/",
        {
            "person": UserFactory(roles=["Working-group member"]).pk,
            "body": structure["onboarding"].pk,
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        "business_unit": ["A working-group member represents a business unit: choose one."]
    }
    assert not Membership.objects.exists()


def test_unknown_person_names_the_field(core_client, structure):
    response = core_client.post(
        "/api/v1/memberships/", {"person": 999999, "body": structure["steering"].pk}
    )
    assert response.status_code == 400
    assert response.json() == {"person": ['Invalid pk "999999" - object does not exist.']}
    assert not Membership.objects.exists()


def test_more_hours_than_a_month_has_names_the_field(core_client, structure):
    response = core_client.post(
        "/api/v1/memberships/",
        {
            "person": UserFactory(roles=["Working-group member"]).pk,
            "body": structure["steering"].pk,
            "hours_per_month": "745",
        },
    )
    assert response.status_code == 400
    assert list(response.json()) == ["hours_per_month"]
    assert not Membership.objects.exists()


def test_a_second_open_seat_for_the_same_person_is_a_400_naming_person(core_client, structure):
    existing = MembershipFactory(body=structure["steering"])
    response = core_client.post(
        "/api/v1/memberships/", {"person": existing.person.pk, "body": structure["steering"].pk}
    )
    assert response.status_code == 400
    assert "already a member of Steering committee" in response.json()["person"][0]
    assert Membership.objects.filter(person=existing.person).count() == 1


def test_a_disbanded_body_takes_no_new_members(core_client, structure):
    group = structure["complaints"]
    core_client.post(f"/api/v1/bodies/{group.pk}/disband/", {"on": "2026-02-01"})
    response = core_client.post(
        "/api/v1/memberships/",
        {
            "person": UserFactory(roles=["Working-group member"]).pk,
            "body": group.pk,
            "business_unit": "",
        },
    )
    assert response.status_code == 400
    assert response.json()["body"] == [
        "Complaints WG was disbanded on 1 Feb 2026; it takes no new members."
    ]
    assert not Membership.objects.filter(body=group).exists()


def test_a_membership_cannot_move_to_another_body(core_client, structure):
    membership = MembershipFactory(body=structure["onboarding"])
    response = core_client.patch(
        f"/api/v1/memberships/{membership.pk}/",
        {"body": structure["complaints"].pk, "version": membership.version},
    )
    assert response.status_code == 400
    assert response.json() == {
        "body": ["A membership cannot move to another body; end it and add a new one."]
    }
    assert Membership.objects.get(pk=membership.pk).body == structure["onboarding"]


def test_lead_adds_to_own_group_and_is_refused_elsewhere(api_client, structure, wg_lead, retail):
    api_client.force_authenticate(wg_lead)
    own = api_client.post(
        "/api/v1/memberships/",
        {
            "person": UserFactory(roles=["Working-group member"]).pk,
            "body": structure["onboarding"].pk,
            "business_unit": retail.pk,
        },
    )
    assert own.status_code == 201, own.json()
    other = api_client.post(
        "/api/v1/memberships/",
        {
            "person": UserFactory(roles=["Working-group member"]).pk,
            "body": structure["complaints"].pk,
            "business_unit": retail.pk,
        },
    )
    assert other.status_code == 403
    assert Membership.objects.filter(body=structure["complaints"]).count() == 0


def test_lead_ends_memberships_of_own_group_only(api_client, structure, wg_lead):
    own = MembershipFactory(body=structure["onboarding"])
    other = MembershipFactory(body=structure["complaints"])
    api_client.force_authenticate(wg_lead)
    ended = api_client.post(f"/api/v1/memberships/{own.pk}/end/", {"on": "2026-06-30"})
    assert (ended.status_code, ended.json()["end_date"]) == (200, "2026-06-30")
    refused = api_client.post(f"/api/v1/memberships/{other.pk}/end/")
    assert refused.status_code == 403
    other.refresh_from_db()
    assert other.end_date is None


def test_a_lead_whose_seat_has_ended_can_no_longer_add_members(
    api_client, structure, wg_lead, retail
):
    lead_seat = Membership.objects.get(person=wg_lead)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    api_client.force_authenticate(wg_lead)
    ended = api_client.post(f"/api/v1/memberships/{lead_seat.pk}/end/", {"on": yesterday})
    assert ended.status_code == 200
    response = api_client.post(
        "/api/v1/memberships/",
        {
            "person": UserFactory(roles=["Working-group member"]).pk,
            "body": structure["onboarding"].pk,
            "business_unit": retail.pk,
        },
    )
    assert response.status_code == 403
    assert Membership.objects.filter(body=structure["onboarding"]).count() == 1


def test_viewer_cannot_add_members(api_client, viewer_user, structure):
    api_client.force_authenticate(viewer_user)
    response = api_client.post(
        "/api/v1/memberships/",
        {
            "person": UserFactory(roles=["Working-group member"]).pk,
            "body": structure["steering"].pk,
        },
    )
    assert response.status_code == 403
    assert not Membership.objects.exists()


def test_viewer_is_refused_before_the_input_is_read(api_client, viewer_user):
    api_client.force_authenticate(viewer_user)
    response = api_client.post("/api/v1/memberships/", {})
    assert response.status_code == 403
    assert "leads of a body" in response.json()["detail"]


def test_ending_twice_is_a_400_naming_end_date(core_client, structure):
    membership = MembershipFactory(body=structure["steering"], end_date="2026-03-31")
    response = core_client.post(f"/api/v1/memberships/{membership.pk}/end/")
    assert response.status_code == 400
    assert response.json()["end_date"] == ["This membership already ended on 31 Mar 2026."]


def test_end_closes_the_membership_and_delete_is_not_allowed(core_client, structure):
    membership = MembershipFactory(body=structure["steering"])
    response = core_client.post(f"/api/v1/memberships/{membership.pk}/end/", {"on": "2026-03-31"})
    assert response.status_code == 200
    assert response.json()["end_date"] == "2026-03-31"
    assert core_client.delete(f"/api/v1/memberships/{membership.pk}/").status_code == 405


def test_filters_active_members_of_a_body(core_client, structure):
    serving = MembershipFactory(body=structure["steering"])
    MembershipFactory(body=structure["steering"], end_date="2026-02-01")
    MembershipFactory(body=structure["core"])
    response = core_client.get(f"/api/v1/memberships/?body={structure['steering'].pk}&active=true")
    assert [m["id"] for m in response.json()["results"]] == [serving.pk]


def test_list_keeps_a_flat_query_count(core_client, structure):
    unit = BusinessUnitFactory()

    def grow_to(n):
        while Membership.objects.count() < n:
            MembershipFactory(body=structure["steering"], business_unit=unit)

    count = assert_flat_query_count(
        fetch=lambda: core_client.get("/api/v1/memberships/?page_size=500"), grow_to=grow_to
    )
    assert count == 4  # user, roles, count, page (the session: cached_db)
