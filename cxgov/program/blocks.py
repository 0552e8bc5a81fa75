"""What the program adds to the apps' pages: the KPI pack's card on a meeting's page."""

from cxgov.blocks import Block, register_block

register_block(
    "governance.meeting",
    Block(key="program.kpi-pack", template="program/pack/_meeting_block.html"),
)
