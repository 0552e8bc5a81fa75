"""Helpers every app's services use: an allow-list update and a validated save.

A service says which fields a caller may change (`model_update(fields=...)`); anything else in
the input is refused by name rather than silently set, so a state field (a body's
`disbanded_on`, a charter's status) can only move through its workflow service.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

M = TypeVar("M", bound=models.Model)


def validated_save(instance: M) -> M:
    """Run every model rule (fields, clean(), constraints), then save."""
    instance.full_clean()
    instance.save()
    return instance


def model_update(*, instance: M, fields: Iterable[str], data: Mapping[str, Any]) -> tuple[M, bool]:
    """Set the allowed `fields` present in `data` on `instance`, validate and save if any changed.

    A key in `data` outside `fields` is refused with a message naming it. Returns the instance
    and whether anything changed.
    """
    allowed = set(fields)
    refused = sorted(set(data) - allowed)
    if refused:
        raise ValidationError(dict.fromkeys(refused, "This field cannot be changed here."))
    changed = False
    for name, value in data.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    if changed:
        validated_save(instance)
    return instance, changed
