"""Initiatives and their workflow: proposing, editing and moving an initiative along
`Initiative.TRANSITIONS`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from cxgov.concurrency import claim
from cxgov.dates import today
from cxgov.services import model_update, validated_save
from governance.models import BusinessUnit, GovernanceBody

from .. import permissions as rules
from ..errors import PortfolioError
from ..models import ACTIVE_STATUSES, FOCUS_FIELD, Initiative, Status, StrategicPriority
from .editors import initiative_editors_sync
from .focus import focus_check

User = AbstractBaseUser


INITIATIVE_FIELDS = (
    "title",
    "description",
    "owner",
    "working_group",
    "business_unit",
    "driven_by",
    "formed_group",
    "start_date",
    "target_date",
    "budget",
    "expected_benefit",
    "realized_benefit",
    "needs_help",
    "help_reason",
)
# Set only by their workflow: the transition service and status updates.
INITIATIVE_STATE_FIELDS = (
    "progress",
    "status",
    "status_changed_on",
    "status_reason",
    "approved_by",
    "approved_on",
    "health",
    "last_update_on",
)


def _require(value: Any, field: str, message: str) -> None:
    if value is None:
        raise ValidationError({field: message})


@transaction.atomic
def initiative_propose(
    *,
    by: User,
    title: str,
    working_group: GovernanceBody,
    owner: Any,
    business_unit: BusinessUnit,
    start_date: dt.date,
    target_date: dt.date,
    description: str = "",
    priorities: Iterable[StrategicPriority] = (),
    themes: Iterable[Any] = (),
    driven_by: str = "business",
    formed_group: GovernanceBody | None = None,
    budget: Decimal | None = None,
    expected_benefit: Decimal | None = None,
) -> Initiative:
    """Propose an initiative in a working group; its members may edit it from now on."""
    rules.can_propose_initiative.enforce(by, working_group)
    _require(owner, "owner", "Name the initiative's owner.")
    _require(business_unit, "business_unit", "Choose the business unit it serves.")
    initiative = validated_save(
        Initiative(
            title=title,
            description=description,
            owner=owner,
            working_group=working_group,
            business_unit=business_unit,
            driven_by=driven_by,
            formed_group=formed_group,
            start_date=start_date,
            target_date=target_date,
            budget=budget,
            expected_benefit=expected_benefit,
            status=Status.PROPOSED,
            status_changed_on=today(),
        )
    )
    initiative.priorities.set(list(priorities))
    initiative.themes.set(list(themes))
    initiative_editors_sync(initiative=initiative)
    return initiative


@transaction.atomic
def initiative_update(
    *, initiative: Initiative, by: User, data: Mapping[str, Any], version_read: int | None = None
) -> Initiative:
    """Change an initiative's fields (not its status: see initiative_transition). Moving it to
    another working group hands the right to edit it to that group's members. With `version_read`
    (the one the person read), a change made since is an EditConflict and nothing is saved.
    Handing an active initiative to a group, unit or owner over its focus limit needs
    `focus_reason` in `data` (focus_check)."""
    rules.can_edit_initiative.enforce(by, initiative)
    claim(initiative, version=version_read)
    data = dict(data)
    focus_reason = data.pop("focus_reason", "")
    state = sorted(name for name in INITIATIVE_STATE_FIELDS if name in data)
    if state:
        raise ValidationError(
            dict.fromkeys(
                state,
                "Set by the workflow: change the status through a transition, health and "
                "progress through a status update.",
            )
        )
    priorities = data.pop("priorities", None)
    themes = data.pop("themes", None)
    if "owner" in data:
        _require(data["owner"], "owner", "Name the initiative's owner.")
    if "business_unit" in data:
        _require(data["business_unit"], "business_unit", "Choose the business unit it serves.")
    if "working_group" in data and data["working_group"] != initiative.working_group:
        # A member may hand their initiative on only to a group they also serve on.
        rules.can_propose_initiative.enforce(by, data["working_group"])
    if data.get("needs_help") is False:
        data.setdefault("help_reason", "")
    moved_group = "working_group" in data and data["working_group"] != initiative.working_group
    moved = [
        kind
        for kind, field in FOCUS_FIELD.items()
        if field in data and data[field] != getattr(initiative, field)
    ]
    initiative, _changed = model_update(instance=initiative, fields=INITIATIVE_FIELDS, data=data)
    if moved:
        focus_check(initiative=initiative, by=by, reason=focus_reason, kinds=moved)
    _check_milestones_inside(initiative)
    _check_target_links_after_start(initiative)
    if priorities is not None:
        initiative.priorities.set(list(priorities))
    if themes is not None:
        initiative.themes.set(list(themes))
    if moved_group:
        initiative_editors_sync(initiative=initiative)
    return initiative


def _check_milestones_inside(initiative: Initiative) -> None:
    outside = initiative.milestones.exclude(
        due_on__gte=initiative.start_date, due_on__lte=initiative.target_date
    ).order_by("due_on")
    if outside.exists():
        names = ", ".join(f"{m.title} ({m.due_on:%-d %b %Y})" for m in outside[:5])
        raise ValidationError(
            {"target_date": f"These milestones would fall outside the new dates: {names}."}
        )


def _check_target_links_after_start(initiative: Initiative) -> None:
    early = initiative.target_links.filter(expected_by__lt=initiative.start_date).select_related(
        "target__metric"
    )
    if early.exists():
        names = ", ".join(
            f"{link.target.metric} by {link.expected_by:%-d %b %Y}" for link in early[:5]
        )
        raise ValidationError(
            {
                "start_date": "These KPI changes would be expected before the initiative "
                f"starts: {names}. Move their dates first."
            }
        )


@transaction.atomic
def initiative_transition(
    *,
    initiative: Initiative,
    to_status: str,
    by: User,
    reason: str = "",
    version_read: int | None = None,
    focus_reason: str = "",
) -> Initiative:
    """Move an initiative along its workflow (Initiative.TRANSITIONS).

    Approving is for exactly the people who hold the decision right on "approve-initiative";
    every other move is for those who may edit the initiative. Putting it on hold and
    cancelling need a reason. With `version_read`, a change made since it was read is refused.
    A move that makes it active over a focus limit needs `focus_reason` (focus_check), kept
    with the load and the limit.
    """
    claim(initiative, version=version_read)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    rules.can_move_initiative.enforce(by, initiative)
    if to_status not in Status.values:
        raise PortfolioError(
            f"{to_status!r} is not a status; choose one of {', '.join(Status.values)}.",
            field="to_status",
        )
    target = Status(to_status)
    if target == initiative.status:
        raise PortfolioError(f"{initiative} is already {target.label.lower()}.", field="to_status")
    allowed = initiative.allowed_moves()
    if target not in allowed:
        current = Status(initiative.status).label.lower()
        if allowed:
            options = " or ".join(Status(s).label.lower() for s in allowed)
            message = f"An initiative that is {current} can only move to {options}."
        else:
            message = f"An initiative that is {current} is closed; it cannot move any more."
        raise PortfolioError(message, field="to_status")
    if target == Status.APPROVED:
        rules.can_approve_initiative.enforce(by, initiative)
    else:
        rules.can_edit_initiative.enforce(by, initiative)
    reason = (reason or "").strip()
    if target in Initiative.REASON_REQUIRED and not reason:
        verb = "put on hold" if target == Status.ON_HOLD else "cancelled"
        raise PortfolioError(f"Say why {initiative} is {verb}.", field="reason")
    was_active = initiative.status in ACTIVE_STATUSES
    initiative.status = target
    if target in ACTIVE_STATUSES and not was_active:
        focus_check(initiative=initiative, by=by, reason=focus_reason)
    initiative.status_changed_on = today()
    initiative.status_reason = reason
    if target == Status.APPROVED:
        initiative.approved_by = by
        initiative.approved_on = today()
    if target == Status.COMPLETED:
        initiative.progress = 100
    if target in (Status.COMPLETED, Status.CANCELLED):
        initiative.needs_help = False
        initiative.help_reason = ""
    return validated_save(initiative)
