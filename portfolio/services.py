"""Portfolio writes: priorities, initiatives and their workflow, milestones, status updates,
risks, the KPI targets an initiative moves, and the working-group members' right to edit their
groups' initiatives.

Each function enforces its rule from portfolio.permissions, takes explicit inputs, validates the
whole change before writing (model `full_clean`) and writes in one transaction. A refusal is a
PortfolioError or a ValidationError naming the field (pages show it next to the field, the API
answers 400); a rule's refusal is PermissionDenied (403).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from cxgov.dates import today
from cxgov.errors import DomainError
from cxgov.services import model_update, validated_save
from governance.models import BusinessUnit, GovernanceBody, Membership, serving_q

from . import permissions as rules
from .models import (
    Initiative,
    Milestone,
    Risk,
    RiskStatus,
    Status,
    StatusUpdate,
    StrategicPriority,
    TargetLink,
)

User = AbstractBaseUser

EDIT_INITIATIVE = rules.EDIT_INITIATIVE


class PortfolioError(DomainError):
    """A portfolio rule refused an action."""


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


# The members' right to edit their group's initiatives


def _members_of(body_id: int) -> list[Any]:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model().objects.filter(
            pk__in=Membership.objects.filter(serving_q(), body_id=body_id).values("person_id")
        )
    )


def initiative_editors_sync(*, initiative: Initiative) -> None:
    """The people holding the edit permission on `initiative` are exactly the members serving
    on its working group today."""
    wanted = {user.pk: user for user in _members_of(initiative.working_group_id)}
    held = {
        user.pk: user
        for user in get_users_with_perms(
            initiative, only_with_perms_in=["change_initiative"], with_superusers=False
        )
    }
    for pk in wanted.keys() - held.keys():
        assign_perm(EDIT_INITIATIVE, wanted[pk], initiative)
    for pk in held.keys() - wanted.keys():
        remove_perm(EDIT_INITIATIVE, held[pk], initiative)


def member_permissions_sync(*, person: Any, body: GovernanceBody) -> None:
    """A person may edit the initiatives of `body` exactly while they serve on it. Runs from
    governance's `membership_changed`, inside the membership service's transaction."""
    initiatives = Initiative.objects.filter(working_group=body)
    if not initiatives.exists():
        return
    if Membership.objects.filter(serving_q(), person=person, body=body).exists():
        assign_perm(EDIT_INITIATIVE, person, initiatives)
    else:
        remove_perm(EDIT_INITIATIVE, person, initiatives)


@transaction.atomic
def initiative_permissions_sync(*, on: dt.date | None = None) -> tuple[int, int]:
    """Make the editors of every initiative exactly its working group's members serving on
    `on` (default today). Writes keep the permission in step as they happen; this catches what
    only the calendar changes (a seat that ended yesterday). Idempotent; (granted, revoked)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import UserObjectPermission

    content_type = ContentType.objects.get_for_model(Initiative)
    permission = Permission.objects.get(content_type=content_type, codename="change_initiative")
    members: dict[int, set[int]] = {}
    for person_id, body_id in Membership.objects.filter(serving_q(on)).values_list(
        "person_id", "body_id"
    ):
        members.setdefault(body_id, set()).add(person_id)
    wanted = {
        (person_id, initiative_id)
        for initiative_id, body_id in Initiative.objects.values_list("pk", "working_group_id")
        for person_id in members.get(body_id, ())
    }
    held = {
        (user_id, int(object_pk)): pk
        for pk, user_id, object_pk in UserObjectPermission.objects.filter(
            permission=permission, content_type=content_type
        ).values_list("pk", "user_id", "object_pk")
    }
    grant = wanted - held.keys()
    revoke = held.keys() - wanted
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(
                user_id=user_id,
                permission=permission,
                content_type=content_type,
                object_pk=str(initiative_id),
            )
            for user_id, initiative_id in grant
        ],
        ignore_conflicts=True,
    )
    UserObjectPermission.objects.filter(pk__in=[held[key] for key in revoke]).delete()
    return len(grant), len(revoke)


