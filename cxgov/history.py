"""Audit history as a page shows it: who changed what, when, field by field.

Works for any model with django-simple-history's `history`: bodies, charters, missions, success
statements, initiatives, targets and cases. One query for the records; foreign keys named in
`related` are joined in that same query. Pages show the entries with the one partial,
`{% include "includes/history.html" with history=entries %}`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model
from simple_history.models import DeletedObject

from .people import person_name


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: Any
    action: str
    changes: list[str]
    # Why, where the service said (simple-history's change reason: a case's note).
    note: str = ""


def _shown(field, value: Any) -> str:
    # simple-history reports an empty foreign key as a DeletedObject whose pk is None.
    if value in (None, "") or (isinstance(value, DeletedObject) and value.pk is None):
        return "—"
    if isinstance(value, AbstractBaseUser):
        return person_name(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, dt.datetime):
        return f"{value:%-d %b %Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%-d %b %Y}"
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def change_text(model: type[Model], field_name: str, old: Any, new: Any) -> str:
    """ "Label: old → new", with choices shown by label and dates spelt out."""
    field = model._meta.get_field(field_name)
    label = str(field.verbose_name).capitalize()
    return f"{label}: {_shown(field, old)} → {_shown(field, new)}"


# Bookkeeping columns a person did not change (cxgov.concurrency's version).
NOT_SHOWN = ["version"]


def _not_shown(model: type[Model]) -> list[str]:
    names = {f.name for f in model._meta.concrete_fields}
    return [name for name in NOT_SHOWN if name in names]


ACTIONS = {"+": "Created", "-": "Deleted", "~": "Changed"}


def history_entries(
    *,
    obj: Model,
    limit: int = 20,
    related: tuple[str, ...] = (),
    newer_than: dict[str, Any] | None = None,
) -> list[HistoryEntry]:
    """`obj`'s latest changes, newest first, each with what changed. One query (two with
    `newer_than`, a filter on the records, e.g. `{"version__gt": 3}`: the changes since)."""
    model = type(obj)
    history = obj.history.select_related("history_user", *related)
    if newer_than:
        records = list(history.filter(**newer_than)[:limit])
        if not records:
            return []
        # The record before the oldest shown, which the oldest is diffed with.
        records += list(history.filter(history_id__lt=records[-1].history_id)[:1])
    else:
        # One record more than shown, so the oldest shown change can be diffed too.
        records = list(history[: limit + 1])
    entries = []
    for record, previous in zip(records[:limit], [*records[1:], None], strict=False):
        changes: list[str] = []
        if record.history_type == "~" and previous is not None:
            changes = [
                change_text(model, c.field, c.old, c.new)
                for c in record.diff_against(
                    previous, foreign_keys_are_objs=True, excluded_fields=_not_shown(model)
                ).changes
            ]
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=ACTIONS.get(record.history_type, "Changed"),
                changes=changes,
                note=record.history_change_reason or "",
            )
        )
    return entries
