"""The authorization table: every route in the URL conf, as every persona, for every method.

Each app's rows live in tests/<app>/authz.py. A route missing from the tables fails
`test_every_route_has_rows`, so each new page or API action must say who may use it. Each
request runs in a savepoint that is rolled back, so one persona's write does not change what
the next one meets; a refused write must leave every row of the database as it was.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authz import PERSONAS, ROLES, Route, World
from tests.factories import UserFactory

# Apps in dependency order: later worlds build on earlier ones.
APP_ORDER = ["cxgov", "governance", "voc", "portfolio", "program"]
TABLE_MODULES = sorted(
    (p.parent.name for p in Path(__file__).parent.glob("*/authz.py")),
    key=lambda app: (APP_ORDER.index(app) if app in APP_ORDER else len(APP_ORDER), app),
)
MODULES = [importlib.import_module(f"tests.{app}.authz") for app in TABLE_MODULES]
ROUTES: list[Route] = [route for module in MODULES for route in module.ROUTES]
# The admin is Django's, guarded by is_staff; static and media are files.
IGNORED_PREFIXES = ("admin/",)
APPS_SNAPSHOTTED = {"cxgov", "governance", "voc", "portfolio", "auth", "guardian", "authtoken"}


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


@pytest.fixture
def world(db) -> World:
    users = {"no_role": UserFactory(username="authz-no-role")}
    for persona, role in ROLES.items():
        users[persona] = UserFactory(
            username=f"authz-{persona.replace('_', '-')}", roles=[role], is_staff=persona == "admin"
        )
    built = World(users=users)
    for module in MODULES:
        module.build(built)
    return built


SNAPSHOT_MODELS = [m for m in apps.get_models() if m._meta.app_label in APPS_SNAPSHOTTED]


def _snapshot() -> list:
    """Every row of every model that a write could touch, in a stable order."""
    return [list(m._base_manager.order_by("pk").values_list()) for m in SNAPSHOT_MODELS]


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


@pytest.mark.parametrize("route", ROUTES, ids=_row_id)
def test_who_may_use_the_route(route: Route, world: World):
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
                refused_write = check.method != "GET" and expected >= 400
                before = _snapshot() if refused_write else None
                response = _request(client, route, check, world)
                if response.status_code != expected:
                    failures.append(
                        f"{persona} {check.method}{' (htmx)' if check.htmx else ''}: "
                        f"expected {expected}, got {response.status_code}"
                    )
                elif before is not None and expected >= 400 and _snapshot() != before:
                    failures.append(f"{persona} {check.method}: refused, but the data changed")
                transaction.set_rollback(True)
    assert not failures, "\n".join(failures)
