"""Dimension values (touchpoints, channels, segments, business units) and scope names, in the
one format voc.models.scope_label gives: "overall", or "Touchpoint: Checkout"."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import DIMENSION_MODELS, DimensionKind, dimension_model, scope_label


def scope_name(dimension_kind: str, dimension_id: int) -> str:
    """The name of one scope: "overall" without a query, else one query."""
    return scope_names([(dimension_kind, dimension_id)])[(dimension_kind, dimension_id)]


def scope_names(keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """The names of many (dimension kind, dimension id) scopes: one query per kind present,
    whatever the number of pairs. A value that no longer exists is named by its id."""
    keys = list(keys)
    wanted: dict[str, set[int]] = {}
    for kind, pk in keys:
        if kind != DimensionKind.OVERALL:
            wanted.setdefault(kind, set()).add(pk)
    found: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        rows = dimension_model(kind).objects.filter(pk__in=ids).values_list("pk", "name")
        found.update(((kind, pk), name) for pk, name in rows)
    return {(kind, pk): scope_label(kind, found.get((kind, pk), f"#{pk}")) for kind, pk in keys}


def dimension_values(*, active_only: bool = False) -> dict[str, list[tuple[int, str]]]:
    """Each dimension's values as (id, name), by name: one small query per kind. The filters
    show every value (old responses keep theirs); a new target may pick only active ones."""
    values = {}
    for kind in DIMENSION_MODELS:
        rows = dimension_model(kind).objects.order_by("name")
        if active_only:
            rows = rows.filter(is_active=True)
        values[kind] = list(rows.values_list("pk", "name"))
    return values
