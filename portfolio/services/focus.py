"""Focus: the core team's limits on active initiatives per working group, business unit and
owner, and the one rule every door asks before an initiative adds to a load (focus_check):
going over a limit needs a reason, and the reason is kept."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q

from cxgov.services import model_update, validated_save

from .. import permissions as rules
from ..errors import PortfolioError
from ..models import ACTIVE_STATUSES, FOCUS_FIELD, FocusKind, FocusLimit, FocusOverride, Initiative

User = AbstractBaseUser

# What a limit may change once set: its number and note. Whose limit it is stays.
FOCUS_LIMIT_FIELDS = ("limit", "note")


@transaction.atomic
def focus_limit_set(
    *,
    by: User,
    kind: str,
    limit: int,
    working_group: Any = None,
    business_unit: Any = None,
    owner: Any = None,
    note: str = "",
) -> FocusLimit:
    """Set a limit for one working group, business unit or owner, or, naming none, for every
    one of that kind without its own."""
    rules.can_set_focus_limits.enforce(by)
    return validated_save(
        FocusLimit(
            kind=kind,
            working_group=working_group,
            business_unit=business_unit,
            owner=owner,
            limit=limit,
            note=(note or "").strip(),
            set_by=by,
        )
    )


@transaction.atomic
def focus_limit_update(*, focus_limit: FocusLimit, by: User, data: Mapping[str, Any]) -> FocusLimit:
    rules.can_set_focus_limits.enforce(by)
    focus_limit.set_by = by
    return model_update(instance=focus_limit, fields=FOCUS_LIMIT_FIELDS, data=data)[0]


@transaction.atomic
def focus_limit_delete(*, focus_limit: FocusLimit, by: User) -> None:
    rules.can_set_focus_limits.enforce(by)
    focus_limit.delete()


@dataclass(frozen=True)
class FocusExcess:
    kind: str
    subject: str
    limit: int
    load: int  # active initiatives with this one

    @property
    def sentence(self) -> str:
        what = f"{self.load} active initiative{'s' if self.load != 1 else ''}"
        return f"{self.subject} would have {what}, over the limit of {self.limit}"


def _limit_for(kind: str, subject_id: int) -> FocusLimit | None:
    field = FOCUS_FIELD[kind]
    found = {
        getattr(limit, f"{field}_id"): limit
        for limit in FocusLimit.objects.filter(
            Q(**{f"{field}_id": subject_id})
            | Q(working_group=None, business_unit=None, owner=None),
            kind=kind,
        ).select_related(field)
    }
    return found.get(subject_id) or found.get(None)


def _subject_label(initiative: Initiative, kind: str) -> str:
    subject = getattr(initiative, FOCUS_FIELD[kind])
    if kind == FocusKind.OWNER:
        return subject.get_full_name() or subject.get_username()
    return str(subject)


def focus_excesses(
    *, initiative: Initiative, kinds: Iterable[str] | None = None, lock: bool = False
) -> list[FocusExcess]:
    """The limits `initiative`, as it now stands (unsaved changes counted), takes its working
    group, business unit or owner over; only the `kinds` given (default all). None unless it
    is active.

    With `lock` (inside the write's transaction), the row of each subject that has a limit
    (the group, the unit, the owner) is locked before its load is counted, always in the
    kinds' order so two writers never wait on each other in a circle: a second activation
    for the same subject waits until the first commits, then counts it. Without the lock two
    approvals at once each count the load without the other and both pass."""
    if initiative.status not in ACTIVE_STATUSES:
        return []
    excesses = []
    for kind in kinds if kinds is not None else FocusKind.values:
        field = FOCUS_FIELD[kind]
        subject_id = getattr(initiative, f"{field}_id")
        if subject_id is None:
            continue
        limit = _limit_for(kind, subject_id)
        if limit is None:
            continue
        if lock:
            subjects = Initiative._meta.get_field(field).related_model._default_manager
            list(subjects.select_for_update().filter(pk=subject_id).values_list("pk"))
        others = (
            Initiative.objects.filter(status__in=ACTIVE_STATUSES, **{f"{field}_id": subject_id})
            .exclude(pk=initiative.pk)
            .count()
        )
        if others + 1 > limit.limit:
            excesses.append(
                FocusExcess(kind, _subject_label(initiative, kind), limit.limit, others + 1)
            )
    return excesses


def focus_check(
    *, initiative: Initiative, by: User, reason: str = "", kinds: Iterable[str] | None = None
) -> list[FocusExcess]:
    """The one focus rule, asked by every door before an initiative adds to a load (approved,
    or given another working group, business unit or owner while active): over a limit, a
    reason is needed (refused on `focus_reason` without one) and kept as a FocusOverride per
    limit. Call it inside the write's transaction, after the change is set on `initiative`:
    the loads it counts stay locked until that transaction ends, so the check and the write
    are one step."""
    excesses = focus_excesses(initiative=initiative, kinds=kinds, lock=True)
    if not excesses:
        return []
    reason = (reason or "").strip()
    if not reason:
        said = "; ".join(e.sentence for e in excesses)
        raise PortfolioError(
            f"{said}. Give a reason for going over, or ask the core CX team to raise the limit.",
            field="focus_reason",
        )
    for excess in excesses:
        validated_save(
            FocusOverride(
                initiative=initiative,
                kind=excess.kind,
                subject=excess.subject,
                limit=excess.limit,
                load=excess.load,
                reason=reason,
                by=by,
            )
        )
    return excesses
