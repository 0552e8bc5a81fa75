"""The permission matrix of the governance API: who reads, who writes, for every resource."""

import pytest
from rest_framework.test import APIClient

from cxgov.roles import Role
from governance.models import BusinessUnit
from tests.factories import PASSWORD

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


CREATE_ENDPOINTS = [
    "/api/v1/business-units/",
    "/api/v1/bodies/",
    "/api/v1/memberships/",
    "/api/v1/activities/",
    "/api/v1/raci/",
    "/api/v1/maturity-assessments/",
]


@pytest.mark.parametrize("url", CREATE_ENDPOINTS)
def test_viewer_lists_but_is_refused_a_create_whatever_the_input(api_client, viewer_user, url):
    api_client.force_authenticate(viewer_user)
    assert api_client.get(url).status_code == 200
    response = api_client.post(url, {})
    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.django_db
def test_a_token_from_auth_token_reads_and_writes_without_a_session(core_team_user):
    # A real client as a script would be: CSRF enforced, no session, only the token header.
    client = APIClient(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/auth/token/", {"username": core_team_user.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["token"]

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/bodies/").status_code == 200
    created = client.post("/api/v1/business-units/", {"name": "Payments", "code": "payments"})
    assert created.status_code == 201
    assert BusinessUnit.objects.filter(code="payments").exists()

    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/bodies/").status_code == 401


@pytest.mark.django_db
def test_a_session_write_without_a_csrf_token_is_refused(core_team_user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(core_team_user)
    assert client.get("/api/v1/business-units/").status_code == 200
    response = client.post("/api/v1/business-units/", {"name": "Payments", "code": "payments"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not BusinessUnit.objects.exists()
