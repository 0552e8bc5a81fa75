"""The permission matrix of the governance API: who reads, who writes, for every resource."""

import pytest

from cxgov.roles import Role
from governance.models import BusinessUnit

ENDPOINTS = [
    "/api/v1/business-units/",
    "/api/v1/bodies/",
    "/api/v1/memberships/",
    "/api/v1/activities/",
    "/api/v1/raci/",
    "/api/v1/raci/matrix/",
    "/api/v1/maturity-assessments/",
    "/api/v1/maturity-assessments/questions/",
]
ALL_ROLES = [role.value for role in Role]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ENDPOINTS)
def test_anonymous_gets_401(api_client, url):
    assert api_client.get(url).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_user_without_a_role_gets_403(api_client, no_role_user, url):
    api_client.force_authenticate(no_role_user)
    assert api_client.get(url).status_code == 403


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize("persona", ALL_ROLES, indirect=True)
def test_every_role_reads(api_client, persona, url):
    api_client.force_authenticate(persona)
    assert api_client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (Role.ADMIN, 201),
        (Role.CORE_TEAM, 201),
        (Role.EXECUTIVE, 403),
        (Role.STEERING_COMMITTEE, 403),
        (Role.WORKING_GROUP_MEMBER, 403),
        (Role.VIEWER, 403),
    ],
    indirect=["persona"],
)
def test_only_configurers_write(api_client, persona, expected):
    api_client.force_authenticate(persona)
    response = api_client.post("/api/v1/business-units/", {"name": "Payments", "code": "payments"})
    assert response.status_code == expected
    assert BusinessUnit.objects.filter(code="payments").exists() == (expected == 201)
