"""Every API operation takes exactly what its schema documents (cxgov/api/contract.py): a query
parameter or a body field it does not document is a 400 naming it, never silently ignored; and
it answers as documented (a blank choice is in its enum, a time of day matches its pattern, an
address the router refuses is the API's JSON 404).

The members are read from the live schema, so a new operation is covered by being in it.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client, override_settings
from rest_framework.views import APIView

from cxgov.api.contract import ContractMixin
from cxgov.api.serializers import WALL_CLOCK_TIME
from governance.models import Cadence
from portfolio.models import Initiative
from tests.cxgov.api_routes import api_views
from tests.factories import BodyFactory
from tests.portfolio.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

UNKNOWN_PARAMETER = "has no query parameter"
UNKNOWN_FIELD = "This operation does not take this field"
WRITES = ("post", "put", "patch")


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker) -> dict:
    from django.test import Client

    from tests.factories import UserFactory

    with django_db_blocker.unblock():
        from cxgov.roles import Role

        user = UserFactory(username="contract-schema", roles=[Role.CORE_TEAM])
        client = Client()
        client.force_login(user)
        response = client.get("/api/schema/", {"format": "json"})
        user.delete()
    assert response.status_code == 200
    return json.loads(response.content)


def operations(schema: dict, methods) -> list[tuple[str, str, dict]]:
    found = [
        (path, method, operation)
        for path, by_method in schema["paths"].items()
        for method, operation in by_method.items()
        if method in methods
    ]
    assert len(found) > 20
    return found


def concrete(path: str) -> str:
    """The path with every id filled: the contract is checked before the object is looked up."""
    return re.sub(r"\{[^}]+\}", "1", path)


def resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def properties(schema: dict, node: dict | None) -> set[str]:
    return set(resolve(schema, node or {}).get("properties", {}))


def test_every_api_view_holds_requests_to_the_schema():
    views = api_views()
    assert len(views) > 20
    unheld = [
        f"{route} {view.__name__}"
        for route, view in views
        if issubclass(view, APIView)
        and not issubclass(view, ContractMixin)
        and view.__name__ not in {"APIRootView", "SchemaView", "ApiDocsView"}
    ]
    assert not unheld, f"API views that ignore undocumented input: {unheld}"


def test_an_undocumented_query_parameter_is_refused_on_every_read(schema, admin_user, client):
    client.force_login(admin_user)
    checked = 0
    for path, _method, _operation in operations(schema, {"get"}):
        response = client.get(concrete(path), {"responded_after": "2020-01-01"})
        assert response.status_code == 400, (path, response.content[:300])
        assert UNKNOWN_PARAMETER in response.json()["responded_after"][0], path
        checked += 1
    assert checked > 30


def test_every_documented_query_parameter_is_taken(schema, admin_user, client):
    client.force_login(admin_user)
    checked = 0
    for path, _method, operation in operations(schema, {"get"}):
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query":
                continue
            response = client.get(concrete(path), {parameter["name"]: "1"})
            body = response.json() if response.status_code == 400 else {}
            messages = " ".join(str(m) for m in body.get(parameter["name"], []))
            assert UNKNOWN_PARAMETER not in messages, (path, parameter["name"])
            checked += 1
    assert checked > 100


def test_a_read_only_or_workflow_field_is_refused_on_every_write(schema, admin_user, client):
    """PATCH status on a case (it moves through transition/), score on an assessment (the
    server scores it), id anywhere: each is named in a 400, not dropped with a 200."""
    client.force_login(admin_user)
    checked = []
    for path, method, operation in operations(schema, set(WRITES)):
        content = operation.get("requestBody", {}).get("content", {})
        request_schema = resolve(schema, content.get("application/json", {}).get("schema", {}))
        if content and "properties" not in request_schema:
            continue  # a body the schema leaves open (the bulk import's list)
        taken = set(request_schema.get("properties", {}))
        answers = [
            body.get("content", {}).get("application/json", {}).get("schema")
            for code, body in operation["responses"].items()
            if code.startswith("2")
        ]
        answered = set().union(*(properties(schema, node) for node in answers if node))
        if not content:
            answered = {"unexpected"}  # an operation that takes no body takes no field
        for field in sorted(answered - taken):
            response = getattr(client, method)(
                concrete(path), {field: "x"}, content_type="application/json"
            )
            assert response.status_code == 400, (method, path, field, response.content[:300])
            assert UNKNOWN_FIELD in response.json().get(field, [""])[0], (
                method,
                path,
                field,
                response.content[:300],
            )
            checked.append(f"{method} {path} {field}")
    assert "patch /api/v1/cases/{id}/ status" in checked
    assert "patch /api/v1/initiatives/{id}/ health" in checked
    assert "post /api/v1/meetings/{id}/open/ unexpected" in checked
    assert len(checked) > 100


def test_input_is_checked_after_the_login_and_the_role(client, no_role_user):
    assert client.get("/api/v1/meetings/", {"foo": "1"}).status_code == 401
    client.force_login(no_role_user)
    assert client.get("/api/v1/meetings/", {"foo": "1"}).status_code == 403


def test_a_refused_field_changes_nothing(admin_user, client):
    body = BodyFactory(name="Contract group", tier="working_group", parent=None)
    client.force_login(admin_user)
    response = client.patch(
        f"/api/v1/bodies/{body.pk}/",
        {"name": "Renamed", "id": 999},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["id"]
    body.refresh_from_db()
    assert body.name == "Contract group"


def test_the_bulk_import_takes_json_only(core_team_user, client):
    client.force_login(core_team_user)
    response = client.post("/api/v1/responses/bulk/", {"responses": "x"})  # multipart
    assert response.status_code == 415
    assert "detail" in response.json()


def test_a_blank_choice_is_in_its_documented_enum(schema, admin_user, client):
    health = schema["components"]["schemas"]["Initiative"]["properties"]["health"]
    allowed = set()
    for option in health["oneOf"]:
        allowed |= set(resolve(schema, option)["enum"])
    assert allowed == {"green", "amber", "red", ""}
    initiative = InitiativeFactory(working_group=BodyFactory(tier="working_group"))
    assert initiative.health == ""
    client.force_login(admin_user)
    assert client.get(f"/api/v1/initiatives/{initiative.pk}/").json()["health"] == ""
    assert Initiative.objects.filter(pk=initiative.pk, health="").exists()


def test_a_time_of_day_is_answered_and_taken_as_documented(schema, admin_user, client):
    assert '"format": "time"' not in json.dumps(schema)  # RFC 3339's full-time needs an offset
    documented = schema["components"]["schemas"]["Cadence"]["properties"]["time"]["pattern"]
    assert documented == WALL_CLOCK_TIME
    body = BodyFactory(name="Timed", tier="steering_committee", parent=None)
    client.force_login(admin_user)
    new = {"body": body.pk, "frequency": "weekly", "weekday": 1, "starts_on": "2026-01-05"}
    refused = client.post("/api/v1/cadences/", {**new, "time": "09:30+02:00"}, "application/json")
    assert refused.status_code == 400
    assert "HH:MM" in refused.json()["time"][0]
    assert not Cadence.objects.filter(body=body).exists()
    made = client.post("/api/v1/cadences/", {**new, "time": "09:30"}, "application/json")
    assert made.status_code == 201, made.content
    assert re.fullmatch(documented, made.json()["time"])
    for cadence in client.get("/api/v1/cadences/").json()["results"]:
        assert re.fullmatch(documented, cadence["time"])


@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
@pytest.mark.parametrize(
    "path", ["/api/v1/meetings/1.0/ics/", "/api/v1/meetings/1.0/", "/api/v1/no-such-thing/"]
)
def test_an_address_the_router_refuses_is_the_apis_json_404(admin_user, client, path, debug):
    client.force_login(admin_user)
    with override_settings(DEBUG=debug):
        response = client.get(path)
        # A write with a token and no CSRF cookie: still the 404, not a CSRF page.
        csrf_client = Client(enforce_csrf_checks=True)
        csrf_client.force_login(admin_user)
        written = csrf_client.put(path, {"title": "x"}, content_type="application/json")
    for answer in (response, written):
        assert answer.status_code == 404
        assert answer.headers["Content-Type"] == "application/json"
        assert answer.json()["detail"]  # "Nothing at ..." or DRF's own "Not found."
