"""The KPI pack as one plain-JSON document: read live until the meeting opens, stored and
frozen when it opens (what the meeting saw), and read back as each reader may see it.

`pack_build(meeting=..., as_of=...)` reads every section as it stands at `as_of`.
`pack_data(meeting=..., user=...)` is what the pages and the API read (`pack_mode`): the
frozen pack once the meeting opened; a live read, with the age of its data, before; and for
a meeting that took place without a pack, a late read as of its start (history where it
exists, the rest today's, said so) until the chair stores it. Initiatives the reader may not
open elsewhere are left out of each.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.utils import timezone

from cxgov.program.models import KpiPack
from governance.models import Meeting, MeetingStatus
from portfolio.models import Initiative, StatusUpdate
from voc.models import ImportJob, ImportStatus

from .sections import HISTORY_SECTIONS, SECTION_TITLES, SECTIONS, frame_for, section_read

PACK_VERSION = 2

# How a pack is read (the page's and the API's "state"):
LIVE = "live"  # before the meeting: read afresh on every visit
FROZEN = "frozen"  # stored when the meeting opened: what it saw, never changed
LATE = "late"  # the meeting took place without a pack: read as of its start, not stored yet


def pack_mode(meeting: Meeting, stored: KpiPack | None, now: dt.datetime | None = None) -> str:
    if stored is not None:
        return FROZEN
    now = now or timezone.now()
    if meeting.status == MeetingStatus.SCHEDULED and meeting.ends_at <= now:
        return LATE  # it took place (or should have) and was never opened
    if meeting.status in (MeetingStatus.IN_PROGRESS, MeetingStatus.CLOSED):
        return LATE  # opened before packs were frozen at the opening
    return LIVE


def late_as_of(meeting: Meeting) -> dt.datetime:
    """A late pack reads the data as of the meeting's opening, or its start."""
    return meeting.opened_at or meeting.starts_at


def data_age(as_of: dt.datetime) -> dict:
    """How fresh the data behind the pack is: the last finished response import and the last
    status update recorded by `as_of`. Two queries."""
    imported = ImportJob.objects.filter(
        status=ImportStatus.SUCCEEDED, finished_at__lte=as_of
    ).aggregate(at=Max("finished_at"))["at"]
    updated = StatusUpdate.objects.filter(created_at__lte=as_of).aggregate(at=Max("created_at"))[
        "at"
    ]
    return {"last_import": _iso(imported), "last_status_update": _iso(updated)}


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def pack_build(
    *, meeting: Meeting, as_of: dt.datetime | None = None, by: Any = None, late: bool = False
) -> dict:
    """The whole pack as plain JSON, read at `as_of` (now unless given), for `by` (whose view
    of the line of sight's flags it keeps). `late`: built after the meeting, as of its start;
    the sections that keep no history say they are today's."""
    as_of = as_of or timezone.now()
    frame = frame_for(meeting, as_of, by, late=late)
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
            "local_start": meeting.local_start.strftime("%-d %b %Y %H:%M"),
            "time_zone": meeting.time_zone,
        },
        "as_of": as_of.isoformat(),
        "data_age": data_age(as_of),
        # A late pack: when it was read, and the sections read as they stand that day.
        "late": (
            {
                "read_at": timezone.now().isoformat(),
                "today": [SECTION_TITLES[n] for n in SECTIONS if n not in HISTORY_SECTIONS],
            }
            if late
            else None
        ),
        "since": frame.since.isoformat(),
        "previous_meeting": (
            {"id": previous.pk, "local_start": previous.local_start.strftime("%-d %b %Y")}
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


def pack_data(*, meeting: Meeting, user: Any) -> tuple[dict, KpiPack | None, str]:
    """The pack to show `user` (`for_reader`), the stored pack if any, and how it was read
    (`pack_mode`)."""
    stored = stored_pack(meeting)
    mode = pack_mode(meeting, stored)
    if mode == FROZEN:
        return for_reader(stored.data, user), stored, mode
    if mode == LATE:
        data = pack_build(meeting=meeting, as_of=late_as_of(meeting), by=user, late=True)
        return for_reader(data, user), None, mode
    return for_reader(pack_build(meeting=meeting, by=user), user), None, mode
