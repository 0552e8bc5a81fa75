"""What voc offers the search box: closed-loop cases, by what was done for the customer (the
closing note), scoped by `ClosedLoopCase.objects.for_user` (an owner sees their own). The
customer's comment and key are not searched here: a case reads as its number and touchpoint."""

from cxgov.search import Searchable, register_search

from .models import ClosedLoopCase

CASE_FIELDS = ("closing_note",)

register_search(
    Searchable(
        model=ClosedLoopCase,
        fields=CASE_FIELDS,
        order_by=("-opened_on", "-pk"),
        label=lambda case: f"Case {case.pk}: {case.touchpoint or case.metric}",
        select_related=("touchpoint", "metric"),
        kind="Closed-loop cases",
    )
)
