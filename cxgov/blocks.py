"""Blocks that a layer above fills in a page of a layer below, registered at startup.

An app's template may not name a URL (or a rule, or a template) of a layer above it: governance
knows nothing of voc, portfolio or the program. Where its page should still show what an upper
layer adds (the meeting's KPI pack, a success statement's KPI targets), the page names a place,

    {% load blocks %}{% blocks "governance.meeting" meeting %}

and the upper layer registers a block for that place from its `blocks.py`, imported in its
`AppConfig.ready`:

    register_block("governance.meeting", Block(key="program.kpi-pack",
                                               template="program/pack/_meeting_block.html"))

Each block's template is rendered in the page's context with `object` set to the page's object
and whatever the block's `context(obj, user)` adds; a block whose `context` returns None shows
nothing on that page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .registry import Registry


@dataclass(frozen=True)
class Block:
    """One block: its key, its template, and what it reads for the object (None: not shown)."""

    key: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None] | None = None

    def context_for(self, obj: Any, user: Any) -> dict[str, Any] | None:
        return {} if self.context is None else self.context(obj, user)


# One registry per place, made when a block or a page first names it.
places: dict[str, Registry[Block]] = {}


def place(name: str) -> Registry[Block]:
    """The blocks registered for a place, in registration order."""
    return places.setdefault(name, Registry(f"blocks of {name}"))


def register_block(place_name: str, block: Block) -> Block:
    """Fill a place in a lower layer's page (from an upper layer's `blocks.py`)."""
    return place(place_name).register(block.key, block)
