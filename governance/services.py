"""Governance writes: every change to bodies, memberships, activities, RACI and maturity.

Each function checks who is asking, validates the whole change before writing (model
`full_clean`, so the same rules hold on pages, in the API and in the admin), and writes in one
transaction. A refusal raises GovernanceError or Django's ValidationError (per field), which
pages show next to the field and the API answers as a 400.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from cxgov.errors import DomainError
from cxgov.permissions import can_change, can_configure

from . import maturity
from .models import (
    Activity,
    BusinessUnit,
    GovernanceBody,
    MaturityAssessment,
    Membership,
    RaciAssignment,
    today,
)

MANAGE_BODY = "governance.change_governancebody"


class GovernanceError(DomainError):
    """A governance rule refused an action."""


def _require_configurer(user: Any, action: str) -> None:
    if not can_configure(user):
        raise PermissionDenied(f"Only admins and the core CX team can {action}.")


def _require_body_manager(user: Any, body: GovernanceBody, action: str) -> None:
    if not can_change(user, body, perm=MANAGE_BODY):
        raise PermissionDenied(
            f"Only admins, the core CX team and the leads of {body} can {action}."
        )


def _apply(instance, fields: dict[str, Any]):
    for name, value in fields.items():
        setattr(instance, name, value)
    return instance


def _save(instance):
    instance.full_clean()
    instance.save()
    return instance


# Business units


@transaction.atomic
def business_unit_create(*, by: Any, **fields: Any) -> BusinessUnit:
    _require_configurer(by, "add business units")
    return _save(BusinessUnit(**fields))


@transaction.atomic
def business_unit_update(*, business_unit: BusinessUnit, by: Any, **fields: Any) -> BusinessUnit:
    _require_configurer(by, "change business units")
    return _save(_apply(business_unit, fields))


# Governing bodies


@transaction.atomic
def body_create(*, by: Any, **fields: Any) -> GovernanceBody:
    _require_configurer(by, "create governing bodies")
    return _save(GovernanceBody(**fields))


@transaction.atomic
def body_update(*, body: GovernanceBody, by: Any, **fields: Any) -> GovernanceBody:
    _require_body_manager(by, body, "change this body")
    moves = (
        fields.get("tier", body.tier) != body.tier
        or fields.get("parent", body.parent) != body.parent
    )
    if moves and not can_configure(by):
        raise PermissionDenied("Only admins and the core CX team can move a body in the structure.")
    return _save(_apply(body, fields))


@transaction.atomic
def body_disband(*, body: GovernanceBody, by: Any, on: dt.date | None = None) -> GovernanceBody:
    """Disband a body: it keeps its history; its open memberships end on the same day."""
    _require_configurer(by, "disband governing bodies")
    on = on or today()
    if body.disbanded_on is not None:
        raise GovernanceError(f"{body} was already disbanded on {body.disbanded_on:%d %b %Y}.")
    if body.children.active(on).exists():
        names = ", ".join(body.children.active(on).values_list("name", flat=True))
        raise GovernanceError(
            f"{body} still has active bodies reporting to it ({names}); "
            "disband or move them first.",
            field="disbanded_on",
        )
    body.disbanded_on = on
    _save(body)
    for membership in body.memberships.filter(end_date__isnull=True).select_related("person"):
        membership_end(membership=membership, by=by, on=max(on, membership.start_date))
    return body


# Memberships


def membership_permissions_sync(*, membership: Membership) -> None:
    """Leads, chairs and sponsors manage their body while their membership is open."""
    person, body = membership.person, membership.body
    still_leads = Membership.objects.leading().filter(person=person, body=body).exists()
    if still_leads:
        assign_perm(MANAGE_BODY, person, body)
    else:
        remove_perm(MANAGE_BODY, person, body)


@transaction.atomic
def body_permissions_sync(*, on: dt.date | None = None) -> tuple[int, int]:
    """Make the managers of each body exactly its leads serving on `on` (default today).

    Writes keep the permission in step as they happen; this catches what only the calendar
    changes: a lead's seat that ended yesterday, one that starts today, a disbanded body.
    Idempotent; returns (granted, revoked).
    """
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import UserObjectPermission

    content_type = ContentType.objects.get_for_model(GovernanceBody)
    permission = Permission.objects.get(
        content_type=content_type, codename=MANAGE_BODY.split(".")[1]
    )
    wanted = set(Membership.objects.leading(on).values_list("person_id", "body_id"))
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
                object_pk=str(body_id),
            )
            for user_id, body_id in grant
        ],
        ignore_conflicts=True,
    )
    UserObjectPermission.objects.filter(pk__in=[held[key] for key in revoke]).delete()
    return len(grant), len(revoke)


@transaction.atomic
def membership_create(*, by: Any, body: GovernanceBody, **fields: Any) -> Membership:
    _require_body_manager(by, body, "add members")
    membership = _save(Membership(body=body, **fields))
    membership_permissions_sync(membership=membership)
    return membership


@transaction.atomic
def membership_update(*, membership: Membership, by: Any, **fields: Any) -> Membership:
    _require_body_manager(by, membership.body, "change its members")
    if "body" in fields and fields["body"] != membership.body:
        raise ValidationError(
            {"body": "A membership cannot move to another body; end it and add a new one."}
        )
    _save(_apply(membership, fields))
    membership_permissions_sync(membership=membership)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, by: Any, on: dt.date | None = None) -> Membership:
    _require_body_manager(by, membership.body, "end memberships")
    if membership.end_date is not None:
        raise GovernanceError(
            f"This membership already ended on {membership.end_date:%d %b %Y}.", field="end_date"
        )
    membership.end_date = on or today()
    _save(membership)
    membership_permissions_sync(membership=membership)
    return membership


# Activities and decision rights


@transaction.atomic
def activity_create(*, by: Any, **fields: Any) -> Activity:
    _require_configurer(by, "add activities")
    return _save(Activity(**fields))


@transaction.atomic
def activity_update(*, activity: Activity, by: Any, **fields: Any) -> Activity:
    _require_configurer(by, "change activities and decision rights")
    return _save(_apply(activity, fields))


# RACI


@transaction.atomic
def raci_assign(
    *,
    by: Any,
    activity: Activity,
    letter: str | None,
    body: GovernanceBody | None = None,
    person: Any = None,
) -> RaciAssignment | None:
    """Set one cell of the matrix: give a body or a person a letter, or clear it (letter None)."""
    _require_configurer(by, "edit the RACI matrix")
    if (body is None) == (person is None):
        raise GovernanceError("Name either a body or a person for a RACI assignment.")
    party = {"body": body} if body is not None else {"person": person}
    existing = RaciAssignment.objects.select_for_update().filter(activity=activity, **party).first()
    if not letter:
        if existing is not None:
            existing.delete()
        return None
    assignment = existing or RaciAssignment(activity=activity, **party)
    assignment.letter = letter
    return _save(assignment)


@transaction.atomic
def raci_unassign(*, assignment: RaciAssignment, by: Any) -> None:
    _require_configurer(by, "edit the RACI matrix")
    assignment.delete()


# Maturity


def _validated_answers(answers: Any) -> dict[str, int]:
    if not isinstance(answers, dict):
        raise ValidationError({"answers": "Answers are an object of question code → 1 to 5."})
    errors = []
    unknown = sorted(set(answers) - set(maturity.QUESTION_CODES))
    if unknown:
        errors.append(f"Unknown questions: {', '.join(unknown)}.")
    clean: dict[str, int] = {}
    for code in maturity.QUESTION_CODES:
        value = answers.get(code)
        if value in (None, ""):
            errors.append(f"'{code}' is not answered.")
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if str(number) != str(value).strip() or not 1 <= number <= 5:
            errors.append(f"'{code}' must be a whole number from 1 to 5, not {value!r}.")
            continue
        clean[code] = number
    if errors:
        raise ValidationError({"answers": errors})
    return clean


@transaction.atomic
def maturity_assessment_create(
    *, by: Any, answers: Any, assessed_on: dt.date | None = None, notes: str = ""
) -> MaturityAssessment:
    _require_configurer(by, "record maturity assessments")
    clean = _validated_answers(answers)
    scoring = maturity.score(clean)
    return _save(
        MaturityAssessment(
            assessed_on=assessed_on or today(),
            assessed_by=by,
            answers=clean,
            score=scoring.score,
            level=scoring.level,
            recommendation=scoring.recommendation,
            stress_jobs=scoring.stress_jobs,
            notes=notes,
        )
    )
