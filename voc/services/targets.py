"""KPI targets: set on a success statement, changed, removed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from cxgov.concurrency import claim
from cxgov.services import model_update, validated_save

from ..errors import VocError
from ..models import (
    DimensionKind,
    Granularity,
    KpiTarget,
    Metric,
)
from ..permissions import can_manage_targets

# What an existing target may change: its numbers, dates, period and note. Its success
# statement, metric and scope say what the target is about: remove it and set a new one.
TARGET_FIELDS = (
    "granularity",
    "baseline_value",
    "baseline_period_start",
    "target_value",
    "target_date",
    "note",
)
TARGET_FIXED = ("success_statement", "metric", "dimension_kind", "dimension_id")


@transaction.atomic
def target_create(
    *,
    by: Any,
    success_statement: Any,
    metric: Metric,
    dimension_kind: str = DimensionKind.OVERALL,
    dimension_id: int = 0,
    granularity: str = Granularity.MONTH,
    baseline_value: float,
    baseline_period_start: dt.date,
    target_value: float,
    target_date: dt.date,
    note: str = "",
) -> KpiTarget:
    """Set a KPI target on a success statement: the metric, its scope (overall, or one
    touchpoint's, channel's, segment's or business unit's), the baseline with the first day
    of its period, and the value to reach by a date. The model's rules refuse the rest."""
    can_manage_targets.enforce(by)
    target = KpiTarget(
        success_statement=success_statement,
        metric=metric,
        dimension_kind=dimension_kind or DimensionKind.OVERALL,
        dimension_id=dimension_id or 0,
        granularity=granularity,
        baseline_value=baseline_value,
        baseline_period_start=baseline_period_start,
        target_value=target_value,
        target_date=target_date,
        note=(note or "").strip(),
    )
    target._history_user = by  # the history names who set it, from a page, the API or a task
    return validated_save(target)


@transaction.atomic
def target_update(
    *, target: KpiTarget, by: Any, data: dict[str, Any], version_read: int | None = None
) -> KpiTarget:
    """Change a target's values, dates, period or note. Its statement, metric and scope stay:
    remove the target and set a new one to measure something else. With `version_read` (the
    one the person read), a change made since is an EditConflict and nothing is saved."""
    can_manage_targets.enforce(by, target)
    claim(target, version=version_read)
    fixed = {
        name: f"A target keeps its {name.replace('_', ' ')}; remove it and set a new one."
        for name in TARGET_FIXED
        if name in data and data[name] != getattr(target, name)
    }
    if fixed:
        raise ValidationError(fixed)
    data = {k: v for k, v in data.items() if k not in TARGET_FIXED}
    if "note" in data:
        data["note"] = (data["note"] or "").strip()
    target._history_user = by
    return model_update(instance=target, fields=TARGET_FIELDS, data=data)[0]


@transaction.atomic
def target_delete(*, target: KpiTarget, by: Any) -> None:
    """Remove a target no initiative links to (a link is the initiative's promise to move it:
    unlink those first)."""
    can_manage_targets.enforce(by, target)
    target._history_user = by
    try:
        target.delete()
    except ProtectedError as refusal:
        count = len({getattr(o, "initiative_id", o.pk) for o in refusal.protected_objects})
        who = "1 initiative links" if count == 1 else f"{count} initiatives link"
        raise VocError(
            f"{who} to this target: remove the link{'s' if count != 1 else ''} on the "
            f"initiative{'s' if count != 1 else ''} first, then remove the target.",
            field="target",
        ) from refusal
