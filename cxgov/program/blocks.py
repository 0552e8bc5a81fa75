"""What the program adds to the apps' pages: the KPI pack's card on a meeting's page, and the
line of sight beside a KPI target wherever a page of voc or portfolio names one."""

from cxgov.blocks import Block, register_block

register_block(
    "governance.meeting",
    Block(key="program.kpi-pack", template="program/pack/_meeting_block.html"),
)
register_block(
    "voc.target",
    Block(key="program.line-of-sight", template="program/_kpi_sight_block.html"),
)
