"""Cached reads of what changes rarely and is read on every page: the homes' KPI panels, the
portfolio's health counts, the line of sight's flags, and whole pages (`PageCacheMiddleware`).

Every entry is keyed by one data version, which every write bumps at once and again when its
transaction commits (`data_changed`), never by time alone, so nobody's next request misses
their own write, nor another person's. The writes are seen where they all pass: every SQL
statement a connection runs (`watch_writes`, installed on each connection as it opens), so a
save, a queryset's update, a bulk insert and raw SQL count alike, whichever door they came
by; only the tables no page shows (sessions, login throttling, the beat's schedule, the
outbox) are left out. COPY bypasses the statement hook (the importer's fills a temporary
staging table; its INSERT into the responses is seen); a COPY into a shown table would call
`data_changed` itself. The day is part of each key as well, for the reads that depend on
today (what is stale, overdue, the latest complete period).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import redis
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction
from django.db.backends.signals import connection_created
from django.http import HttpResponse

from .dates import today

T = TypeVar("T")
log = logging.getLogger(__name__)

VERSION_KEY = "cxgov:data-version"
# The entries' own lifetime only bounds the memory they hold: a newer version makes them unused
# at once, a day makes them unused at midnight.
ENTRY_SECONDS = 24 * 60 * 60


def data_version() -> int:
    """The current version. A fresh one (the clock's nanoseconds) when the cache has none,
    so a version evicted or lost with a restart never brings back an older entry."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (evicted, or never read): any fresh version will do
        cache.add(VERSION_KEY, time.time_ns(), None)


def data_changed(using: str | None = None) -> None:
    """Make every cached read stale now and again when the current transaction commits (once
    a transaction, outside one just now). Now: the writer's own next read in the transaction
    sees its write. At commit: a reader that cached the old rows meanwhile (under the new
    version) is left behind. A rolled-back write costs a fresh read, nothing more."""
    _bump()
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return
    # Once per transaction and savepoint: a rolled-back savepoint drops its own callbacks.
    savepoints = set(connection.savepoint_ids)
    if not any(f is _bump and s == savepoints for s, f, _ in connection.run_on_commit):
        connection.on_commit(_bump, robust=True)


# -- Which statements change what pages show -------------------------------------------------

# Tables no page shows, whose writes leave every cached read as it was: the session store
# (written on every login and many requests), login throttling, the beat's schedule (written
# at every tick), the outbox's delivery bookkeeping, the migrations' ledger.
UNSHOWN_TABLES = re.compile(
    r"^(django_session|django_migrations|django_celery_beat_|django_celery_results_|axes_"
    r"|cxgov_outboxmessage)"
)
# A login stamps the person's last login: nothing shown.
LAST_LOGIN = 'UPDATE "auth_user" SET "last_login" = '
_WRITTEN_TABLE = re.compile(
    r'\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?"?(\w+)"?',
    re.IGNORECASE,
)
_WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCA", "WITH", "MERGE")
# What follows UPDATE where it names no table: ON CONFLICT DO UPDATE SET, FOR UPDATE [OF,
# SKIP LOCKED, NOWAIT].
_NOT_TABLES = {"SET", "OF", "SKIP", "NOWAIT"}


def writes_shown_data(sql: str) -> bool:
    """Whether a statement may change what a page shows: a write to any table but those in
    UNSHOWN_TABLES. A read (most statements) is told by its first word alone."""
    if not sql[:1].isalpha():
        sql = sql.lstrip()
    if not sql[:6].upper().startswith(_WRITES) or sql.startswith(LAST_LOGIN):
        return False
    tables = [t for t in _WRITTEN_TABLE.findall(sql) if t.upper() not in _NOT_TABLES]
    return any(not UNSHOWN_TABLES.match(table.lower()) for table in tables)


def watch_writes(execute, sql, params, many, context):
    """A connection's execute wrapper: runs the statement, then bumps the version when it
    wrote what a page may show."""
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and writes_shown_data(sql):
        data_changed(context["connection"].alias)
    return result


def _install(sender, connection, **kwargs) -> None:
    # First in the list: Django's own `execute_wrapper()` pops the last one when it ends, and
    # a connection may open inside one.
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, watch_writes)


connection_created.connect(_install, dispatch_uid="cxgov.caching.watch_writes")


def cached(name: str, *parts: Any, compute: Callable[[], T]) -> T:
    """`compute()`'s value for `name` and `parts` (the user's id, a filter) at the current data
    version and day: read from the cache, or computed and stored."""
    key = ":".join(["cxgov", name, str(data_version()), today().isoformat(), *map(str, parts)])
    stored = cache.get(key)  # a one-item tuple, so a value of None is cached too
    if stored is None:
        stored = (compute(),)
        cache.set(key, stored, ENTRY_SECONDS)
    return stored[0]


# -- Whole pages --------------------------------------------------------------------------------


def cached_page(view: Callable) -> Callable:
    """Marks a page whose answer `PageCacheMiddleware` keeps for the person who asked, until
    the data changes. Only for pages that read and show nothing but the database's rows, the
    person and the day (no form state, no clock beyond the day, no writes on GET). An API
    viewset says the same with `cached_actions = ("list", ...)`."""
    view.cached_page = True
    return view


def _page_cacheable(view_func: Callable) -> bool:
    """Whether a GET of `view_func` may be kept: a page marked `cached_page`, or a viewset's
    action it names in `cached_actions`."""
    if getattr(view_func, "cached_page", False):
        return True
    viewset, actions = getattr(view_func, "cls", None), getattr(view_func, "actions", None)
    return bool(actions) and actions.get("get") in getattr(viewset, "cached_actions", ())


