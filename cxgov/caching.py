"""Cached reads of what changes rarely and is read on every page: the homes' KPI panels, the
portfolio's health counts, the line of sight's flags.

Every entry is keyed by one data version, which every write bumps at once and again when its
transaction commits (`data_changed`), never by time alone, so nobody's next request misses
their own write, nor another person's. Apps register the models whose writes count
(`watch_models`, at startup): a save or delete of any of them bumps the version through one
receiver, whichever door it came by; services that write in bulk (COPY, raw SQL, bulk inserts)
call `data_changed` themselves. The day is part of each key as well, for the reads that
depend on today (what is stale, overdue, the latest complete period).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import redis
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .dates import today

T = TypeVar("T")
log = logging.getLogger(__name__)

VERSION_KEY = "cxgov:data-version"
# The entries' own lifetime only bounds the memory they hold: a newer version makes them unused
# at once, a day makes them unused at midnight.
ENTRY_SECONDS = 24 * 60 * 60
# A save of these fields only changes nothing a cached read shows (a login stamps last_login).
IGNORED_FIELDS = {"last_login"}


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


def data_changed() -> None:
    """Make every cached read stale now and again when the current transaction commits (once,
    outside one). Now: the writer's own next read in the transaction sees its write. At commit:
    a reader that cached the old rows meanwhile (under the new version) is left behind. A
    rolled-back write costs a fresh read, nothing more."""
    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump, robust=True)


def cached(name: str, *parts: Any, compute: Callable[[], T]) -> T:
    """`compute()`'s value for `name` and `parts` (the user's id, a filter) at the current data
    version and day: read from the cache, or computed and stored."""
    key = ":".join(["cxgov", name, str(data_version()), today().isoformat(), *map(str, parts)])
    stored = cache.get(key)  # a one-item tuple, so a value of None is cached too
    if stored is None:
        stored = (compute(),)
        cache.set(key, stored, ENTRY_SECONDS)
    return stored[0]


def _changed(sender, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= IGNORED_FIELDS:
        return
    data_changed()


def watch_models(models: Iterable[type]) -> None:
    """A save, a delete or a many-to-many change of any of these models bumps the version."""
    for model in models:
        uid = f"cxgov.caching:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _changed, sender=field.remote_field.through, dispatch_uid=f"{uid}.{field.name}"
            )


OUTAGE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
# How many keys an outage may leave unsynced before the backend forgets them and drops the
# data version instead (every cached read is then recomputed once).
UNSYNCED_LIMIT = 100_000


class ForgivingRedisCache(RedisCache):
    """Django's Redis cache, but an unreachable Redis is a miss, never an error: pages (and the
    sessions read through the cache) keep working on the database while Redis is down.

    A write that could not reach Redis (a set, a delete, the version's bump) leaves a key that
    may hold an older value when Redis is back. The process remembers each such key and deletes
    it before its first operation that reaches Redis again, so a session ended during the outage
    is not read back, and a lost bump of the data version drops the version, which makes every
    cached read stale. Another process's reads may still see such a key until this process
    makes its next cache call."""

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
