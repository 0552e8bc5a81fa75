"""What portfolio adds to governance's pages: the methods' adoption per business unit on the
standards library."""

from __future__ import annotations

from typing import Any

from cxgov.blocks import Block, register_block

from .selectors.methods import method_adoption


def library_adoption(obj: Any, user: Any) -> dict[str, Any]:
    return {"adoption": method_adoption()}


register_block(
    "governance.standards",
    Block(
        key="portfolio.method-adoption",
        template="portfolio/_method_adoption.html",
        context=library_adoption,
    ),
)
