"""Shared fixtures: the named personas for every role, and the service markers.

Tests marked postgres, redis or browser need that real service. Where it is missing they skip
with a message that says how to get it; with REQUIRE_SERVICES=1 (as in CI) they fail instead.

Under pytest-xdist (`make test` runs `-n 2 --dist loadgroup`) each worker has its own test
database (pytest-django suffixes its name) and its own Redis database (`redis_url`); the tests
that drive a browser, a real Celery worker or Redis run in one serial group, one at a time.
"""

from __future__ import annotations

import os
import shutil
import socket
import time
from urllib.parse import urlparse

import pytest
from django.db import connection

from cxgov.roles import Role
from tests.factories import UserFactory

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}
CHROMIUM = "/usr/bin/chromium"


SERIAL_MARKERS = ("browser", "redis", "bench", "faults")


def _per_worker(url: str) -> str:
    """The Redis URL with the database number moved up by the xdist worker's number (gw1: +1),
    so two workers never share a broker queue or a result key."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    offset = int(worker.removeprefix("gw") or 0)
    parsed = urlparse(url)
    base = int(parsed.path.strip("/") or 0)
    return parsed._replace(path=f"/{(base + offset) % 16}").geturl()


def redis_url() -> str:
    broker = os.environ.get("CELERY_BROKER_URL", "")
    return os.environ.get(
        "REDIS_URL",
        broker if broker.startswith("redis://") else _per_worker("redis://127.0.0.1:6379/0"),
    )


def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _missing_service(item: pytest.Item) -> str | None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/cxgov"
    if item.get_closest_marker("redis") and not _reachable(redis_url()):
        return f"needs Redis at {redis_url()}: start redis-server or set REDIS_URL"
    if item.get_closest_marker("browser") and not os.path.exists(CHROMIUM):
        return "needs Chromium at /usr/bin/chromium: sudo apt-get install chromium"
    if item.get_closest_marker("poppler") and not shutil.which("pdftotext"):
        return "needs pdftotext: sudo apt-get install poppler-utils"
    return None


def pytest_configure(config: pytest.Config) -> None:
    """Plain HTTP for the test client, static files from the finders, a fast password hasher."""
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # Every page rendered, so a test reads its context (a page from the cache has none);
    # tests/cxgov/test_page_cache.py turns it on.
    settings.PAGE_CACHE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Redis per xdist worker (see _per_worker): for this process's settings and Celery app
    # (which prefers the environment) and for the worker processes the tests start.
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        if os.environ.get(name, "").startswith("redis://"):
            os.environ[name] = _per_worker(os.environ[name])
        if str(getattr(settings, name, "")).startswith("redis://"):
            setattr(settings, name, _per_worker(getattr(settings, name)))
    # The cache: Redis per xdist worker like the broker (the worker processes a test starts
    # read the same), else local memory per process (var/cache/ would be shared by workers).
    _flush_by_delete()
    if settings.REDIS_URL:
        settings.CACHES = {
            "default": {**settings.CACHES["default"], "LOCATION": settings.REDIS_URL}
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def _flush_by_delete() -> None:
    """On PostgreSQL, a flush (the end of every transactional test, and the setup after one)
    deletes the rows of the tables that hold any (tests/snapshots.py `emptied_sql`) instead of
    truncating all of them: ~2 s less a transactional test. A flush that resets the id
    sequences keeps Django's TRUNCATE ... RESTART IDENTITY."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        from tests.snapshots import emptied_sql

        with self.connection.cursor() as cursor:
            return emptied_sql(cursor, list(tables))

    DatabaseOperations.sql_flush = sql_flush


def join_serial_group(item: pytest.Item, *, loadgroup: bool) -> None:
    """Browser, Redis, real-worker and bench tests in one xdist group, run one at a time on one
    worker: each wants the machine's cores to itself (Chromium, worker processes, timed waits,
    a web server under load)."""
    if not any(item.get_closest_marker(marker) for marker in SERIAL_MARKERS):
        return
    item.add_marker(pytest.mark.xdist_group("serial"))
    if loadgroup and "@" not in item.nodeid:
        # What xdist 3.8's own hook does, for pytest 9: the scheduler reads the group from the
        # node id's "@serial" suffix, and xdist still sets `_nodeid`, which pytest 9 ignores.
        if hasattr(item, "_id"):
            from _pytest.nodeid import coerce_node_id

            item._id = coerce_node_id(f"{item.nodeid}@serial")
        else:
            item._nodeid = f"{item.nodeid}@serial"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        join_serial_group(item, loadgroup=bool(config.getoption("loadgroup", False)))


@pytest.fixture(autouse=True)
def _fresh_cache_version():
    """Each test starts on a data version of its own: nothing cached by an earlier test (whose
    rows were rolled back, ids perhaps reused) is read again. The cache is not flushed: on
    Redis it shares its database with the broker."""
    from django.core.cache import cache

    from cxgov.caching import VERSION_KEY

    cache.set(VERSION_KEY, time.time_ns(), None)


