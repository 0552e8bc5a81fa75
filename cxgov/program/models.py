"""The KPI pack of a meeting: built when the meeting opens, frozen when it closes, so a past
meeting shows what was seen then. The whole pack is plain JSON (numbers, text, dates as ISO
strings): charts are drawn from it at view time, never from live data."""

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
    built_at = models.DateTimeField(help_text="When the data was read (the meeting's opening).")
    frozen_at = models.DateTimeField(
        null=True, blank=True, help_text="When the meeting closed; the pack no longer changes."
    )
    data = models.JSONField(help_text="The whole pack as plain JSON, as it was seen.")

    objects = KpiPackQuerySet.as_manager()

    class Meta:
        verbose_name = "KPI pack"
        ordering = ["-built_at"]

    def __str__(self) -> str:
        return f"KPI pack of {self.meeting}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None
