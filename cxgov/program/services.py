"""Writes of the program package: building a meeting's KPI pack and freezing it. Called from
governance's meeting_opened / meeting_closed signals inside the meeting's own transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from governance.models import Meeting

from .models import KpiPack
from .pack.document import pack_build


@transaction.atomic
def kpi_pack_build(
    *, meeting: Meeting, as_of: dt.datetime | None = None, by: Any = None
) -> KpiPack:
    """Build (or rebuild) the meeting's pack from the data as it stands at `as_of`, as `by`
    (who opens the meeting) sees it. A frozen pack is never rebuilt: it is returned as it is."""
    as_of = as_of or timezone.now()
    pack = KpiPack.objects.select_for_update().filter(meeting=meeting).first()
    if pack is not None and pack.is_frozen:
        return pack
    data = pack_build(meeting=meeting, as_of=as_of, by=by)
    if pack is None:
        return KpiPack.objects.create(meeting=meeting, built_at=as_of, data=data)
    pack.built_at, pack.data = as_of, data
    pack.save(update_fields=["built_at", "data"])
    return pack


@transaction.atomic
def kpi_pack_freeze(*, meeting: Meeting, at: dt.datetime | None = None, by: Any = None) -> KpiPack:
    """Freeze the meeting's pack as it was seen (built now if the meeting never had one)."""
    at = at or timezone.now()
    pack = KpiPack.objects.select_for_update().filter(meeting=meeting).first()
    if pack is None:
        pack = kpi_pack_build(meeting=meeting, as_of=at, by=by)
    if not pack.is_frozen:
        pack.frozen_at = at
        pack.save(update_fields=["frozen_at"])
    return pack
