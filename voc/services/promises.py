"""CX promises: recorded and changed by the core team; the daily promise check tells the core
team of each promise that reality contradicts, once per promise and period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from cxgov.notifications import notify
from cxgov.roles import Role
from cxgov.services import model_update, validated_save

from .. import selectors
from ..models import Promise
from ..notifications import PROMISE_CONTRADICTED
from ..permissions import can_manage_promises

PROMISE_FIELDS = ("statement", "touchpoint", "metric", "note", "is_active")


def promise_create(*, by: Any, **data: Any) -> Promise:
    """Record a promise; the model's rules name what is refused (an operational figure, a
    retired touchpoint or metric, a statement recorded already)."""
    can_manage_promises.enforce(by)
    refused = sorted(set(data) - set(PROMISE_FIELDS))
    if refused:
        raise ValidationError(dict.fromkeys(refused, "This field cannot be set here."))
    with transaction.atomic():
        return validated_save(Promise(created_by=by, **data))


def promise_update(*, promise: Promise, by: Any, data: Mapping[str, Any]) -> Promise:
    can_manage_promises.enforce(by)
    with transaction.atomic():
        promise, _ = model_update(instance=promise, fields=PROMISE_FIELDS, data=data)
    return promise


def core_team() -> Any:
    """Who hears of a contradicted promise: the active members of the core CX team."""
    return get_user_model().objects.filter(groups__name=Role.CORE_TEAM, is_active=True).distinct()


def promises_check(*, on: dt.date | None = None) -> int:
    """Daily: every active promise against its last complete period; each one reality
    contradicts (outside the noise) is told to every member of the core team once per
    promise and period (the notification log's unique row: a doubled beat or a second worker
    sends nothing more). Returns how many notices were sent now."""
    sent = 0
    people = list(core_team())
    for reading in selectors.promise_board(on=on, active_only=True):
        if not reading.contradicted:
            continue
        promise = reading.promise
        for person in people:
            with transaction.atomic():
                sent += (
                    notify(
                        recipient=person,
                        kind=PROMISE_CONTRADICTED,
                        occasion=reading.occasion,
                        subject=f"Promise contradicted: {promise.statement}"[:200],
                        body=f'We promise customers: "{promise.statement}"\n\n{reading.sentence}',
                        link=promise.get_absolute_url(),
                    )
                    is not None
                )
    return sent
