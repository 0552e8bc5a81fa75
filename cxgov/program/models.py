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


class HealthSnapshotQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> HealthSnapshotQuerySet:
        """The program's snapshots, and those of the bodies the person may see."""
        from governance.models import GovernanceBody

        return self.filter(
            models.Q(body__isnull=True) | models.Q(body__in=GovernanceBody.objects.for_user(user))
        )


class HealthSnapshot(models.Model):
    """The governance-health score of one month, for one body or (body empty) the whole
    program, taken by the monthly job: once per month and body, whatever the beat does."""

    body = models.ForeignKey(
        "governance.GovernanceBody",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="health_snapshots",
        help_text="Empty: the whole program.",
    )
    month = models.DateField(help_text="The month's first day.")
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="0 to 100; empty when no signal had data."
    )
    readings = models.JSONField(
        default=list, help_text="Each signal's key, title, value (0..1 or null) and weight."
    )
    taken_at = models.DateTimeField()

    objects = HealthSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["month", "body_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "month"],
                condition=models.Q(body__isnull=False),
                name="health_snapshot_once_per_body_and_month",
            ),
            models.UniqueConstraint(
                fields=["month"],
                condition=models.Q(body__isnull=True),
                name="health_snapshot_once_per_program_month",
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="health_snapshot_month_first_day"
            ),
            models.CheckConstraint(
                condition=models.Q(score__lte=100), name="health_snapshot_score_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"Governance health of {self.body or 'the program'}, {self.month:%b %Y}"
