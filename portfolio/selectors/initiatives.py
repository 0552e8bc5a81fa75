"""One initiative and the reads every list of them shares: the filters, the stale flag, which
cards a user may edit, the worst-health-first order, and an initiative's page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Case, IntegerField, QuerySet, Value, When
from guardian.shortcuts import get_objects_for_user

from cxgov.history import HistoryEntry, history_entries
from cxgov.permissions import can_configure

from .. import permissions as rules
from ..filters import InitiativeFilter
from ..models import HEALTH_RANK, Initiative, Milestone, Risk, Status, StatusUpdate, stale_q
from .target_links import TargetLinkRow, target_link_rows

# Listing


def initiative_filterset(*, user: Any, data, request=None) -> InitiativeFilter:
    """The strict filterset over what `user` may see."""
    return InitiativeFilter(
        data=data, queryset=Initiative.objects.for_user(user).for_lists(), request=request
    )


def with_stale_flag(queryset: QuerySet) -> QuerySet:
    """Annotate `stale_now` in SQL, so a list never asks per row."""
    return queryset.annotate(
        stale_now=Case(When(stale_q(), then=Value(True)), default=Value(False))
    )


def editable_ids(*, user: Any, initiatives: list[Initiative]) -> set[int] | None:
    """The ids of `initiatives` the user may edit, in one query; None means all of them."""
    if can_configure(user):
        return None
    ids = [i.pk for i in initiatives]
    if not ids:
        return set()
    allowed = get_objects_for_user(
        user,
        rules.EDIT_INITIATIVE,
        klass=Initiative.objects.filter(pk__in=ids),
        accept_global_perms=False,
    )
    return set(allowed.values_list("pk", flat=True))


# One initiative


@dataclass
class InitiativeDetail:
    initiative: Initiative
    milestones: list[Milestone]
    updates: list[StatusUpdate]
    risks: list[Risk]
    history: list[HistoryEntry]
    moves: list[Status]
    can_edit: bool
    can_approve: bool
    target_links: list[TargetLinkRow] = field(default_factory=list)
    stale_days: int = field(default_factory=lambda: settings.CXGOV_PORTFOLIO_STALE_DAYS)


def initiative_detail(*, initiative: Initiative, user: Any) -> InitiativeDetail:
    can_edit = rules.can_edit_initiative(user, initiative)
    can_approve = initiative.status == Status.PROPOSED and rules.can_approve_initiative(
        user, initiative
    )
    moves = [
        Status(s)
        for s in initiative.allowed_moves()
        if (can_approve if s == Status.APPROVED else can_edit)
    ]
    return InitiativeDetail(
        initiative=initiative,
        milestones=list(initiative.milestones.all()),
        updates=list(initiative.status_updates.select_related("author")[:50]),
        risks=list(initiative.risks.select_related("owner", "escalated_by")),
        history=history_entries(
            obj=initiative, related=("owner", "working_group", "business_unit", "approved_by")
        ),
        moves=moves,
        can_edit=can_edit,
        can_approve=can_approve,
        target_links=target_link_rows(initiative=initiative),
    )


def initiative_for_page(*, user: Any, pk: int) -> Initiative:
    from cxgov.pages import get_scoped_or_404

    return get_scoped_or_404(
        Initiative.objects.select_related(
            "owner", "working_group", "business_unit", "formed_group", "approved_by"
        ).prefetch_related("priorities"),
        user,
        pk=pk,
    )


def worst_health_first(queryset: QuerySet) -> QuerySet:
    """Red, then amber, then green, then no update yet (health's text does not sort so)."""
    rank = Case(
        *[When(health=health, then=Value(r)) for health, r in HEALTH_RANK.items() if health],
        default=Value(0),
        output_field=IntegerField(),
    )
    return queryset.alias(health_rank=rank).order_by("-health_rank", "last_update_on", "pk")
