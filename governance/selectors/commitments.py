"""A working group's commitments: each serving member with their stated contribution (or
none yet) and whether they agreed, and the agreed hours against the hours the group needs.
Two queries at any size."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cxgov.people import person_name

from ..models import Commitment, GovernanceBody, Membership


@dataclass
class CommitmentRow:
    person: object
    name: str
    commitment: Commitment | None

    @property
    def agreed(self) -> bool:
        return self.commitment is not None and self.commitment.agreed


@dataclass
class GroupCommitments:
    body: GovernanceBody
    rows: list[CommitmentRow]

    @property
    def agreed(self) -> list[CommitmentRow]:
        return [row for row in self.rows if row.agreed]

    @property
    def not_agreed(self) -> list[CommitmentRow]:
        return [row for row in self.rows if not row.agreed]

    @property
    def committed_hours(self) -> Decimal:
        """Hours a month the members agreed to give (unagreed drafts do not count)."""
        return sum((row.commitment.hours_per_month for row in self.agreed), Decimal("0"))

    @property
    def hours_needed(self) -> Decimal | None:
        return self.body.hours_needed

    @property
    def hours_short(self) -> Decimal | None:
        """How many hours a month the agreed commitments fall short of the need (0 when they
        cover it); None when the group set no need."""
        if self.hours_needed is None:
            return None
        return max(self.hours_needed - self.committed_hours, Decimal("0"))


def group_commitments(*, body: GovernanceBody) -> GroupCommitments:
    """Every member serving on `body` today, those who have not agreed first, then by name,
    with their commitment. Two queries."""
    people = {
        m.person_id: m.person
        for m in Membership.objects.active().filter(body=body).select_related("person")
    }
    stated = {
        c.person_id: c
        for c in Commitment.objects.filter(body=body, person_id__in=people).select_related(
            "manager"
        )
    }
    rows = [
        CommitmentRow(person=p, name=person_name(p), commitment=stated.get(pk))
        for pk, p in people.items()
    ]
    rows.sort(key=lambda row: (row.agreed, row.name))
    return GroupCommitments(body=body, rows=rows)
