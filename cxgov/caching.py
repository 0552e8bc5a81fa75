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

import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .dates import today

T = TypeVar("T")

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
