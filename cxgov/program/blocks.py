"""What the program adds to the apps' pages: the KPI pack's card on a meeting's page, the
line of sight beside a KPI target wherever a page of voc or portfolio names one, and on an
initiative's page whether the comment themes it addresses are mentioned less since it started."""

from typing import Any

from cxgov.blocks import Block, register_block
from cxgov.program.line_of_sight import THEME_WINDOW_MONTHS, theme_shifts


def _initiative_themes(initiative: Any, user: Any) -> dict[str, Any] | None:
    rows = theme_shifts([initiative])
    if not rows:
        return None
    return {"row": rows[0], "window": THEME_WINDOW_MONTHS}


register_block(
    "governance.meeting",
    Block(key="program.kpi-pack", template="program/pack/_meeting_block.html"),
)
register_block(
    "voc.target",
    Block(key="program.line-of-sight", template="program/_kpi_sight_block.html"),
)
register_block(
    "portfolio.initiative",
    Block(
        key="program.initiative-themes",
        template="program/line_of_sight/_initiative_themes.html",
        context=_initiative_themes,
    ),
)