# Initiatives

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
    initiative_editors_sync(initiative=initiative)
    return initiative


@transaction.atomic
def initiative_update(*, initiative: Initiative, by: User, data: Mapping[str, Any]) -> Initiative:
    """Change an initiative's fields (not its status: see initiative_transition). Moving it to
    another working group hands the right to edit it to that group's members."""
    rules.can_edit_initiative.enforce(by, initiative)
    data = dict(data)
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
    initiative, _changed = model_update(instance=initiative, fields=INITIATIVE_FIELDS, data=data)
    _check_milestones_inside(initiative)
    _check_target_links_after_start(initiative)
    if priorities is not None:
        initiative.priorities.set(list(priorities))
    if moved_group:
        initiative_editors_sync(initiative=initiative)
    return initiative


def _check_milestones_inside(initiative: Initiative) -> None:
    outside = initiative.milestones.exclude(
        due_on__gte=initiative.start_date, due_on__lte=initiative.target_date
    ).order_by("due_on")
    if outside.exists():
        names = ", ".join(f"{m.title} ({m.due_on:%d %b %Y})" for m in outside[:5])
        raise ValidationError(
            {"target_date": f"These milestones would fall outside the new dates: {names}."}
        )


def _check_target_links_after_start(initiative: Initiative) -> None:
    early = initiative.target_links.filter(expected_by__lt=initiative.start_date).select_related(
        "target__metric"
    )
    if early.exists():
        names = ", ".join(
            f"{link.target.metric} by {link.expected_by:%d %b %Y}" for link in early[:5]
        )
        raise ValidationError(
            {
                "start_date": "These KPI changes would be expected before the initiative "
                f"starts: {names}. Move their dates first."
            }
        )


@transaction.atomic
def initiative_transition(
    *, initiative: Initiative, to_status: str, by: User, reason: str = ""
) -> Initiative:
    """Move an initiative along its workflow (Initiative.TRANSITIONS).

    Approving is for exactly the people who hold the decision right on "approve-initiative";
    every other move is for those who may edit the initiative. Putting it on hold and
    cancelling need a reason.
    """
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
    initiative.status = target
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


# Status updates


@transaction.atomic
def status_update_create(
    *,
    by: User,
    initiative: Initiative,
    health: str,
    progress: int,
    summary: str,
    blockers: str = "",
    reported_on: dt.date | None = None,
    needs_help: bool | None = None,
    help_reason: str = "",
) -> StatusUpdate:
    """Post a status update. The latest update (by report date) sets the initiative's health,
    progress and when it was last heard of. `needs_help` True asks the core team for help
    (with `help_reason`), False withdraws the request, None leaves it as it is."""
    rules.can_edit_initiative.enforce(by, initiative)
    if initiative.status in (Status.COMPLETED, Status.CANCELLED):
        raise PortfolioError(
            f"{initiative} is {Status(initiative.status).label.lower()}; it takes no more updates."
        )
    if needs_help and not help_reason.strip():
        raise ValidationError({"help_reason": "Say what help the team needs."})
    reported_on = reported_on or today()
    if reported_on > today():
        raise ValidationError({"reported_on": "A status update cannot be dated in the future."})
    update = validated_save(
        StatusUpdate(
            initiative=initiative,
            author=by,
            reported_on=reported_on,
            health=health,
            progress=progress,
            summary=summary,
            blockers=blockers,
        )
    )
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    latest = initiative.status_updates.latest()
    initiative.health = latest.health
    initiative.progress = latest.progress
    initiative.last_update_on = latest.reported_on
    if needs_help is not None:
        initiative.needs_help = needs_help
        initiative.help_reason = help_reason.strip() if needs_help else ""
    validated_save(initiative)
    return update


# Milestones

MILESTONE_FIELDS = ("title", "due_on")


