"""Method adoption: recording which methods of the standards library an initiative uses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cxgov.concurrency import claim
from governance.models import Standard, StandardKind

from .. import permissions as rules
from ..models import Initiative, MethodUse


@transaction.atomic
def initiative_methods_set(
    *, initiative: Initiative, by: Any, methods: Iterable[Standard]
) -> list[MethodUse]:
    """Say which of the library's methods `initiative` uses: those named are kept or added,
    the others removed. Anything but a method is refused on `methods`, nothing changed.
    Returns the initiative's uses, by method title."""
    rules.can_edit_initiative.enforce(by, initiative)
    wanted = {method.pk: method for method in methods}
    known = set(
        Standard.objects.filter(pk__in=wanted, kind=StandardKind.METHOD).values_list(
            "pk", flat=True
        )
    )
    refused = [str(method) for pk, method in wanted.items() if pk not in known]
    if refused:
        raise ValidationError(
            {"methods": f"Not a method of the standards library: {', '.join(sorted(refused))}."}
        )
    # The uses change as one: a second editor's change waits for this one, never interleaves.
    claim(initiative)
    current = set(initiative.method_uses.values_list("method_id", flat=True))
    initiative.method_uses.exclude(method_id__in=wanted).delete()
    MethodUse.objects.bulk_create(
        MethodUse(initiative=initiative, method=wanted[pk], marked_by=by)
        for pk in sorted(set(wanted) - current)
    )
    return list(initiative.method_uses.select_related("method").order_by("method__title"))
