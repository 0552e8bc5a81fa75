"""The portfolio board: a column per status, the cards each user may move."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Value, When

from .. import permissions as rules
from ..models import HEALTH_RANK, Initiative, Status
from .initiatives import editable_ids, with_stale_flag

# The board


BOARD_COLUMN_LIMIT = 25


@dataclass
class BoardColumn:
    status: Status
    cards: list[Initiative]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.cards)


@dataclass
class Board:
    columns: list[BoardColumn]
    can_approve: bool
    editable: set[int] | None  # None: every card

    def moves(self, initiative: Initiative) -> list[str]:
        """The moves the board offers its viewer on a card: the workflow's, less those their
        rights refuse (approving for the deciders, the rest for the initiative's editors)."""
        edits = self.editable is None or initiative.pk in self.editable
        return [
            status
            for status in initiative.allowed_moves()
            if (self.can_approve if status == Status.APPROVED else edits)
        ]


def board(*, user: Any, limit: int = BOARD_COLUMN_LIMIT) -> Board:
    """Initiatives by status, the most urgent first in each column (red, then stale, then by
    target date), at most `limit` cards a column with the column's total. A fixed number of
    queries: counts, one per column, the user's editable ids, the decision right."""
    visible = Initiative.objects.for_user(user)
    totals = dict(visible.values_list("status").annotate(n=Count("pk")).order_by())
    health_rank = Case(
        *[When(health=h, then=Value(r)) for h, r in HEALTH_RANK.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    columns = []
    cards_all: list[Initiative] = []
    for status in Status:
        cards = list(
            with_stale_flag(
                visible.filter(status=status).select_related(
                    "owner", "working_group", "business_unit"
                )
            )
            .annotate(health_rank=health_rank)
            .order_by("-health_rank", "-stale_now", "target_date", "pk")[:limit]
        )
        cards_all.extend(cards)
        columns.append(BoardColumn(status=status, cards=cards, total=totals.get(status, 0)))
    return Board(
        columns=columns,
        can_approve=rules.can_approve_initiative(user),
        editable=editable_ids(user=user, initiatives=cards_all),
    )
