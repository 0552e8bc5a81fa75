"""Working-group commitments: what each member of a working group states they contribute to
the group's goals and plans (in words and hours a month), whether they agreed to it, and the
manager informed of it; beside the hours the group needs (GovernanceBody.hours_needed)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from cxgov.people import person_name
from cxgov.querysets import ScopedQuerySet
from cxgov.validators import SHORT_TEXT, plain_text

from .structure import GovernanceBody, Membership, Tier

# A month's hours at most (31 days of 24): more is a typing slip.
MAX_MONTH_HOURS = Decimal("744")


class Commitment(models.Model):
    body = models.ForeignKey(
        GovernanceBody, on_delete=models.PROTECT, related_name="commitments", db_index=False
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commitments"
    )
    contribution = models.TextField(
        validators=plain_text("The contribution", SHORT_TEXT),
        help_text="What this member contributes to the group's goals and plans.",
    )
    hours_per_month = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_MONTH_HOURS)],
        help_text="Hours a month this member gives the group; 0 to 744.",
    )
    agreed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the member agreed to it; empty: not yet agreed."
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member's line manager, informed once the commitment is agreed.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["body__name", "person__last_name", "person__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person"],
                name="one_commitment_per_member_and_body",
                violation_error_message="This member already has a commitment to this group.",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_month__gte=0),
                name="commitment_hours_not_negative",
                violation_error_message="Hours a month are 0 or more.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} to {self.body}: {self.hours_per_month:g} h a month"

    @property
    def agreed(self) -> bool:
        return self.agreed_at is not None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.hours_per_month is not None and self.hours_per_month < 0:
            errors["hours_per_month"] = f"Hours a month are 0 or more, not {self.hours_per_month}."
        if self.body_id is not None and self.body.tier != Tier.WORKING_GROUP:
            errors["body"] = (
                f"{self.body} is not a working group: commitments are working-group members' "
                "contributions."
            )
        elif self.body_id is not None and self.person_id is not None:
            serving = Membership.objects.active().filter(body_id=self.body_id)
            if not serving.filter(person_id=self.person_id).exists():
                errors["person"] = (
                    f"{person_name(self.person)} is not a serving member of {self.body}: only "
                    "its members state a commitment to it."
                )
        if self.manager_id is not None and self.manager_id == self.person_id:
            errors["manager"] = "Name the member's manager, not the member."
        if errors:
            raise ValidationError(errors)
