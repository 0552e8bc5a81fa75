"""API: business units. Configurers add and rename them; they are retired, never deleted."""

import pytest

from governance.models import BusinessUnit
from tests.factories import BusinessUnitFactory


@pytest.fixture
def core_client(api_client, core_team_user):
    api_client.force_login(core_team_user)
    return api_client


def test_core_team_adds_a_business_unit(core_client):
    response = core_client.post(
        "/api/v1/business-units/",
        {"name": "Retail banking", "code": "retail-banking", "description": "Branches and app"},
    )
    assert response.status_code == 201, response.json()
    unit = BusinessUnit.objects.get(code="retail-banking")
    assert response.json() == {
        "id": unit.pk,
        "name": "Retail banking",
        "code": "retail-banking",
        "description": "Branches and app",
        "is_active": True,
        "is_customer_facing": False,
        "function": "",
    }


def test_duplicate_code_is_refused_naming_code_and_nothing_saved(core_client, retail):
    response = core_client.post("/api/v1/business-units/", {"name": "Retail 2", "code": "retail"})
    assert response.status_code == 400
    assert list(response.json()) == ["code"]
    assert BusinessUnit.objects.count() == 1


def test_a_code_with_spaces_names_the_field(core_client):
    response = core_client.post(
        "/api/v1/business-units/", {"name": "Field service", "code": "field service"}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["code"]
    assert not BusinessUnit.objects.exists()


def test_viewer_lists_but_cannot_add(api_client, viewer_user, retail):
    api_client.force_authenticate(viewer_user)
    listed = api_client.get("/api/v1/business-units/")
    assert [u["code"] for u in listed.json()["results"]] == ["retail"]
    refused = api_client.post("/api/v1/business-units/", {"name": "Payments", "code": "payments"})
    assert refused.status_code == 403
    assert BusinessUnit.objects.count() == 1


def test_retiring_a_unit_is_an_update_and_delete_is_not_allowed(core_client, retail):
    url = f"/api/v1/business-units/{retail.pk}/"
    response = core_client.patch(url, {"is_active": False})
    assert response.status_code == 200
    assert BusinessUnit.objects.get(pk=retail.pk).is_active is False
    assert core_client.delete(url).status_code == 405
    assert BusinessUnit.objects.filter(pk=retail.pk).exists()


def test_filters_by_active_and_searches_by_name(core_client, retail):
    BusinessUnitFactory(name="Wholesale", code="wholesale", is_active=False)
    BusinessUnitFactory(name="Retail online", code="online")

    def codes(query):
        return [
            u["code"] for u in core_client.get(f"/api/v1/business-units/?{query}").json()["results"]
        ]

    assert codes("is_active=false") == ["wholesale"]
    assert codes("search=retail") == ["retail", "online"]  # ordered by name
    assert codes("ordering=-code") == ["wholesale", "retail", "online"]
