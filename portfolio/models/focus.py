"""Focus: how many active initiatives a working group, a business unit or an owner may carry
(`FocusLimit`, set by the core team), and the reasons given for going over one
(`FocusOverride`, kept). The one rule that asks for a reason is portfolio.services.focus_check.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from cxgov.querysets import ScopedQuerySet
from cxgov.validators import SHORT_TEXT, plain_line, plain_text
from governance.models import Tier

from .initiatives import Status

# Committed work: approved and not yet completed or cancelled (on hold still holds its people).
# A proposal is not active: approving it is the moment the load grows.
ACTIVE_STATUSES = (Status.APPROVED, Status.IN_PROGRESS, Status.ON_HOLD)


class FocusKind(models.TextChoices):
    WORKING_GROUP = "working_group", "Working group"
    BUSINESS_UNIT = "business_unit", "Business unit"
    OWNER = "owner", "Owner"


# The initiative's field each kind counts by.
FOCUS_FIELD = {
    FocusKind.WORKING_GROUP: "working_group",
    FocusKind.BUSINESS_UNIT: "business_unit",
    FocusKind.OWNER: "owner",
}


class FocusLimit(models.Model):
    """At most `limit` active initiatives for one working group, business unit or owner, or,
    with none named, for every one of that kind without a limit of its own."""

    kind = models.CharField(max_length=16, choices=FocusKind.choices)
    working_group = models.ForeignKey(
        "governance.GovernanceBody",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="focus_limits",
        limit_choices_to={"tier": Tier.WORKING_GROUP},
    )
    business_unit = models.ForeignKey(
        "governance.BusinessUnit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="focus_limits",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="focus_limits",
    )
    limit = models.IntegerField(
        help_text="The most active (approved, in progress or on hold) initiatives; 0 or more."
    )
    note = models.CharField(max_length=200, blank=True, validators=plain_line("The note"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(limit__gte=0),
                name="focus_limit_not_negative",
                violation_error_message="A focus limit is 0 or more.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="working_group", business_unit__isnull=True, owner__isnull=True)
                    | Q(kind="business_unit", working_group__isnull=True, owner__isnull=True)
                    | Q(kind="owner", working_group__isnull=True, business_unit__isnull=True)
                ),
                name="focus_limit_names_its_own_kind",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(working_group__isnull=True, business_unit__isnull=True)
                & Q(owner__isnull=True),
                name="focus_limit_one_default_per_kind",
                violation_error_message="There is already a limit for every one of this kind.",
            ),
            models.UniqueConstraint(
                fields=["working_group"],
                condition=Q(working_group__isnull=False),
                name="focus_limit_once_per_working_group",
                violation_error_message="This working group already has a limit.",
            ),
            models.UniqueConstraint(
                fields=["business_unit"],
                condition=Q(business_unit__isnull=False),
                name="focus_limit_once_per_business_unit",
                violation_error_message="This business unit already has a limit.",
            ),
            models.UniqueConstraint(
                fields=["owner"],
                condition=Q(owner__isnull=False),
                name="focus_limit_once_per_owner",
                violation_error_message="This owner already has a limit.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_label}: at most {self.limit} active"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:focus")

    @property
    def subject(self) -> models.Model | None:
        return getattr(self, FOCUS_FIELD[self.kind]) if self.kind in FOCUS_FIELD else None

    @property
    def subject_label(self) -> str:
        subject = self.subject
        if subject is None:
            return f"Every {FocusKind(self.kind).label.lower()}" if self.kind else "?"
        if self.kind == FocusKind.OWNER:
            return subject.get_full_name() or subject.get_username()
        return str(subject)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.limit is not None and self.limit < 0:
            errors["limit"] = f"A focus limit is 0 or more, not {self.limit}."
        for kind, field in FOCUS_FIELD.items():
            if kind != self.kind and getattr(self, f"{field}_id") is not None:
                errors[field] = (
                    f"A {FocusKind(self.kind).label.lower() if self.kind else 'limit'}'s limit "
                    f"names no {FocusKind(kind).label.lower()}."
                )
        if (
            self.kind == FocusKind.WORKING_GROUP
            and self.working_group_id is not None
            and self.working_group.tier != Tier.WORKING_GROUP
        ):
            errors["working_group"] = f"{self.working_group} is not a working group."
        if errors:
            raise ValidationError(errors)


class FocusOverride(models.Model):
    """A reason given for taking an initiative over a focus limit: kept, with the load and
    the limit as they stood."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="focus_overrides"
    )
    kind = models.CharField(max_length=16, choices=FocusKind.choices)
    subject = models.CharField(max_length=200, help_text="Whose limit it went over.")
    limit = models.PositiveIntegerField()
    load = models.PositiveIntegerField(help_text="Active initiatives with this one.")
    reason = models.TextField(validators=plain_text("The reason", SHORT_TEXT))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.subject} at {self.load} of {self.limit}"