# A page may also change with the clock within a day (a meeting begins, a pack turns late):
# its entries are kept for this many seconds at most.
PAGE_CLOCK_SECONDS = 300


class PageCacheMiddleware:
    """Answers a marked page (`cached_page`) from the cache when the same person, in the same
    session, asked for the same address at the same data version, day and five minutes.

    Kept only for a signed-in person in a session (never an API token: a revoked token must
    stop at once), with a valid CSRF cookie (the page's forms carry a token for that cookie),
    no message waiting to be shown, and a plain 200 that sets no cookie. The key holds the
    version, the day, the person, a hash of the session key and of the CSRF cookie, the address
    with its query, and the headers that change the answer (htmx's, Accept)."""

    HEADERS = ("HTTP_ACCEPT", "HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_BOOSTED")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and self._storable(request, response):
            headers = {k: v for k, v in response.items() if k.lower() != "set-cookie"}
            stored = (response.status_code, headers, response.content)
            cache.set(key, stored, PAGE_CLOCK_SECONDS)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.PAGE_CACHE or request.method != "GET" or not _page_cacheable(view_func):
            return None
        key = self._key(request)
        if key is None:
            return None
        stored = cache.get(key)
        if stored is None:
            request._page_cache_key = key
            return None
        status, headers, content = stored
        response = HttpResponse(content, status=status)
        for name, value in headers.items():
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response

    def _key(self, request) -> str | None:
        user = request.user
        session_key = request.session.session_key
        csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
        if not user.is_authenticated or not session_key or not csrf:
            return None
        if request.META.get("CSRF_COOKIE") != csrf or _messages_waiting(request):
            return None
        digest = hashlib.sha256(
            "\0".join(
                [
                    str(user.pk),
                    session_key,
                    csrf,
                    request.get_full_path(),
                    *(request.META.get(h, "") for h in self.HEADERS),
                ]
            ).encode()
        ).hexdigest()
        clock = int(time.time() // PAGE_CLOCK_SECONDS)
        return f"cxgov:page:{data_version()}:{today().isoformat()}:{clock}:{digest}"

    @staticmethod
    def _storable(request, response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not _messages_waiting(request)
        )


def _messages_waiting(request) -> bool:
    """A message from the last action is waiting (in the session or its cookie): the page that
    shows it is rendered for it, and neither read from nor kept in the cache."""
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "_queued_messages", None):
        return True
    return bool(request.session.get("_messages") or request.COOKIES.get("messages"))


OUTAGE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
# How many keys an outage may leave unsynced before the backend forgets them and drops the
# data version instead (every cached read is then recomputed once).
UNSYNCED_LIMIT = 100_000


class _OneClientAPool(RedisCacheClient):
    """Django makes a new `redis.Redis` for every cache call, filling its table of response
    callbacks each time: a tenth of a millisecond, three calls a request (the session, the data
    version, the page). One client a pool serves every thread alike: it takes a connection
    from the pool for each command."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class ForgivingRedisCache(RedisCache):
    """Django's Redis cache, but an unreachable Redis is a miss, never an error: pages (and the
    sessions read through the cache) keep working on the database while Redis is down.

    A write that could not reach Redis (a set, a delete, the version's bump) leaves a key that
    may hold an older value when Redis is back. The process remembers each such key and deletes
    it before its first operation that reaches Redis again, so a session ended during the outage
    is not read back, and a lost bump of the data version drops the version, which makes every
    cached read stale. Another process's reads may still see such a key until this process
    makes its next cache call."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _OneClientAPool

    # One set per process, shared by every thread's instance: mutated in place, never rebound.
    _unsynced: set[tuple[str, int | None]] = set()
    _lock = threading.Lock()

    def _forgive(self, method: str, default: Any, keys: Iterable[str], version, *args, **kwargs):
        self._resync()
        try:
            return getattr(super(), method)(*args, **kwargs)
        except OUTAGE as error:
            log.warning("cache unreachable (%s): %s answers without it", error, method)
            if method not in ("get", "get_many", "has_key"):
                self._lost(keys, version)
            return default

    @classmethod
    def _lost(cls, keys: Iterable[str], version) -> None:
        with cls._lock:
            cls._unsynced.update((key, version) for key in keys)
            cls._unsynced.add((VERSION_KEY, None))
            if len(cls._unsynced) > UNSYNCED_LIMIT:
                cls._unsynced.clear()
                cls._unsynced.add((VERSION_KEY, None))

    def _resync(self) -> None:
        if not self._unsynced:
            return
        with self._lock:
            pending = set(self._unsynced)
        try:
            for key, version in pending:
                super().delete(key, version=version)
        except OUTAGE:
            return
        with self._lock:
            self._unsynced.difference_update(pending)
        log.warning(
            "cache reachable again: %d keys written during the outage dropped", len(pending)
        )

    def get(self, key, default=None, version=None):
        return self._forgive("get", default, [key], version, key, default, version)

    def get_many(self, keys, version=None):
        return self._forgive("get_many", {}, keys, version, keys, version)

    def has_key(self, key, version=None):
        return self._forgive("has_key", False, [key], version, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgive("set", None, [key], version, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgive("add", False, [key], version, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgive("set_many", list(data), list(data), version, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgive("touch", False, [key], version, key, timeout, version)

    def delete(self, key, version=None):
        return self._forgive("delete", False, [key], version, key, version)

    def delete_many(self, keys, version=None):
        return self._forgive("delete_many", None, list(keys), version, keys, version)

    def incr(self, key, delta=1, version=None):
        value = self._forgive("incr", None, [key], version, key, delta, version)
        if value is None:
            raise ValueError(f"Key '{key}' could not be incremented: the cache is unreachable.")
        return value
