"""Small template helpers for the portfolio pages."""

from django import template

from portfolio.models import Status

register = template.Library()


@register.filter
def may_move(board, initiative) -> bool:
    """Whether the board shows `initiative` as movable for its viewer (no query)."""
    return board.may_move(initiative)


@register.filter
def status_label(value: str) -> str:
    return Status(value).label
