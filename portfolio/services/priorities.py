"""Strategic priorities: the steering committee sets them for a period."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from cxgov.services import model_update, validated_save

from .. import permissions as rules
from ..models import StrategicPriority

User = AbstractBaseUser


# Strategic priorities

PRIORITY_FIELDS = ("title", "description", "period", "is_active", "position")


@transaction.atomic
def priority_create(
    *,
    by: User,
    title: str,
    period: str,
    description: str = "",
    is_active: bool = True,
    position: int = 0,
) -> StrategicPriority:
    rules.can_set_priorities.enforce(by)
    return validated_save(
        StrategicPriority(
            title=title,
            description=description,
            period=period,
            is_active=is_active,
            position=position,
        )
    )


@transaction.atomic
def priority_update(
    *, priority: StrategicPriority, by: User, data: Mapping[str, Any]
) -> StrategicPriority:
    rules.can_set_priorities.enforce(by)
    return model_update(instance=priority, fields=PRIORITY_FIELDS, data=data)[0]
