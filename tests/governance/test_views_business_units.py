"""Business units: listed for everyone, added and changed by configurers."""

import pytest
from django.urls import reverse

from cxgov.roles import Role
from governance.models import BusinessUnit
from tests.factories import BusinessUnitFactory, MembershipFactory


def unit_data(**fields):
    return {"name": "Wealth management", "code": "wealth", "description": "", **fields}


def test_business_units_list_people_serving_for_each(client, viewer_user, structure, retail):
    MembershipFactory(body=structure["onboarding"], business_unit=retail)
    MembershipFactory(body=structure["complaints"], business_unit=retail)
    client.force_login(viewer_user)
    response = client.get(reverse("governance:business-unit-list"))
    counts = {u.name: u.people_count for u in response.context["units"]}
    assert counts["Retail"] == 2
    assert "New business unit" not in response.content.decode()


def test_no_business_unit_yet_says_what_to_do(client, core_team_user, db):
    client.force_login(core_team_user)
    html = client.get(reverse("governance:business-unit-list")).content.decode()
    assert "No business units yet." in html and "Add the first one" in html


def test_core_team_adds_and_renames_a_business_unit(client, core_team_user, db):
    client.force_login(core_team_user)
    response = client.post(reverse("governance:business-unit-create"), unit_data(is_active="on"))
    assert response.status_code == 302
    unit = BusinessUnit.objects.get(code="wealth")
    response = client.post(
        reverse("governance:business-unit-edit", args=[unit.pk]),
        unit_data(name="Wealth & private banking", is_active="on"),
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Wealth & private banking"


def test_a_taken_code_is_refused_next_to_the_field(client, core_team_user, db):
    BusinessUnitFactory(name="Retail", code="wealth")
    client.force_login(core_team_user)
    response = client.post(reverse("governance:business-unit-create"), unit_data())
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Business unit with this Code already exists."
    ]
    assert BusinessUnit.objects.count() == 1


@pytest.mark.parametrize(
    "persona", [Role.STEERING_COMMITTEE.value, Role.VIEWER.value], indirect=True
)
def test_others_may_not_add_or_change_business_units(client, persona, retail):
    client.force_login(persona)
    assert client.get(reverse("governance:business-unit-create")).status_code == 403
    assert client.post(reverse("governance:business-unit-create"), unit_data()).status_code == 403
    edit = reverse("governance:business-unit-edit", args=[retail.pk])
    assert client.post(edit, unit_data(name="Taken")).status_code == 403
    retail.refresh_from_db()
    assert retail.name == "Retail"
