"""Optimistic locking: no edit lost to a concurrent one.

A record people edit side by side (an initiative, a charter version, a KPI target, a
membership, a closed-loop case) is `Versioned`: it carries a `version`, and every write through
a service first `claim`s the record with one conditional UPDATE, `SET version = version + 1
WHERE id = ... AND version = <the version the person read>`. A write made from a stale read
changes 0 rows and is refused with `EditConflict`, which holds the record as it now stands and
says what changed since, and by whom (from its history). The claim also locks the row until
the service's transaction ends, so two writers in flight are put in line and the second one
sees the first one's version. A write with no version to check (a scheduled job, the demo)
still bumps it, so a person's stale form never overwrites a job's change either.

Services take the version a person read as `version_read=` (None: a write with nothing to
check, which still bumps it). Every door hands it over: the pages (a hidden
`cxgov.forms.VersionField`; a conflict redraws the form with the input kept, the message on
top and the stored version in the field), the API (`cxgov.api.serializers.VersionField`,
required by PATCH and PUT; a conflict is a 409 with the record as it is now, see
`cxgov.api.exceptions`), the admin (`cxgov.admin.VersionedAdmin`).
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F

from .errors import DomainError
from .history import HistoryEntry, history_entries
from .people import person_name

VERSION_HELP = (
    "Counts the record's changes. Send back the version you read with a change: if someone "
    "changed the record since, the change is refused with the record as it is now."
)


class Versioned(models.Model):
    """The `version` column; set by `claim` only (a raw INSERT starts it at 1 too)."""

    version = models.PositiveIntegerField(
        default=1, db_default=1, editable=False, validators=[MinValueValidator(1)],
        help_text=VERSION_HELP,
    )  # fmt: skip

    class Meta:
        abstract = True


class EditConflict(DomainError):
    """A write made from a stale read: `current` is the record as stored now (its `version`
    is the one to send back), `changes` what happened since the version the writer read."""

    def __init__(self, *, current: Versioned, read: int):
        self.current = current
        self.version = current.version
        self.read = read
        self.changes = changes_since(current, read)
        super().__init__(conflict_message(current, read, self.changes), field="version")


def changes_since(obj: Versioned, version: int, *, limit: int = 10) -> list[HistoryEntry]:
    """The recorded changes that took `obj` past `version`, newest first (a change of a
    many-to-many field alone bumps the version without a history record of its own)."""
    if not hasattr(obj, "history"):
        return []
    entries = history_entries(obj=obj, limit=limit, newer_than={"version__gt": version})
    return [entry for entry in entries if entry.changes or entry.action != "Changed"]


def conflict_message(obj: Any, read: int, changes: list[HistoryEntry]) -> str:
    label = obj._meta.verbose_name
    head = (
        f"This {label} was changed by someone else since you opened it (you had version "
        f"{read}, it is now at version {obj.version}), so your change was not saved."
    )
    said = []
    for entry in changes:
        who = person_name(entry.who) if entry.who is not None else "The system (no person)"
        what = "; ".join(entry.changes) or entry.action.lower()
        said.append(f"{who}, {entry.when:%-d %b %Y %H:%M}: {what}.")
    return " ".join([head, *said])


def claim(instance: Versioned, *, version: int | None = None) -> int:
    """Take `instance`'s row for a write and bump its version; return the new version (also
    set on `instance`). With `version` (what the writer read), a stored version other than it
    raises EditConflict and nothing is written. Call it inside the write's transaction, before
    the write, also for a change of a many-to-many field alone."""
    model = type(instance)
    rows = model._base_manager.filter(pk=instance.pk)
    if version is None:
        rows.update(version=F("version") + 1)
        instance.version = rows.values_list("version", flat=True).get()
        return instance.version
    if not rows.filter(version=version).update(version=F("version") + 1):
        current = model._base_manager.get(pk=instance.pk)  # DoesNotExist if it is gone
        raise EditConflict(current=current, read=version)
    instance.version = version + 1
    return instance.version
