"""The program's records: the KPI pack of a meeting, the governance-health snapshots and the
success stories of the CX storyline.

The KPI pack of a meeting, stored and frozen when the meeting opens (or, for a meeting that
took place without one, when the chair stores it late), so a meeting shows what it saw. Before
the opening the pack is read live and not stored. The whole pack is plain JSON (numbers, text,
dates as ISO strings): charts are drawn from it at view time, never from live data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from cxgov.querysets import ScopedQuerySet
from cxgov.validators import SHORT_TEXT, plain_line, plain_text


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


class SuccessStoryQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> SuccessStoryQuerySet:
        """Whoever may see the initiative sees its story (the quote itself is shown only to
        those who may read the comment it comes from: cxgov.program.stories)."""
        from portfolio.models import Initiative

        return self.filter(initiative__in=Initiative.objects.for_user(user))


class SuccessStory(models.Model):
    """A success story of the CX storyline: an initiative, the KPI it moved (its link to the
    target, whose realized change with its interval the line of sight measures) and, when the
    author may read it, a customer's words quoted from a VoC comment. The quote keeps its link
    to the response; the response's customer key is never shown anywhere."""

    title = models.CharField(
        max_length=120, validators=plain_line("The title"), help_text="The story in a few words."
    )
    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.PROTECT, related_name="success_stories"
    )
    link = models.ForeignKey(
        "portfolio.TargetLink",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="success_stories",
        verbose_name="KPI it moved",
        help_text="The initiative's link to the KPI target it moved: its realized change, "
        "before and after with the 95% interval, comes from the line of sight.",
    )
    narrative = models.TextField(
        validators=plain_text("The story", SHORT_TEXT),
        help_text="What changed for customers, and how, in a few sentences.",
    )
    response = models.ForeignKey(
        "voc.Response",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="quoted response",
        help_text="The response whose comment is quoted.",
    )
    quote = models.TextField(
        blank=True,
        validators=plain_text("The quote", SHORT_TEXT),
        help_text="The customer's words, as the comment has them (the whole comment, or a part).",
    )
    told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SuccessStoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "success stories"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(response__isnull=True, quote="")
                | (models.Q(response__isnull=False) & ~models.Q(quote="")),
                name="success_story_quote_has_its_response",
                violation_error_message="A quote keeps its link to the response it comes from.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("program:story", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.link_id and self.initiative_id and self.link.initiative_id != self.initiative_id:
            errors["link"] = f"That KPI link is another initiative's, not {self.initiative}'s."
        if self.response_id and self.quote:
            comment = " ".join(self.response.comment.split()).casefold()
            if not comment:
                errors["response"] = "That response has no comment to quote."
            elif " ".join(self.quote.split()).casefold() not in comment:
                errors["quote"] = (
                    "The quote must be the customer's own words: the whole comment or a part "
                    "of it, as written."
                )
        if errors:
            raise ValidationError(errors)
