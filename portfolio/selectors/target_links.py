"""The KPI targets an initiative moves, each with its realized change beside the expected one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..models import Initiative, TargetLink

# The KPI targets an initiative moves


@dataclass
class TargetLinkRow:
    """A link as the initiative's page shows it: the target's scope named, and the target's
    status from its latest completed period."""

    link: TargetLink
    scope: str
    reading: Any  # voc.selectors.TargetReading


def target_link_rows(*, initiative: Initiative) -> list[TargetLinkRow]:
    """The initiative's target links with each target's scope and status, in a fixed number
    of queries (links, targets, rollups twice, one per dimension kind named), whatever the
    number of links."""
    from voc.models import KpiTarget
    from voc.selectors import scope_names, targets_with_status

    links = list(initiative.target_links.shaped())
    if not links:
        return []
    targets = KpiTarget.objects.filter(pk__in=[link.target_id for link in links])
    readings = {r.target.pk: r for r in targets_with_status(targets)}
    names = scope_names({(link.target.dimension_kind, link.target.dimension_id) for link in links})
    return [
        TargetLinkRow(
            link=link,
            scope=names[(link.target.dimension_kind, link.target.dimension_id)],
            reading=readings.get(link.target_id),
        )
        for link in links
    ]
