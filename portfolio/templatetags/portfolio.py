"""Small template helpers for the portfolio pages."""

from django import template

from portfolio.models import Status

register = template.Library()


@register.filter
def board_moves(board, initiative) -> list[str]:
    """The moves the board offers its viewer on `initiative` (no query)."""
    return board.moves(initiative)


@register.filter
def status_label(value: str) -> str:
    return Status(value).label