@transaction.atomic
def milestone_create(*, by: User, initiative: Initiative, title: str, due_on: dt.date) -> Milestone:
    rules.can_edit_initiative.enforce(by, initiative)
    return validated_save(Milestone(initiative=initiative, title=title, due_on=due_on))


@transaction.atomic
def milestone_update(*, milestone: Milestone, by: User, data: Mapping[str, Any]) -> Milestone:
    rules.can_edit_initiative.enforce(by, milestone.initiative)
    if "initiative" in data and data["initiative"] != milestone.initiative:
        raise ValidationError({"initiative": "A milestone stays with its initiative."})
    if "done_on" in data and data["done_on"] != milestone.done_on:
        raise ValidationError({"done_on": "Tick the milestone done (or not done) instead."})
    data = {k: v for k, v in data.items() if k not in ("initiative", "done_on")}
    return model_update(instance=milestone, fields=MILESTONE_FIELDS, data=data)[0]


@transaction.atomic
def milestone_mark(
    *, milestone: Milestone, by: User, done: bool, on: dt.date | None = None
) -> Milestone:
    """Tick a milestone done (on `on`, default today) or untick it."""
    rules.can_edit_initiative.enforce(by, milestone.initiative)
    on = on or today()
    if done and on > today():
        raise ValidationError({"done_on": "A milestone cannot be done in the future."})
    milestone.done_on = on if done else None
    return validated_save(milestone)


@transaction.atomic
def milestone_delete(*, milestone: Milestone, by: User) -> None:
    rules.can_edit_initiative.enforce(by, milestone.initiative)
    milestone.delete()


# Risks

RISK_FIELDS = ("title", "description", "likelihood", "impact", "owner", "mitigation", "status")


@transaction.atomic
def risk_create(
    *,
    by: User,
    initiative: Initiative,
    title: str,
    likelihood: int,
    impact: int,
    owner: Any,
    description: str = "",
    mitigation: str = "",
) -> Risk:
    rules.can_edit_initiative.enforce(by, initiative)
    _require(owner, "owner", "Name who owns the risk.")
    return validated_save(
        Risk(
            initiative=initiative,
            title=title,
            description=description,
            likelihood=likelihood,
            impact=impact,
            owner=owner,
            mitigation=mitigation,
        )
    )


@transaction.atomic
def risk_update(*, risk: Risk, by: User, data: Mapping[str, Any]) -> Risk:
    rules.can_edit_initiative.enforce(by, risk.initiative)
    fixed = {
        name: "Set by escalating the risk."
        if name != "initiative"
        else "A risk stays with its initiative."
        for name in ("initiative", "escalated_on", "escalated_by", "steering_reviewed_on")
        if name in data and data[name] != getattr(risk, name)
    }
    if fixed:
        raise ValidationError(fixed)
    data = {k: v for k, v in data.items() if k in RISK_FIELDS}
    if "owner" in data:
        _require(data["owner"], "owner", "Name who owns the risk.")
    return model_update(instance=risk, fields=RISK_FIELDS, data=data)[0]


@transaction.atomic
def risk_escalate(*, risk: Risk, by: User, note: str = "") -> Risk:
    """Put an open risk before the steering committee's next meeting."""
    rules.can_edit_initiative.enforce(by, risk.initiative)
    if risk.status != RiskStatus.OPEN:
        raise PortfolioError(
            f"Only an open risk is escalated; this one is {risk.get_status_display().lower()}.",
            field="status",
        )
    if risk.escalated_on is not None and risk.steering_reviewed_on is None:
        raise PortfolioError(
            f"This risk was already escalated on {risk.escalated_on:%d %b %Y}; it is on the "
            "steering committee's next agenda.",
        )
    risk.escalated_on = today()
    risk.escalated_by = by
    risk.escalation_note = note.strip()
    risk.steering_reviewed_on = None
    return validated_save(risk)


# The KPI targets an initiative moves

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
    from .models import BETTER_CHANGE

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
