"""The authorization table: every route in the URL conf, as every persona, for every method.

Each app's rows live in tests/<app>/authz.py. A route missing from the tables fails
`test_every_route_has_rows`, so each new page or API action must say who may use it.

The world is built once per module, inside a transaction rolled back when the module ends; each
row runs in a savepoint of it and each request in a savepoint of that, both rolled back, so one
persona's write does not change what the next one meets. A refused write must change no row:
the statements that change rows are recorded while it runs (tests.authz.recording_writes).
"""

from __future__ import annotations

import copy
import json
import types
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.http import HttpResponse, HttpResponseForbidden
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse
from django.views.decorators.csrf import csrf_exempt

from governance.models import BusinessUnit
from tests.authz import (
    PERSONAS,
    Check,
    Route,
    World,
    only,
    recording_writes,
    statuses,
    table_modules,
    world_for_module,
)

ROUTES: list[Route] = [route for module in table_modules() for route in module.ROUTES]
# The admin is Django's, guarded by is_staff; static and media are files.
IGNORED_PREFIXES = ("admin/",)


def _url_conf_routes(patterns=None, prefix="", namespace=None):
    """(route, name, methods) for every route; methods from a DRF viewset's actions or None."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _url_conf_routes(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if route.startswith(IGNORED_PREFIXES):
                continue
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            actions = getattr(pattern.callback, "actions", None)
            # HEAD is answered as GET; OPTIONS describes the route.
            methods = {m.upper() for m in actions} - {"HEAD", "OPTIONS"} if actions else None
            yield route, name, methods


def test_every_route_has_rows():
    unnamed = [route for route, name, _ in _url_conf_routes() if not name]
    assert not unnamed, f"name these routes so the table can list them: {unnamed}"
    tabled = {route.name for route in ROUTES}
    missing = sorted({name for _, name, _ in _url_conf_routes()} - tabled)
    assert not missing, (
        "routes with no row in the authorization table (add them to tests/<app>/authz.py): "
        f"{missing}"
    )
    stale = sorted(tabled - {name for _, name, _ in _url_conf_routes()})
    assert not stale, f"rows for routes that no longer exist: {stale}"


def test_every_api_method_has_a_check():
    checked: dict[str, set[str]] = {}
    for route in ROUTES:
        checked.setdefault(route.name, set()).update(c.method for c in route.checks)
    unchecked = {
        name: sorted(methods - checked.get(name, set()))
        for _, name, methods in _url_conf_routes()
        if methods and methods - checked.get(name, set())
    }
    assert not unchecked, f"API methods with no check in the authorization table: {unchecked}"


@pytest.fixture(scope="module", autouse=True)
def _schema_generated_once() -> Iterator[None]:
    """The OpenAPI schema is generated once for the table, not once per persona: the row checks
    who the schema view lets in (its permission runs on every request), not the schema, which
    is the same for everyone let in (drf-spectacular's public schema)."""
    from drf_spectacular.generators import SchemaGenerator

    generate = SchemaGenerator.get_schema
    schemas: dict[tuple, dict] = {}

    def get_schema(self, request=None, public=False):
        key = (self.urlconf, self.api_version, public)
        if key not in schemas:
            schemas[key] = generate(self, request=request, public=public)
        return schemas[key]  # rendered, never changed, by the view

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SchemaGenerator, "get_schema", get_schema)
        yield


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The world, built once for the module in a transaction rolled back when the module ends.

    Each row's test runs in a savepoint of that transaction (pytest-django's `db`), so what a
    row changes is gone before the next row starts.
    """
    with world_for_module(django_db_blocker) as built:
        yield built


@pytest.fixture
def world(built_world: World, db) -> World:
    """A copy of the built world per row: the rows' objects as the database holds them, even
    where an earlier row's setup or request changed a Python object in passing."""
    return copy.deepcopy(built_world)


def _request(client: Client, route: Route, check, world: World):
    url = reverse(route.name, kwargs=route.kwargs(world))
    data = check.data(world) if check.data else None
    headers = {"HTTP_HX_REQUEST": "true"} if check.htmx else {}
    method = getattr(client, check.method.lower())
    if url.startswith("/api/") and check.method in {"POST", "PUT", "PATCH"}:
        return method(url, json.dumps(data or {}), content_type="application/json", **headers)
    if data is not None:
        return method(url, data, **headers)
    return method(url, **headers)


def _row_id(route: Route) -> str:
    return f"{route.name}" + (f" [{route.note}]" if route.note else "")


def check_failures(route: Route, world: World) -> list[str]:
    """Every persona's every check of one row; what went otherwise than the row says."""
    failures = []
    for persona in PERSONAS:
        client = Client()
        for check in route.checks:
            if persona != "anonymous":
                client.force_login(world.users[persona])
            with transaction.atomic():
                if route.setup is not None:
                    route.setup(world)
                expected = check.expect[persona]
                with recording_writes() as recorder:
                    response = _request(client, route, check, world)
                if response.status_code != expected:
                    failures.append(
                        f"{persona} {check.method}{' (htmx)' if check.htmx else ''}: "
                        f"expected {expected}, got {response.status_code}"
                    )
                elif check.method != "GET" and expected >= 400 and recorder.writes:
                    failures.append(
                        f"{persona} {check.method}: refused, but the data changed: "
                        f"{recorder.writes[0][:200]}"
                    )
                transaction.set_rollback(True)
    return failures


@pytest.mark.parametrize("route", ROUTES, ids=_row_id)
def test_who_may_use_the_route(route: Route, world: World):
    failures = check_failures(route, world)
    assert not failures, "\n".join(failures)


# The write detector's own proof: planted routes that refuse after writing, or without.


@csrf_exempt
def _writes_then_refuses(request):
    BusinessUnit.objects.create(name="Planted", code="planted")
    return HttpResponse() if request.user.username == "authz-core" else HttpResponseForbidden()


@csrf_exempt
def _writes_then_undoes_then_refuses(request):
    with transaction.atomic():
        BusinessUnit.objects.create(name="Planted", code="planted")
        BusinessUnit.objects.filter(code="retail").update(name="Changed")
        transaction.set_rollback(True)
    return HttpResponseForbidden()


@csrf_exempt
def _refuses(request):
    return HttpResponseForbidden()


PLANTED = types.ModuleType("planted_urls")
PLANTED.urlpatterns = [
    path("writes-then-refuses/", _writes_then_refuses, name="writes-then-refuses"),
    path("writes-then-undoes/", _writes_then_undoes_then_refuses, name="writes-then-undoes"),
    path("refuses/", _refuses, name="refuses"),
    path("", include("cxgov.urls")),  # the login page, where anonymous requests are sent
]


@override_settings(ROOT_URLCONF=PLANTED)
def test_a_refused_request_that_writes_fails_its_row(world: World):
    route = Route("writes-then-refuses", checks=[Check("POST", only(200, "core"))])
    failures = check_failures(route, world)
    # Anonymous is sent to the login page before the view runs; every other role writes.
    assert [f.split()[0] for f in failures] == [
        p for p in PERSONAS if p not in {"core", "anonymous"}
    ]
    assert all("refused, but the data changed" in f for f in failures)
    assert 'INSERT INTO "governance_businessunit"' in failures[0]


@override_settings(ROOT_URLCONF=PLANTED)
def test_a_refused_request_whose_writes_were_rolled_back_passes(world: World):
    undone = Route("writes-then-undoes", checks=[Check("POST", statuses(403))])
    assert check_failures(undone, world) == []
    refused = Route("refuses", checks=[Check("POST", statuses(403))])
    assert check_failures(refused, world) == []
