"""Target links: the KPI targets an initiative moves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from cxgov.services import model_update, validated_save

from .. import permissions as rules
from ..models import Initiative, TargetLink

User = AbstractBaseUser


TARGET_LINK_FIELDS = ("expected_change", "direction", "expected_by", "note")


def _visible_target(*, by: User, target: Any) -> Any:
    """The target, if `by` may see it; refused on the `target` field otherwise, with the
    same words as for one that does not exist."""
    from django.apps import apps

    KpiTarget = apps.get_model("voc", "KpiTarget")
    if target is None or not KpiTarget.objects.for_user(by).filter(pk=target.pk).exists():
        raise ValidationError({"target": "Choose a KPI target from the list; this one is unknown."})
    return target


@transaction.atomic
def target_link_create(
    *,
    by: User,
    initiative: Initiative,
    target: Any,
    expected_change: float,
    expected_by: dt.date,
    direction: str | None = None,
    note: str = "",
) -> TargetLink:
    """Link `initiative` to a KPI target it is meant to move, with the change it expects (a
    positive number in the metric's unit) and by when. `direction` defaults to the way the
    metric gets better; the other way is refused."""
    from ..models import BETTER_CHANGE

    rules.can_edit_initiative.enforce(by, initiative)
    target = _visible_target(by=by, target=target)
    if not direction:
        direction = BETTER_CHANGE[target.metric.direction]
    return validated_save(
        TargetLink(
            initiative=initiative,
            target=target,
            expected_change=expected_change,
            direction=direction,
            expected_by=expected_by,
            note=(note or "").strip(),
        )
    )


@transaction.atomic
def target_link_update(*, link: TargetLink, by: User, data: Mapping[str, Any]) -> TargetLink:
    """Change what a link expects; its initiative and target stay (remove it and link anew)."""
    rules.can_edit_initiative.enforce(by, link.initiative)
    fixed = {
        name: f"A link stays with its {name}; remove it and add a new one."
        for name in ("initiative", "target")
        if name in data and data[name] != getattr(link, name)
    }
    if fixed:
        raise ValidationError(fixed)
    data = {k: v for k, v in data.items() if k not in ("initiative", "target")}
    if "note" in data:
        data["note"] = (data["note"] or "").strip()
    return model_update(instance=link, fields=TARGET_LINK_FIELDS, data=data)[0]


@transaction.atomic
def target_link_delete(*, link: TargetLink, by: User) -> None:
    rules.can_edit_initiative.enforce(by, link.initiative)
    link.delete()
