"""Writes of the program package: freezing a meeting's KPI pack. Called from governance's
meeting_opened / meeting_closed signals inside the meeting's own transaction, and by the
chair for a meeting that took place without one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from governance.models import Meeting
from governance.permissions import can_run_meeting

from .errors import PackError
from .models import KpiPack
from .pack.document import LATE, LIVE, late_as_of, pack_build, pack_mode, stored_pack


@transaction.atomic
def kpi_pack_freeze(
    *, meeting: Meeting, as_of: dt.datetime | None = None, by: Any = None, late: bool = False
) -> KpiPack:
    """Store the meeting's pack read at `as_of` (now unless given), as `by` sees the line of
    sight, and freeze it: from then on it never changes. A pack already stored is returned as
    it is, so opening, closing and a second click each freeze it once. `late`: the meeting
    took place without a pack; read it as of its start (pack_build)."""
    pack = KpiPack.objects.select_for_update().filter(meeting=meeting).first()
    if pack is not None:
        return pack
    now = timezone.now()
    as_of = as_of or now
    data = pack_build(meeting=meeting, as_of=as_of, by=by, late=late)
    return KpiPack.objects.create(meeting=meeting, built_at=as_of, frozen_at=now, data=data)


@transaction.atomic
def kpi_pack_store_late(*, meeting: Meeting, by: Any) -> KpiPack:
    """The chair stores the pack of a meeting that took place without one: read as of the
    meeting's opening or start where history exists (the rest today's, as the pack says),
    then frozen like any other."""
    can_run_meeting.enforce(by, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    stored = KpiPack.objects.filter(meeting=meeting).first()
    if pack_mode(meeting, stored) != LATE:
        raise PackError(
            "This meeting's pack is read live until the meeting opens, and frozen from then: "
            "there is nothing to store."
            if stored is None
            else "This meeting's pack is already frozen; it does not change."
        )
    return kpi_pack_freeze(meeting=meeting, as_of=late_as_of(meeting), by=by, late=True)


def kpi_pack_rebuild(*, meeting: Meeting, by: Any) -> dict:
    """The chair (or whoever runs the body's meetings) rebuilds the pack before the meeting,
    say after a late import, and sees what it now reads. Before the opening the pack is read
    afresh on each visit, so nothing is stored: the rebuild is that read, asked for by name and
    answered with when it was read. Refused once the pack is frozen or read late."""
    can_run_meeting.enforce(by, meeting)
    if pack_mode(meeting, stored_pack(meeting)) != LIVE:
        raise PackError(
            "This meeting's pack is frozen (or read as of the meeting): it is not rebuilt."
        )
    return pack_build(meeting=meeting, by=by)
