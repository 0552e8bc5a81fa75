"""The KPI pack as one plain-JSON document: built from its sections when the meeting opens,
stored (frozen when it closes), and read back as each reader may see it.

`pack_build(meeting=..., as_of=...)` reads every section as it stands at `as_of` (the meeting's
opening). `pack_data(meeting=..., user=...)` is what the pages and the API read: the stored
pack when the meeting has one, else a live preview, less the initiatives the reader may not
open elsewhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cxgov.program.models import KpiPack
from governance.models import Meeting
from portfolio.models import Initiative

from .sections import SECTIONS, frame_for, section_read

PACK_VERSION = 1


def pack_build(*, meeting: Meeting, as_of: dt.datetime | None = None, by: Any = None) -> dict:
    """The whole pack as plain JSON, read at `as_of` (now unless given), for `by` (whose view
    of the line of sight's flags it keeps)."""
    as_of = as_of or timezone.now()
    frame = frame_for(meeting, as_of, by)
    sections = {name: section_read(frame, name) for name in SECTIONS}
    previous = frame.previous
    return {
        "version": PACK_VERSION,
        "meeting": {
            "id": meeting.pk,
            "title": meeting.title,
            "body": frame.body.name,
            "body_id": frame.body.pk,
            "tier": frame.body.tier,
            "tier_label": frame.body.get_tier_display(),
            "starts_at": meeting.starts_at.isoformat(),
            "local_start": meeting.local_start.strftime("%d %b %Y %H:%M"),
            "time_zone": meeting.time_zone,
        },
        "as_of": as_of.isoformat(),
        "since": frame.since.isoformat(),
        "previous_meeting": (
            {"id": previous.pk, "local_start": previous.local_start.strftime("%d %b %Y")}
            if previous
            else None
        ),
        "sections": sections,
    }


def stored_pack(meeting: Meeting) -> KpiPack | None:
    return KpiPack.objects.filter(meeting=meeting).first()


# Where a pack names initiatives: (section, list key, the key holding the initiative's id, the
# key of the count shown beside the list).
INITIATIVE_LISTS = [
    ("initiatives", "items", "id", "total"),
    ("needs_help", "items", "id", "total"),
    ("risks", "items", "initiative_id", "total"),
    ("decisions", "items", "initiative_id", "total"),
    ("flags", "unaligned", "id", "unaligned_total"),
]


def for_reader(data: dict, user: Any) -> dict:
    """The pack as `user` may read it: the pack is the body's document, stored once for all,
    but an initiative the reader may not see elsewhere (Initiative.objects.for_user) is left
    out here too, and each list says how many were. One query; the stored pack is untouched."""
    sections = data["sections"]
    named = {
        row[key]
        for name, rows, key, _total in INITIATIVE_LISTS
        for row in sections.get(name, {}).get(rows, [])
        if row.get(key)
    }
    if not named:
        return data
    visible = set(
        Initiative.objects.for_user(user).filter(pk__in=named).values_list("pk", flat=True)
    )
    if visible == named:
        return data
    shown = {**data, "sections": dict(sections)}
    for name, rows, key, total in INITIATIVE_LISTS:
        section = sections.get(name)
        if not section or rows not in section:
            continue
        kept = [row for row in section[rows] if not row.get(key) or row[key] in visible]
        hidden = len(section[rows]) - len(kept)
        if hidden:
            shown["sections"][name] = {
                **section,
                rows: kept,
                total: max(0, section.get(total, 0) - hidden),
                "hidden": hidden,
            }
    return shown


def pack_data(*, meeting: Meeting, user: Any) -> tuple[dict, KpiPack | None]:
    """The stored pack, or a live preview for a meeting that has none yet, as `user` may read
    it (`for_reader`)."""
    stored = stored_pack(meeting)
    if stored is not None:
        return for_reader(stored.data, user), stored
    return for_reader(pack_build(meeting=meeting, by=user), user), None
