"""The authorization table's machinery: personas, their world, the rows' shape, the write recorder.

Each app owns `tests/<app>/authz.py` with `build(world)` (adds its objects) and `ROUTES` (a
`Route` per URL name, with a `Check` per method and the status each persona must get).
`tests/test_authorization.py` runs every check as every persona and fails when a route in the
URL conf has no row, so a new page or API action cannot arrive unguarded.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from django.db import connection, transaction

from cxgov.roles import Role
from tests.factories import UserFactory

# Who asks. "wg_member" sits on the Onboarding working group, "wg_other" on Complaints, "lead"
# leads Onboarding; "steering" chairs the steering committee; "sponsor" is the executive sponsor.
PERSONAS = (
    "anonymous",
    "no_role",
    "viewer",
    "wg_member",
    "wg_other",
    "lead",
    "steering",
    "sponsor",
    "core",
    "admin",
)
ROLES = {
    "viewer": Role.VIEWER,
    "wg_member": Role.WORKING_GROUP_MEMBER,
    "wg_other": Role.WORKING_GROUP_MEMBER,
    "lead": Role.WORKING_GROUP_MEMBER,
    "steering": Role.STEERING_COMMITTEE,
    "sponsor": Role.EXECUTIVE,
    "core": Role.CORE_TEAM,
    "admin": Role.ADMIN,
}
START = dt.date(2026, 1, 1)


@dataclass
class World:
    users: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.objects[name]


def statuses(default: int, *, api: bool = False, **per_persona: int) -> dict[str, int]:
    """Every persona's expected status: `default` for those holding a role, a login redirect
    (pages) or 401 (API) for anonymous, 403 for an account without a role, then overrides."""
    expected = dict.fromkeys(PERSONAS, default)
    expected["anonymous"] = 401 if api else 302
    expected["no_role"] = 403
    expected.update(per_persona)
    unknown = set(per_persona) - set(PERSONAS)
    assert not unknown, f"unknown personas: {unknown}"
    return expected


def only(ok: int, *personas: str, api: bool = False, refused: int = 403) -> dict[str, int]:
    """`ok` for the named personas, `refused` for every other role."""
    return statuses(refused, api=api, **dict.fromkeys(personas, ok))


CONFIGURERS = ("core", "admin")


@dataclass
class Check:
    method: str
    expect: dict[str, int]
    data: Callable[[World], dict] | None = None
    htmx: bool = False
    note: str = ""


@dataclass
class Route:
    name: str
    kwargs: Callable[[World], dict] = lambda world: {}
    checks: list[Check] = field(default_factory=list)
    note: str = ""  # tells two rows of one route apart ("another group's body")
    # A change made before each check, inside the check's rolled-back transaction: the state a
    # row is about ("after the lead handed the seat over"), made through the real services.
    setup: Callable[[World], None] | None = None


# The statements that change rows: first word, or a WITH whose body writes.
_WRITE = re.compile(
    r"^\s*(?:INSERT|REPLACE|UPDATE|DELETE|MERGE|TRUNCATE|COPY|CREATE|DROP|ALTER)\b"
    r"|^\s*WITH\b.*\b(?:INSERT|UPDATE|DELETE)\b",
    re.IGNORECASE | re.DOTALL,
)
_SAVEPOINT = re.compile(
    r'^\s*(SAVEPOINT|RELEASE\s+SAVEPOINT|ROLLBACK\s+TO\s+SAVEPOINT)\s+"?(\w+)', re.IGNORECASE
)


class WriteRecorder:
    """The row-changing statements that ran on the default database and were not rolled back.

    A savepoint rolled back takes its statements with it, so a service that writes, then
    refuses inside its own `transaction.atomic`, has changed nothing, as the data says. No table
    is exempt: a refused request legitimately writes nothing (the session is saved only when a
    request changes it, axes writes only on a failed login, last_login only on a login), and
    the whole table, recorded this way, found no refused request that does.
    """

    def __init__(self) -> None:
        self.writes: list[str] = []
        self._savepoints: list[tuple[str, int]] = []

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
        result = execute(sql, params, many, context)  # a statement that failed changed nothing
        self._note(sql)
        return result

    def _note(self, sql: str) -> None:
        if match := _SAVEPOINT.match(sql):
            verb, name = match.group(1).split()[0].upper(), match.group(2)
            if verb == "SAVEPOINT":
                self._savepoints.append((name, len(self.writes)))
                return
            names = [n for n, _ in self._savepoints]
            if name not in names:  # opened before recording began
                return
            at = names.index(name)
            if verb == "ROLLBACK":
                del self.writes[self._savepoints[at][1] :]
                del self._savepoints[at + 1 :]  # the savepoint itself stays open
            else:
                del self._savepoints[at:]
            return
        if _WRITE.match(sql):
            self.writes.append(sql)


@contextmanager
def recording_writes() -> Iterator[WriteRecorder]:
    """Record the statements that change rows while the block runs (see `WriteRecorder`)."""
    recorder = WriteRecorder()
    with connection.execute_wrapper(recorder):
        yield recorder


# Apps in dependency order: later worlds build on earlier ones.
APP_ORDER = ["cxgov", "governance", "voc", "portfolio", "program"]


@functools.cache
def table_modules() -> tuple[ModuleType, ...]:
    """Each app's tests/<app>/authz.py, in dependency order."""
    apps = sorted(
        (p.parent.name for p in Path(__file__).parent.glob("*/authz.py")),
        key=lambda app: (APP_ORDER.index(app) if app in APP_ORDER else len(APP_ORDER), app),
    )
    return tuple(importlib.import_module(f"tests.{app}.authz") for app in apps)


def build_world() -> World:
    """The personas and every app's objects (each module's `build`)."""
    users = {"no_role": UserFactory(username="authz-no-role")}
    for persona, role in ROLES.items():
        users[persona] = UserFactory(
            username=f"authz-{persona.replace('_', '-')}", roles=[role], is_staff=persona == "admin"
        )
    built = World(users=users)
    for module in table_modules():
        module.build(built)
    return built


@contextmanager
def world_for_module(django_db_blocker) -> Iterator[World]:
    """The world, built in a transaction that is rolled back on leaving (for a module-scoped
    fixture: each test then runs in a savepoint of it)."""
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            built = build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