def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = _missing_service(item)
    if reason:
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)
        pytest.skip(reason)
    if _flushed and _uses_database(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _restore_migrated_rows()


# A transactional test ends by flushing the database, taking the rows the migrations seeded
# with it and setting PostgreSQL's id sequences back to 1 (and, without a serialized rollback,
# re-creating content types under new ids). Serially they ran last; under xdist a worker may
# run other tests after them, so the next test that uses the database first gets exactly the
# migrations' rows back (the serialized copy a serialized rollback uses) and sequences past them.
_flushed = False


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def _uses_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(item.get_closest_marker("django_db") or {"db", "transactional_db"} & fixtures)


def reset_sequences() -> None:
    """Move PostgreSQL's id sequences past the rows each table holds (SQLite needs nothing)."""
    if connection.vendor != "postgresql":
        return
    from django.apps import apps
    from django.core.management.color import no_style

    models = apps.get_models(include_auto_created=True)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _restore_migrated_rows() -> None:
    global _flushed
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        # Empty first: a flush without a serialized rollback re-creates the content types under
        # new ids, and the copy's rows would clash with them.
        from django.core.management import call_command

        call_command(
            "flush",
            interactive=False,
            verbosity=0,
            inhibit_post_migrate=True,
            reset_sequences=False,
        )
        connection.creation.deserialize_db_from_string(contents)
    reset_sequences()
    _flushed = False


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    global _flushed
    yield
    if _transactional(item):
        _flushed = True


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """pytest-django's test database; on PostgreSQL, when bench tests are collected, also a copy
    of it as the migrations left it, for the bench scripts to start from (`migrated_template`).

    Made the moment the test database is migrated: no test has touched it yet and no other
    connection holds it (a template must have none)."""
    items = request.session.items
    wanted = (
        connection.vendor == "postgresql"
        and any(item.get_closest_marker("bench") for item in items)
        and any(_uses_database(item) for item in items)  # else no test database was made
    )
    if wanted:
        with django_db_blocker.unblock():
            connection.close()
            _template_create(connection.settings_dict["NAME"])
    yield
    if wanted:
        with django_db_blocker.unblock():
            _template_drop()


def _template_name() -> str:
    return f"{connection.settings_dict['NAME']}_migrated"


def _template_create(source: str) -> None:
    quote = connection.ops.quote_name
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(_template_name())}")
        cursor.execute(f"CREATE DATABASE {quote(_template_name())} TEMPLATE {quote(source)}")


def _template_drop() -> None:
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(_template_name())}")


@pytest.fixture
def migrated_template(django_db_setup) -> str | None:
    """The name of the database copied from the test database as the migrations left it (on
    PostgreSQL with bench tests collected), else None."""
    if connection.vendor != "postgresql":
        return None
    return _template_name()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo, seeded once per test process (tests/snapshots.py); None on SQLite."""
    from tests.snapshots import take_demo_snapshot

    with django_db_blocker.unblock():
        return take_demo_snapshot()


@pytest.fixture
def demo_data(demo_snapshot):
    """The demo organization in the test's database (put it after `db` or `transactional_db`)."""
    from tests.snapshots import put_back_demo

    put_back_demo(demo_snapshot)


@pytest.fixture(scope="session", autouse=True)
def _no_stray_chromium_download():
    # Playwright must use the system Chromium; never let it fetch a browser of its own.
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    yield


# The personas. Every role has one; names make permission tests read as sentences.


def make_user(username: str, *roles: Role, **fields):
    return UserFactory(username=username, roles=roles, **fields)


@pytest.fixture
def admin_user(db):
    return make_user("ada", Role.ADMIN, first_name="Ada", last_name="Admin", is_staff=True)


@pytest.fixture
def core_team_user(db):
    return make_user("carol", Role.CORE_TEAM, first_name="Carol", last_name="Core")


@pytest.fixture
def executive_user(db):
    return make_user("erin", Role.EXECUTIVE, first_name="Erin", last_name="Exec")


@pytest.fixture
def steering_user(db):
    return make_user("sam", Role.STEERING_COMMITTEE, first_name="Sam", last_name="Steer")


@pytest.fixture
def wg_member_user(db):
    return make_user("wendy", Role.WORKING_GROUP_MEMBER, first_name="Wendy", last_name="Worker")


@pytest.fixture
def viewer_user(db):
    return make_user("vic", Role.VIEWER, first_name="Vic", last_name="Viewer")


@pytest.fixture
def no_role_user(db):
    return make_user("nora", first_name="Nora", last_name="Nobody")


@pytest.fixture
def persona(request, db):
    """Parametrize with a role value to get the persona holding it: `persona` indirect."""
    return make_user(f"persona-{request.param.lower().replace(' ', '-')}", Role(request.param))


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def browser_page():
    """A page in the system Chromium (never a downloaded browser), collecting console errors.

    Tests using it also need a live_server and `django_db(transaction=True,
    serialized_rollback=True)`, so the rows the migrations seed survive for later tests.
    """
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.console_errors = errors
        yield page
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _release_test_database(django_db_setup, django_db_blocker):
    """Let the test database be dropped at the end on PostgreSQL.

    The live server answers browser requests on daemon threads; one kept alive past its test
    can hold a connection to the test database, and PostgreSQL refuses to drop a database in
    use. Only sessions on the test database itself are ended.
    """
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def deliver(django_capture_on_commit_callbacks, monkeypatch):
    """`with deliver(): ...` runs what the block queues for after its commit (the notification
    e-mail task) when the block ends, in this process, as a worker would."""
    from cxgov.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    return lambda: django_capture_on_commit_callbacks(execute=True)
