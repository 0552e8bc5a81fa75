"""What voc adds to governance's pages: a success statement's KPI targets, and the way to add
one."""

from __future__ import annotations

from typing import Any

from cxgov.blocks import Block, register_block

from .models import KpiTarget


def statement_targets(statement: Any, user: Any) -> dict[str, Any]:
    """The statement's KPI targets the person may see. One query."""
    targets = KpiTarget.objects.for_user(user).filter(success_statement=statement)
    return {"targets": list(targets.select_related("metric"))}


register_block(
    "governance.success_statement",
    Block(
        key="voc.targets",
        template="voc/_statement_targets.html",
        context=statement_targets,
    ),
)
