"""The API base: token auth, the OpenAPI schema, Swagger UI served locally, JSON errors."""

import pytest
import yaml

from tests.factories import PASSWORD


@pytest.mark.django_db
def test_token_auth_round_trip(api_client, viewer_user):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": viewer_user.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert response.json()["expires"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/bodies/").status_code == 200


@pytest.mark.django_db
def test_token_with_wrong_password_names_the_problem(api_client, viewer_user):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": viewer_user.username, "password": "nope"}
    )
    assert response.status_code == 400
    assert "Unable to log in" in str(response.json()["non_field_errors"])


@pytest.mark.django_db
def test_openapi_schema_is_valid_yaml_with_the_api_paths(client, viewer_user):
    client.force_login(viewer_user)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/bodies/" in schema["paths"]


@pytest.mark.django_db
def test_swagger_ui_is_served_without_a_cdn(client, viewer_user):
    client.force_login(viewer_user)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    # Swagger UI sets inline styles; scripts still come only from our own origin.
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "style-src 'self' 'unsafe-inline'" in csp


@pytest.mark.django_db
def test_unknown_api_path_is_a_json_404(client, viewer_user):
    client.force_login(viewer_user)
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "/api/docs/" in response.json()["detail"]
