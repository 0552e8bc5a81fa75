"""The KPI pack of a meeting, stored and frozen when the meeting opens (or, for a meeting that
took place without one, when the chair stores it late), so a meeting shows what it saw. Before
the opening the pack is read live and not stored. The whole pack is plain JSON (numbers, text,
dates as ISO strings): charts are drawn from it at view time, never from live data."""

from __future__ import annotations

from typing import Any

from django.db import models

from cxgov.querysets import ScopedQuerySet


class KpiPackQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> KpiPackQuerySet:
        """Whoever sees the meeting sees its pack."""
        from governance.models import Meeting

        return self.filter(meeting__in=Meeting.objects.for_user(user))


class KpiPack(models.Model):
    meeting = models.OneToOneField(
        "governance.Meeting", on_delete=models.CASCADE, related_name="kpi_pack"
    )
    built_at = models.DateTimeField(
        help_text="The moment the data was read as of: the meeting's opening (or its start, "
        "for a pack stored late)."
    )
    frozen_at = models.DateTimeField(
        help_text="When the pack was stored; from then it never changes."
    )
    data = models.JSONField(help_text="The whole pack as plain JSON, as it was seen.")

    objects = KpiPackQuerySet.as_manager()

    class Meta:
        verbose_name = "KPI pack"
        ordering = ["-built_at"]

    def __str__(self) -> str:
        return f"KPI pack of {self.meeting}"

    @property
    def late(self) -> bool:
        """Stored after the meeting, read as of its start (some sections today's)."""
        return bool(self.data.get("late"))
