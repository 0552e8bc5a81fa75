"""Method adoption per business unit: for each method of the standards library, how many
active initiatives of each business unit use it. Three queries at any size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from governance.models import BusinessUnit, Standard

from ..models import ACTIVE_STATUSES, Initiative, MethodUse


@dataclass
class AdoptionRow:
    method: Standard
    counts: list[int]  # per unit, in the table's unit order

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Adoption:
    units: list[BusinessUnit]
    rows: list[AdoptionRow]

    @property
    def any_use(self) -> bool:
        return any(row.total for row in self.rows)


def method_adoption() -> Adoption:
    """Every method, against the business units that have an active initiative using any
    method (an approved, in-progress or on-hold one): the number of such initiatives per
    method and unit, counted in the database. An initiative without a unit is not counted."""
    counts = {
        (row["method_id"], row["initiative__business_unit_id"]): row["n"]
        for row in MethodUse.objects.filter(
            initiative__status__in=ACTIVE_STATUSES, initiative__business_unit__isnull=False
        )
        .values("method_id", "initiative__business_unit_id")
        .annotate(n=Count("initiative_id", distinct=True))
        .order_by()
    }
    unit_ids = {unit_id for _, unit_id in counts}
    units = list(BusinessUnit.objects.filter(pk__in=unit_ids).order_by("name"))
    methods = list(Standard.objects.methods().order_by("title"))
    rows = [
        AdoptionRow(method, [counts.get((method.pk, unit.pk), 0) for unit in units])
        for method in methods
    ]
    return Adoption(units=units, rows=rows)


def initiative_methods(*, initiative: Initiative) -> list[Standard]:
    """The methods `initiative` uses, by title. One query."""
    return list(Standard.objects.filter(uses__initiative=initiative).order_by("title"))
