"""Governance writes: every change to bodies, memberships, activities, RACI and maturity.

Each function enforces its rule from governance.permissions, takes explicit inputs (creates
name their fields; updates take `data` checked against an allow-list, so a state field such as
`disbanded_on` moves only through its workflow), validates the whole change before writing
(model `full_clean`, so the same rules hold on pages, in the API and in the admin), and writes
in one transaction. A refusal raises GovernanceError or Django's ValidationError (per field),
which pages show next to the field and the API answers as a 400; a rule's refusal is a 403.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from cxgov.concurrency import claim
from cxgov.dates import today
from cxgov.models import ChatChannel
from cxgov.permissions import object_permissions_reconcile
from cxgov.services import model_update, validated_save

from .. import permissions as rules
from ..errors import GovernanceError
from ..models import (
    Activity,
    BodyGroupMapping,
    BusinessUnit,
    GovernanceBody,
    MaturityAssessment,
    MemberRole,
    Membership,
    RaciAssignment,
    check_deciders,
    check_one_party,
    maturity,
)
from ..signals import membership_changed

log = logging.getLogger(__name__)

User = AbstractBaseUser  # the type of `by` and of people passed in: the project's user model

MANAGE_BODY = rules.MANAGE_BODY


# Business units

BUSINESS_UNIT_FIELDS = (
    "name",
    "code",
    "description",
    "is_active",
    "is_customer_facing",
    "function",
)


@transaction.atomic
def business_unit_create(
    *,
    by: User,
    name: str,
    code: str,
    description: str = "",
    is_active: bool = True,
    is_customer_facing: bool = False,
    function: str = "",
) -> BusinessUnit:
    rules.can_change_business_units.enforce(by)
    return validated_save(
        BusinessUnit(
            name=name,
            code=code,
            description=description,
            is_active=is_active,
            is_customer_facing=is_customer_facing,
            function=function or "",
        )
    )


@transaction.atomic
def business_unit_update(
    *, business_unit: BusinessUnit, by: User, data: Mapping[str, Any]
) -> BusinessUnit:
    rules.can_change_business_units.enforce(by)
    return model_update(instance=business_unit, fields=BUSINESS_UNIT_FIELDS, data=data)[0]


# Governing bodies

BODY_FIELDS = (
    "name",
    "tier",
    "parent",
    "kind",
    "purpose",
    "formed_on",
    "planned_disband_on",
    "chat_channel",
    "hours_needed",
)
BODY_MOVE_FIELDS = ("tier", "parent")


@transaction.atomic
def body_create(
    *,
    by: User,
    name: str,
    tier: str,
    parent: GovernanceBody | None = None,
    kind: str = "standing",
    purpose: str = "",
    formed_on: dt.date | None = None,
    planned_disband_on: dt.date | None = None,
    chat_channel: ChatChannel | None = None,
    hours_needed: Decimal | None = None,
) -> GovernanceBody:
    rules.can_create_body.enforce(by)
    return validated_save(
        GovernanceBody(
            name=name,
            tier=tier,
            parent=parent,
            kind=kind,
            purpose=purpose,
            formed_on=formed_on or today(),
            planned_disband_on=planned_disband_on,
            chat_channel=chat_channel,
            hours_needed=hours_needed,
        )
    )


@transaction.atomic
def body_update(*, body: GovernanceBody, by: User, data: Mapping[str, Any]) -> GovernanceBody:
    rules.can_manage_body.enforce(by, body)
    moved = {
        name for name in BODY_MOVE_FIELDS if name in data and data[name] != getattr(body, name)
    }
    moves = bool(moved)
    if moves:
        rules.can_move_body.enforce(by, body)
    if "disbanded_on" in data and data["disbanded_on"] != body.disbanded_on:
        raise ValidationError(
            {
                "disbanded_on": "A body is disbanded through its Disband action, which also ends "
                "its memberships; it cannot be set here."
            }
        )
    data = {name: value for name, value in data.items() if name != "disbanded_on"}
    # A move's effect on the children and seats is checked by the model's clean()
    # (GovernanceBody.what_a_move_breaks), so the admin refuses it too.
    body, _changed = model_update(instance=body, fields=BODY_FIELDS, data=data)
    return body


@transaction.atomic
def body_disband(*, body: GovernanceBody, by: User, on: dt.date | None = None) -> GovernanceBody:
    """Disband a body: it keeps its history; its open memberships end on the same day."""
    rules.can_disband_body.enforce(by, body)
    on = on or today()
    if body.disbanded_on is not None:
        raise GovernanceError(f"{body} was already disbanded on {body.disbanded_on:%-d %b %Y}.")
    if body.children.active(on).exists():
        names = ", ".join(body.children.active(on).values_list("name", flat=True))
        raise GovernanceError(
            f"{body} still has active bodies reporting to it ({names}); "
            "disband or move them first.",
            field="disbanded_on",
        )
    body.disbanded_on = on
    validated_save(body)
    for membership in body.memberships.filter(end_date__isnull=True).select_related("person"):
        membership_end(membership=membership, by=by, on=max(on, membership.start_date))
    return body


# Memberships and the lead's right to manage their body


def lead_permission_sync(*, person: Any, body: GovernanceBody) -> None:
    """Leads, chairs and sponsors manage their body exactly while they lead it."""
    leads = Membership.objects.leading().filter(person=person, body=body).exists()
    object_permissions_reconcile(
        perm=MANAGE_BODY, objects=body, users=[person], holders=[(person, body)] if leads else []
    )


def membership_permissions_sync(*, membership: Membership) -> None:
    """Re-decide what a seat grants, in the caller's transaction: the lead's right to manage
    the body here, and whatever other apps hang on seats through `membership_changed`."""
    lead_permission_sync(person=membership.person, body=membership.body)
    membership_changed.send(sender=Membership, person=membership.person, body=membership.body)


@transaction.atomic
def body_seats_resync(*, body: GovernanceBody, people: Any = ()) -> None:
    """Re-decide what seats on `body` grant, for everyone seated there, everyone who manages
    it now, and `people` (who may just have lost a seat there). For the admin, which changes,
    moves and deletes seats outside the membership services."""
    from guardian.shortcuts import get_users_with_perms

    User = get_user_model()
    ids = set(Membership.objects.filter(body=body).values_list("person_id", flat=True))
    ids |= set(
        get_users_with_perms(body, only_with_perms_in=[MANAGE_BODY.split(".")[1]]).values_list(
            "pk", flat=True
        )
    )
    ids |= {getattr(person, "pk", person) for person in people if person is not None}
    object_permissions_reconcile(
        perm=MANAGE_BODY,
        objects=body,
        holders=[
            (person_id, body)
            for person_id in Membership.objects.leading()
            .filter(body=body)
            .values_list("person_id", flat=True)
        ],
    )
    for person in User.objects.filter(pk__in=ids):
        membership_changed.send(sender=Membership, person=person, body=body)


def body_permissions_sync(*, on: dt.date | None = None) -> tuple[int, int]:
    """Make the managers of each body exactly its leads serving on `on` (default today).

    Writes keep the permission in step as they happen; this catches what only the calendar
    changes: a lead's seat that ended yesterday, one that starts today, a disbanded body.
    Idempotent; returns (granted, revoked).
    """
    return object_permissions_reconcile(
        perm=MANAGE_BODY,
        objects=GovernanceBody,
        holders=Membership.objects.leading(on).values_list("person_id", "body_id"),
    )


MEMBERSHIP_FIELDS = ("person", "role", "business_unit", "start_date", "end_date", "hours_per_month")


@transaction.atomic
def membership_create(
    *,
    by: User,
    body: GovernanceBody,
    person: Any,
    role: str = MemberRole.MEMBER,
    business_unit: BusinessUnit | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    hours_per_month: Decimal | int = Decimal("0"),
) -> Membership:
    rules.can_manage_body.enforce(by, body)
    membership = validated_save(
        Membership(
            body=body,
            person=person,
            role=role,
            business_unit=business_unit,
            start_date=start_date or today(),
            end_date=end_date,
            hours_per_month=hours_per_month,
        )
    )
    membership_permissions_sync(membership=membership)
    return membership


@transaction.atomic
def membership_update(
    *, membership: Membership, by: User, data: Mapping[str, Any], version_read: int | None = None
) -> Membership:
    """Change a seat. Whoever held or now holds it has their right to manage the body
    re-decided in this transaction, so a seat handed over moves the right with it. With
    `version_read` (the one the person read), a change made since is an EditConflict."""
    rules.can_manage_body.enforce(by, membership.body)
    claim(membership, version=version_read)
    if "body" in data and data["body"] != membership.body:
        raise ValidationError(
            {"body": "A membership cannot move to another body; end it and add a new one."}
        )
    data = {name: value for name, value in data.items() if name != "body"}
    previous_person = membership.person
    model_update(instance=membership, fields=MEMBERSHIP_FIELDS, data=data)
    membership_permissions_sync(membership=membership)
    if previous_person.pk != membership.person_id:
        lead_permission_sync(person=previous_person, body=membership.body)
        membership_changed.send(sender=Membership, person=previous_person, body=membership.body)
    return membership


@transaction.atomic
def membership_end(
    *,
    membership: Membership,
    by: User,
    on: dt.date | None = None,
    version_read: int | None = None,
) -> Membership:
    """End a seat (on `on`, default today). With `version_read` (the one the person read), a
    change made since is an EditConflict and the seat is not ended."""
    rules.can_manage_body.enforce(by, membership.body)
    claim(membership, version=version_read)
    membership.refresh_from_db()
    if membership.end_date is not None:
        raise GovernanceError(
            f"This membership already ended on {membership.end_date:%-d %b %Y}.", field="end_date"
        )
    membership.end_date = on or today()
    validated_save(membership)
    membership_permissions_sync(membership=membership)
    return membership


def _seat_from_group(seat: Membership, reason: str) -> Membership:
    """Save a seat the provider's groups decided, with the reason in its history."""
    seat._change_reason = reason[:100]
    with transaction.atomic():
        validated_save(seat)
    membership_permissions_sync(membership=seat)
    return seat


