"""Load against the focus limits: for each working group, business unit and owner a limit
covers (its own, else the one for every one of its kind), its active initiatives against that
limit. Four queries, whatever the number of initiatives, limits and people."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from ..models import ACTIVE_STATUSES, FOCUS_FIELD, FocusKind, FocusLimit, Initiative


@dataclass(frozen=True)
class FocusLoad:
    kind: str
    subject: str
    load: int
    limit: FocusLimit

    @property
    def over(self) -> bool:
        return self.load > self.limit.limit

    @property
    def at_limit(self) -> bool:
        return self.load == self.limit.limit

    @property
    def kind_label(self) -> str:
        return FocusKind(self.kind).label


@dataclass(frozen=True)
class FocusBoard:
    loads: list[FocusLoad] = field(default_factory=list)
    limits: list[FocusLimit] = field(default_factory=list)

    @property
    def over(self) -> list[FocusLoad]:
        return [row for row in self.loads if row.over]

    @property
    def at_limit(self) -> list[FocusLoad]:
        return [row for row in self.loads if row.at_limit]


_NAMES = {
    FocusKind.WORKING_GROUP: ("working_group__name",),
    FocusKind.BUSINESS_UNIT: ("business_unit__name",),
    FocusKind.OWNER: ("owner__first_name", "owner__last_name", "owner__username"),
}


def _name(kind: str, row: dict) -> str:
    if kind == FocusKind.OWNER:
        full = f"{row['owner__first_name']} {row['owner__last_name']}".strip()
        return full or row["owner__username"]
    return row[_NAMES[kind][0]]


def focus_board() -> FocusBoard:
    """Every limit, and the load of each one it covers, the fullest first (over the limit,
    then at it, then by the share of the limit used). A subject with no active initiative
    under its own limit shows 0; under the limit for every one of its kind it is left out."""
    limits = list(
        FocusLimit.objects.select_related("working_group", "business_unit", "owner").order_by(
            "kind", "pk"
        )
    )
    if not limits:
        return FocusBoard()
    own = {(lim.kind, getattr(lim, f"{FOCUS_FIELD[lim.kind]}_id")): lim for lim in limits}
    loads: list[FocusLoad] = []
    for kind, column in FOCUS_FIELD.items():
        default = own.get((kind, None))
        mine = {sid: lim for (k, sid), lim in own.items() if k == kind and sid is not None}
        if default is None and not mine:
            continue
        seen = set()
        rows = (
            Initiative.objects.filter(status__in=ACTIVE_STATUSES, **{f"{column}__isnull": False})
            .values(f"{column}_id", *_NAMES[kind])
            .annotate(load=Count("id"))
            .order_by()
        )
        for row in rows:
            subject_id = row[f"{column}_id"]
            limit = mine.get(subject_id, default)
            seen.add(subject_id)
            if limit is not None:
                loads.append(FocusLoad(kind, _name(kind, row), row["load"], limit))
        for subject_id, limit in mine.items():
            if subject_id not in seen:
                loads.append(FocusLoad(kind, limit.subject_label, 0, limit))
    loads.sort(
        key=lambda r: (not r.over, not r.at_limit, -(r.load / max(r.limit.limit, 1)), r.subject)
    )
    return FocusBoard(loads=loads, limits=limits)
