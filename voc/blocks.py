"""What voc adds to governance's pages: a success statement's KPI targets, and the way to add
one."""

from __future__ import annotations

from typing import Any

from cxgov.blocks import Block, register_block

from .models import KpiTarget
from .selectors import scope_names, targets_realism


def statement_targets(statement: Any, user: Any) -> dict[str, Any]:
    """The statement's KPI targets the person may see, each with its scope's name and its
    realism (a stretch is marked). Two queries, plus one per kind of scope present."""
    targets = list(
        KpiTarget.objects.for_user(user)
        .filter(success_statement=statement)
        .select_related("metric")
    )
    names = scope_names({(t.dimension_kind, t.dimension_id) for t in targets})
    realism = targets_realism(targets)
    return {
        "targets": [(t, names[(t.dimension_kind, t.dimension_id)], realism[t.pk]) for t in targets]
    }


register_block(
    "governance.success_statement",
    Block(
        key="voc.targets",
        template="voc/_statement_targets.html",
        context=statement_targets,
    ),
)