@transaction.atomic
def memberships_from_groups(
    *, person: Any, groups: Iterable[str], on: dt.date | None = None
) -> tuple[list[Membership], list[Membership]]:
    """Make the person's seats that came from the identity provider's groups those the body
    group mappings give them now (at a sign-in through single sign-on).

    A mapped group gives a seat the person does not hold yet; a seat that came from a group
    (`sso_group`) ends when none of the person's groups maps to its body any more. A seat added
    by hand is never changed or ended here, and stands in for the mapping on its body. The
    provider is the authority here, not a person, so no one's right is asked; every seat is
    still checked by the membership's own rules, and one a rule refuses (a lead seat for
    someone who may not hold it) is left out with a warning in the log rather than refusing
    the sign-in. Each change is in the seat's history. Returns (added, ended)."""
    on = on or today()
    groups = set(groups)
    wanted: dict[int, BodyGroupMapping] = {}
    for mapping in (
        BodyGroupMapping.objects.filter(
            group__in=groups, body__in=GovernanceBody.objects.active(on)
        )
        .select_related("body", "business_unit")
        .order_by("group", "pk")
    ):
        wanted.setdefault(mapping.body_id, mapping)
    held = {
        seat.body_id: seat
        for seat in Membership.objects.filter(person=person)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("body", "person")
    }
    added, ended = [], []
    for body_id, mapping in wanted.items():
        seat = held.get(body_id)
        if seat is not None:
            if seat.sso_group and seat.end_date is not None:  # ended today, in the group again
                seat.end_date = None
                added.append(_seat_from_group(seat, f"Sign-in: in the group {mapping.group} again"))
            continue
        seat = Membership(
            person=person,
            body=mapping.body,
            role=mapping.role,
            business_unit=mapping.business_unit,
            start_date=on,
            sso_group=mapping.group,
        )
        try:
            added.append(_seat_from_group(seat, f"Sign-in: in the group {mapping.group}"))
        except ValidationError as refusal:
            log.warning(
                "Single sign-on: %s's group %s maps to %s, but the seat was refused: %s",
                person, mapping.group, mapping.body, "; ".join(refusal.messages),
            )  # fmt: skip
    for body_id, seat in held.items():
        if seat.sso_group and seat.end_date is None and body_id not in wanted:
            seat.end_date = max(on, seat.start_date)
            ended.append(
                _seat_from_group(seat, f"Sign-in: no longer in the group {seat.sso_group}")
            )
    return added, ended


