"""Dimension values (touchpoints, channels, segments, business units) and scope names."""

from __future__ import annotations

from ..models import DimensionKind


def scope_name(dimension_kind: str, dimension_id: int) -> str:
    """'Overall', or the dimension value's name ('Touchpoint Checkout')."""
    if dimension_kind == DimensionKind.OVERALL:
        return "overall"
    from django.apps import apps

    model = {
        DimensionKind.TOUCHPOINT: apps.get_model("voc", "Touchpoint"),
        DimensionKind.CHANNEL: apps.get_model("voc", "Channel"),
        DimensionKind.SEGMENT: apps.get_model("voc", "Segment"),
        DimensionKind.BUSINESS_UNIT: apps.get_model("governance", "BusinessUnit"),
    }[dimension_kind]
    name = model.objects.filter(pk=dimension_id).values_list("name", flat=True).first()
    return f"{DimensionKind(dimension_kind).label.lower()} {name or dimension_id}"


def scope_names(keys) -> dict[tuple[str, int], str]:
    """`scope_name` for many (dimension kind, dimension id) pairs: one query per kind present,
    whatever the number of pairs."""
    from django.apps import apps

    models = {
        DimensionKind.TOUCHPOINT: apps.get_model("voc", "Touchpoint"),
        DimensionKind.CHANNEL: apps.get_model("voc", "Channel"),
        DimensionKind.SEGMENT: apps.get_model("voc", "Segment"),
        DimensionKind.BUSINESS_UNIT: apps.get_model("governance", "BusinessUnit"),
    }
    wanted: dict[str, set[int]] = {}
    for kind, pk in keys:
        if kind != DimensionKind.OVERALL:
            wanted.setdefault(kind, set()).add(pk)
    names: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        found = dict(models[kind].objects.filter(pk__in=ids).values_list("pk", "name"))
        label = DimensionKind(kind).label.lower()
        for pk in ids:
            names[(kind, pk)] = f"{label} {found.get(pk, pk)}"
    return {
        (kind, pk): "overall" if kind == DimensionKind.OVERALL else names[(kind, pk)]
        for kind, pk in keys
    }


def dimension_values() -> dict[str, list[tuple[int, str]]]:
    """Each dimension's values as (id, name), for the filters: four small queries."""
    from django.apps import apps

    models = {
        DimensionKind.TOUCHPOINT: apps.get_model("voc", "Touchpoint"),
        DimensionKind.CHANNEL: apps.get_model("voc", "Channel"),
        DimensionKind.SEGMENT: apps.get_model("voc", "Segment"),
        DimensionKind.BUSINESS_UNIT: apps.get_model("governance", "BusinessUnit"),
    }
    return {
        kind: list(model.objects.order_by("name").values_list("pk", "name"))
        for kind, model in models.items()
    }
