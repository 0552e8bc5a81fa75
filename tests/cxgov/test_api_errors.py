"""Every API error is JSON in one shape: unparseable, oversized and malformed requests included.

The shape is DRF's: an object with "detail" or with the names of the fields (or query
parameters) at fault, each with a list of messages. These hold for every route, checked by
walking the URL conf, so a new app's endpoints inherit them.
"""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from rest_framework.settings import api_settings

from cxgov.api.parsers import FILE_PARSER_CLASSES, MAX_JSON_DEPTH, PARSER_CLASSES
from governance.models import BusinessUnit
from tests.cxgov.api_routes import api_callbacks, writable_list_routes

NESTED = "[" * 1000 + "]" * 1000  # 2 KB that used to raise RecursionError: a 500


def is_json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json", response["Content-Type"]
    body = response.json()
    assert isinstance(body, dict) and body, body
    for key, value in body.items():
        assert isinstance(value, str | list), (key, value)
    return body


@pytest.fixture
def quiet_client(client):
    # A 500 must be answered, not raised into the test, to be seen as the client sees it.
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
def test_deeply_nested_json_to_the_token_endpoint_is_a_400_for_an_anonymous_client(quiet_client):
    response = quiet_client.post("/api/v1/auth/token/", NESTED, content_type="application/json")
    body = is_json_error(response, 400)
    assert f"nested deeper than {MAX_JSON_DEPTH} levels" in body["detail"]


@pytest.mark.django_db
def test_deeply_nested_json_is_a_400_on_every_writable_list(quiet_client, admin_user):
    quiet_client.force_login(admin_user)
    routes = writable_list_routes()
    assert "/api/v1/bodies/" in routes
    for route in routes:
        response = quiet_client.post(route, NESTED, content_type="application/json")
        body = is_json_error(response, 400)
        assert "nested deeper" in body["detail"], route


@pytest.mark.django_db
def test_json_nested_up_to_the_limit_is_parsed(api_client, admin_user):
    api_client.force_login(admin_user)
    within = {"name": "Deep but fine", "code": "deep"}
    note = within
    for _ in range(MAX_JSON_DEPTH - 2):
        note["x"] = {}
        note = note["x"]
    response = api_client.post("/api/v1/business-units/", within, format="json")
    # Parsed: the answer is about the field the operation does not take, not the JSON.
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["x"]


def test_every_api_route_parses_json_and_only_file_uploads_multipart():
    callbacks = api_callbacks()
    assert len(callbacks) > 30
    assert list(api_settings.DEFAULT_PARSER_CLASSES) == PARSER_CLASSES
    takes_files = []
    for route, callback in callbacks:
        parsers = callback.initkwargs.get("parser_classes", callback.cls.parser_classes)
        assert list(parsers) in (PARSER_CLASSES, FILE_PARSER_CLASSES), (route, parsers)
        if list(parsers) == FILE_PARSER_CLASSES:
            takes_files.append(route)
    assert takes_files  # with and without a format suffix
    # The CSV import, and the standards library's templates (a new one, or a new file).
    file_routes = (
        "api/v1/^responses/import",
        "api/v1/^standards/templates",
        "api/v1/^standards/(?P<pk>",
    )
    assert all(route.startswith(file_routes) for route in takes_files), takes_files


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type", ["multipart/form-data", "application/x-www-form-urlencoded"]
)
def test_a_form_body_on_a_json_route_is_a_415_and_writes_nothing(
    api_client, admin_user, content_type
):
    api_client.force_login(admin_user)
    form = "name=Payments&code=payments"
    if content_type == "multipart/form-data":
        response = api_client.post(
            "/api/v1/business-units/", {"name": "Payments"}, format="multipart"
        )
    else:
        response = api_client.post("/api/v1/business-units/", form, content_type=content_type)
    body = is_json_error(response, 415)
    assert content_type in body["detail"]
    assert not BusinessUnit.objects.filter(code="payments").exists()


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
@pytest.mark.parametrize("content_type", ["application/json", "multipart/form-data"])
def test_a_body_over_the_size_limit_is_a_json_413(quiet_client, admin_user, content_type):
    quiet_client.force_login(admin_user)
    if content_type == "application/json":
        response = quiet_client.post(
            "/api/v1/bodies/", json.dumps({"name": "x" * 2000}), content_type=content_type
        )
    else:
        # The one route that takes multipart (a file); a form field counts towards the limit.
        response = quiet_client.post("/api/v1/responses/import/", {"mapping": "x" * 2000})
    body = is_json_error(response, 413)
    assert "larger than the limit of 1,000 bytes" in body["detail"]


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_an_oversized_token_request_is_a_json_413_for_an_anonymous_client(quiet_client):
    response = quiet_client.post(
        "/api/v1/auth/token/",
        json.dumps({"username": "x" * 2000, "password": "y"}),
        content_type="application/json",
    )
    is_json_error(response, 413)


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_an_oversized_form_on_a_page_is_refused_with_a_page(quiet_client):
    response = quiet_client.post("/accounts/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert b"larger than the limit" in response.content


@pytest.mark.django_db
def test_malformed_json_is_a_400_with_detail(api_client, admin_user):
    api_client.force_login(admin_user)
    response = api_client.post("/api/v1/bodies/", "{bad", content_type="application/json")
    assert is_json_error(response, 400)["detail"].startswith("JSON parse error")


@pytest.mark.django_db
@pytest.mark.parametrize("param", ["search", "tier", "ordering", "page", "page_size", "active"])
def test_a_null_character_in_a_query_parameter_is_a_400_naming_it(api_client, admin_user, param):
    api_client.force_login(admin_user)
    response = api_client.get(f"/api/v1/bodies/?{param}=a%00b")
    assert is_json_error(response, 400) == {param: ["Null characters are not allowed."]}


@pytest.mark.django_db
def test_a_null_character_in_a_query_parameter_of_an_anonymous_token_call_is_a_400(client):
    response = client.post("/api/v1/auth/token/?x=%00", {})
    assert is_json_error(response, 400) == {"x": ["Null characters are not allowed."]}


@pytest.mark.django_db
def test_a_null_character_in_a_page_query_is_a_400_page(client, core_team_user):
    client.force_login(core_team_user)
    response = client.get("/governance/bodies/?q=%00")
    assert response.status_code == 400
    assert b"Null characters are not allowed. (q)" in response.content


@pytest.mark.django_db
def test_an_unknown_api_path_for_an_anonymous_client_is_json(client):
    response = client.get("/api/v1/nothing-here/")
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_deeply_nested_json_to_the_bulk_response_import_is_a_400(quiet_client, admin_user):
    # This action reads the raw body itself (it streams imports), past the API's parser.
    quiet_client.force_login(admin_user)
    response = quiet_client.post(
        "/api/v1/responses/bulk/", "[" * 100_000 + "]" * 100_000, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The body is not JSON")
