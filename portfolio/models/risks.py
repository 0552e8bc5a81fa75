"""Risks: what may stop an initiative, their severity and escalation to the steering committee."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from cxgov.querysets import ScopedQuerySet
from cxgov.validators import SHORT_TEXT, plain_line, plain_text
from governance.models.structure import RemembersLoadedValues

from .. import permissions as rules
from .initiatives import Initiative


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    MITIGATED = "mitigated", "Mitigated"
    CLOSED = "closed", "Closed"


class RiskQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> RiskQuerySet:
        return self.filter(initiative__in=Initiative.objects.for_user(user))

    def awaiting_steering(self) -> RiskQuerySet:
        """Escalated, still open and not yet taken up: what the steering committee's next
        meeting must see (read by the meeting pack)."""
        return self.filter(
            escalated_on__isnull=False, steering_reviewed_on__isnull=True, status=RiskStatus.OPEN
        )


class Risk(RemembersLoadedValues, models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(max_length=200, validators=plain_line("The title"))
    description = models.TextField(blank=True, validators=plain_text("The description"))
    likelihood = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)], help_text="1 (rare) to 5."
    )
    impact = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)], help_text="1 (minor) to 5."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_risks"
    )
    mitigation = models.TextField(blank=True, validators=plain_text("The mitigation"))
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    # Escalation: set by services.risk_escalate; the steering committee's next meeting reads
    # Risk.objects.awaiting_steering() and marks it reviewed.
    escalated_on = models.DateField(null=True, blank=True)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalated_risks",
    )
    escalation_note = models.TextField(
        blank=True, validators=plain_text("The escalation note", SHORT_TEXT)
    )
    steering_reviewed_on = models.DateField(
        null=True, blank=True, help_text="When the steering committee took the escalation up."
    )

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["-escalated_on", "status", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5) & Q(impact__gte=1, impact__lte=5),
                name="risk_scores_1_to_5",
                violation_error_message="Likelihood and impact are scored 1 to 5.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.owner_id and self.initiative_id and self.links_anew("owner_id"):
            refused = rules.can_own_risk.refusal(self.owner, self)
            if refused:
                raise ValidationError({"owner": refused})

    @property
    def severity(self) -> int:
        return (self.likelihood or 0) * (self.impact or 0)

    @property
    def severity_band(self) -> str:
        score = self.severity
        return "high" if score >= 15 else "medium" if score >= 8 else "low"
