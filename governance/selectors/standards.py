"""The standards library's reads: the library by kind (one query), an item's versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cxgov.dates import today

from ..models import KIND_HEADINGS, Standard, StandardVersion


@dataclass
class LibrarySection:
    kind: str
    heading: str
    items: list[Standard] = field(default_factory=list)


def standards_library(*, user, on: dt.date | None = None) -> list[LibrarySection]:
    """Definitions, methods and templates, each by title, with their owners; each item is
    marked `review_overdue` when its review date has passed. One query."""
    on = on or today()
    sections = {kind: LibrarySection(kind, heading) for kind, heading in KIND_HEADINGS.items()}
    for item in Standard.objects.for_user(user).select_related("owner").order_by("title"):
        item.review_overdue = item.is_review_overdue(on)
        sections[item.kind].items.append(item)
    return list(sections.values())


def standard_versions(*, standard: Standard) -> list[StandardVersion]:
    """Every version of an item, newest first, with who made it. One query."""
    return list(standard.versions.select_related("edited_by", "owner").order_by("-number"))