# Activities and decision rights

ACTIVITY_FIELDS = (
    "name",
    "kind",
    "description",
    "position",
    "decided_by",
    "escalates_to",
    "chair_decides",
    "named_deciders",
)


@transaction.atomic
def activity_create(
    *,
    by: User,
    name: str,
    code: str = "",
    kind: str = "custom",
    description: str = "",
    position: int = 0,
    decided_by: GovernanceBody | None = None,
    escalates_to: GovernanceBody | None = None,
    chair_decides: bool = True,
    named_deciders: Iterable[Any] = (),
) -> Activity:
    """Add an activity. Its code is derived from the name when none is given; it is set once,
    since other data (decisions asked by code, maturity advice) refers to it. Who may decide
    is the deciding body's chair (unless `chair_decides` is off) and the `named_deciders`
    among its members."""
    rules.can_change_activities.enforce(by)
    deciders = list(named_deciders)
    activity = Activity(
        name=name,
        code=code or slugify(name)[:60],
        kind=kind,
        description=description,
        position=position,
        decided_by=decided_by,
        escalates_to=escalates_to,
        chair_decides=chair_decides,
    )
    _check_activity(activity, deciders)
    activity.save()
    activity.named_deciders.set(deciders)
    return activity


def _check_activity(activity: Activity, deciders: list[Any]) -> None:
    """The model's rules and the named deciders' together, so one refusal names every field."""
    errors: dict[str, list[str]] = {}
    try:
        activity.full_clean()
    except ValidationError as refusal:
        errors.update(refusal.message_dict)
    if "decided_by" not in errors:
        try:
            check_deciders(activity=activity, people=deciders)
        except ValidationError as refusal:
            errors.update(refusal.message_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def activity_update(*, activity: Activity, by: User, data: Mapping[str, Any]) -> Activity:
    rules.can_change_activities.enforce(by)
    if "code" in data and data["code"] != activity.code:
        raise ValidationError(
            {"code": "An activity's code is set once: other data refers to it by code."}
        )
    data = {name: value for name, value in data.items() if name != "code"}
    refused = sorted(set(data) - set(ACTIVITY_FIELDS))
    if refused:
        raise ValidationError(dict.fromkeys(refused, "This field cannot be changed here."))
    deciders = list(data.get("named_deciders", activity.named_deciders.all()))
    changed = False
    for name, value in data.items():
        if name != "named_deciders" and getattr(activity, name) != value:
            setattr(activity, name, value)
            changed = True
    _check_activity(activity, deciders)
    if changed:
        activity.save()
    if "named_deciders" in data:
        activity.named_deciders.set(deciders)
    return activity


# RACI


@transaction.atomic
def raci_assign(
    *,
    by: User,
    activity: Activity,
    letter: str | None,
    body: GovernanceBody | None = None,
    person: Any = None,
) -> RaciAssignment | None:
    """Set one cell of the matrix: give a body or a person a letter, or clear it (letter None)."""
    rules.can_edit_raci.enforce(by)
    check_one_party(body=body, person=person)
    party = {"body": body} if body is not None else {"person": person}
    existing = RaciAssignment.objects.select_for_update().filter(activity=activity, **party).first()
    if not letter:
        if existing is not None:
            existing.delete()
        return None
    assignment = existing or RaciAssignment(activity=activity, **party)
    assignment.letter = letter
    return validated_save(assignment)


@transaction.atomic
def raci_update(*, assignment: RaciAssignment, by: User, data: Mapping[str, Any]) -> RaciAssignment:
    """Change a cell's letter. A cell keeps its activity and party: moving it would leave the
    old cell behind, so that is a delete and a new assignment."""
    rules.can_edit_raci.enforce(by)
    moved = {
        name: "An assignment keeps its activity and party; delete it and assign anew."
        for name in ("activity", "body", "person")
        if name in data and data[name] != getattr(assignment, name)
    }
    if moved:
        raise ValidationError(moved)
    if "letter" not in data:
        return assignment
    return raci_assign(
        by=by,
        activity=assignment.activity,
        letter=data["letter"],
        body=assignment.body,
        person=assignment.person,
    )


@transaction.atomic
def raci_unassign(*, assignment: RaciAssignment, by: User) -> None:
    rules.can_edit_raci.enforce(by)
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
    *, by: User, answers: Any, assessed_on: dt.date | None = None, notes: str = ""
) -> MaturityAssessment:
    rules.can_record_maturity.enforce(by)
    clean = _validated_answers(answers)
    scoring = maturity.score(clean)
    return validated_save(
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
