"""Initiatives: the CX initiatives run across the business, their status workflow
(`Initiative.TRANSITIONS`, read by the service and the board alike), health and staleness.

A project-based working group formed for an initiative is a key on the initiative's side
(`formed_group`), so governance knows nothing of portfolio.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cxgov.concurrency import Versioned
from cxgov.dates import today
from cxgov.querysets import ScopedQuerySet
from cxgov.validators import SHORT_TEXT, plain_line, plain_text, program_date
from governance.models import BodyKind, Membership, Tier, serving_q
from governance.models.structure import RemembersLoadedValues

from .. import permissions as rules
from .priorities import StrategicPriority


class Status(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    IN_PROGRESS = "in_progress", "In progress"
    ON_HOLD = "on_hold", "On hold"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class Health(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


# Worse health ranks higher; "not reported yet" ranks lowest.
HEALTH_RANK = {"": 0, Health.GREEN: 1, Health.AMBER: 2, Health.RED: 3}
RANK_HEALTH = {rank: health for health, rank in HEALTH_RANK.items()}


class DrivenBy(models.TextChoices):
    CORE_TEAM = "core_team", "Core CX team"
    BUSINESS = "business", "The business"


# Statuses in which an initiative is still being worked on (shown on the roadmap by default).
OPEN_STATUSES = (Status.PROPOSED, Status.APPROVED, Status.IN_PROGRESS, Status.ON_HOLD)


def stale_q(*, on: dt.date | None = None, days: int | None = None, prefix: str = "") -> Q:
    """In progress, and not heard of (no status update, or none since it started) for `days`
    (default settings.CXGOV_PORTFOLIO_STALE_DAYS) before `on` (default today)."""
    on = on or today()
    days = settings.CXGOV_PORTFOLIO_STALE_DAYS if days is None else days
    cutoff = on - dt.timedelta(days=days)
    return Q(**{f"{prefix}status": Status.IN_PROGRESS}) & (
        Q(**{f"{prefix}last_update_on__lt": cutoff})
        | Q(**{f"{prefix}last_update_on__isnull": True, f"{prefix}status_changed_on__lt": cutoff})
    )


class InitiativeQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> InitiativeQuerySet:
        """Everyone with a role reads every initiative once approved. A proposal is seen by
        the leadership roles (who approve and coordinate), its owner and the members of its
        working group: until then it is that group's draft."""
        if rules.can_see_all_initiatives(user):
            return self
        own_groups = Membership.objects.filter(serving_q(), person=user).values("body_id")
        return self.filter(
            ~Q(status=Status.PROPOSED) | Q(owner=user) | Q(working_group_id__in=own_groups)
        )

    def stale(self, *, on: dt.date | None = None, days: int | None = None) -> InitiativeQuerySet:
        return self.filter(stale_q(on=on, days=days))

    def for_lists(self) -> InitiativeQuerySet:
        """Shaped for lists, cards and exports: one query, plus one for the priorities."""
        return self.select_related("owner", "working_group", "business_unit").prefetch_related(
            "priorities"
        )


class Initiative(RemembersLoadedValues, Versioned):
    title = models.CharField(max_length=200, validators=plain_line("The title"))
    description = models.TextField(blank=True, validators=plain_text("The description"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_initiatives",
        # Null only for a project carried over from a working group's old text field, until
        # someone names its owner; every form and service requires one.
        null=True,
    )
    working_group = models.ForeignKey(
        "governance.GovernanceBody",
        on_delete=models.PROTECT,
        related_name="initiatives",
        limit_choices_to={"tier": Tier.WORKING_GROUP},
        help_text="The working group that runs it; its members may edit it.",
    )
    business_unit = models.ForeignKey(
        "governance.BusinessUnit",
        on_delete=models.PROTECT,
        related_name="initiatives",
        null=True,  # as for owner: only a carried-over project may lack one
    )
    priorities = models.ManyToManyField(
        StrategicPriority,
        blank=True,
        related_name="initiatives",
        help_text="The strategic priorities it serves; one or more.",
    )
    themes = models.ManyToManyField(
        "voc.Theme",
        blank=True,
        related_name="initiatives",
        help_text="The comment themes it addresses: the line of sight shows whether customers "
        "mention them less after it starts.",
    )
    driven_by = models.CharField(max_length=12, choices=DrivenBy.choices, default=DrivenBy.BUSINESS)
    formed_group = models.OneToOneField(
        "governance.GovernanceBody",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="formed_for",
        limit_choices_to={"kind": BodyKind.PROJECT},
        help_text="A project-based working group formed for this initiative.",
    )
    start_date = models.DateField(validators=[program_date])
    target_date = models.DateField(validators=[program_date])
    progress = models.PositiveSmallIntegerField(
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Per cent done, 0 to 100.",
    )
    budget = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    expected_benefit = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Expected yearly benefit, in the budget's currency.",
    )
    realized_benefit = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Benefit realized so far, in the budget's currency.",
    )
    needs_help = models.BooleanField(
        default=False, help_text="Puts the initiative on the core CX team's list."
    )
    help_reason = models.TextField(
        blank=True,
        validators=plain_text("The reason for help", SHORT_TEXT),
        help_text="What help the team needs.",
    )
    # Workflow state: changed only by services.initiative_transition.
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    status_changed_on = models.DateField(default=today)
    status_reason = models.TextField(
        blank=True,
        validators=plain_text("The reason", SHORT_TEXT),
        help_text="Why it was put on hold or cancelled.",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_initiatives",
    )
    approved_on = models.DateField(null=True, blank=True)
    # Set by the latest status update (services.status_update_create).
    health = models.CharField(max_length=8, choices=Health.choices, blank=True)
    last_update_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = InitiativeQuerySet.as_manager()

    # The workflow: from each status, where it may go. Read by the service and the board.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.PROPOSED: (Status.APPROVED, Status.CANCELLED),
        Status.APPROVED: (Status.IN_PROGRESS, Status.ON_HOLD, Status.CANCELLED),
        Status.IN_PROGRESS: (Status.ON_HOLD, Status.COMPLETED, Status.CANCELLED),
        Status.ON_HOLD: (Status.IN_PROGRESS, Status.CANCELLED),
        Status.COMPLETED: (),
        Status.CANCELLED: (),
    }
    # Moves that need a reason, recorded on the initiative and in its history.
    REASON_REQUIRED = frozenset({Status.ON_HOLD, Status.CANCELLED})

    class Meta:
        ordering = ["target_date", "title"]
        indexes = [
            models.Index(fields=["status", "last_update_on"]),
            models.Index(fields=["needs_help"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="initiative_progress_0_to_100",
                violation_error_message="Progress is a per cent from 0 to 100.",
            ),
            models.CheckConstraint(
                condition=Q(target_date__gte=models.F("start_date")),
                name="initiative_target_after_start",
                violation_error_message="The target date cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(needs_help=False) | ~Q(help_reason=""),
                name="initiative_help_has_reason",
                violation_error_message="Say what help is needed.",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="initiative_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portfolio:initiative-detail", args=[self.pk])

    def allowed_moves(self) -> tuple[str, ...]:
        return self.TRANSITIONS.get(self.status, ())

    @property
    def is_stale(self) -> bool:
        if self.status != Status.IN_PROGRESS:
            return False
        heard = self.last_update_on or self.status_changed_on
        return heard < today() - dt.timedelta(days=settings.CXGOV_PORTFOLIO_STALE_DAYS)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_date and self.target_date and self.target_date < self.start_date:
            errors["target_date"] = (
                f"The target date ({self.target_date:%-d %b %Y}) is before the start date "
                f"({self.start_date:%-d %b %Y})."
            )
        if self.working_group_id is not None and self.working_group.tier != Tier.WORKING_GROUP:
            errors["working_group"] = f"{self.working_group} is not a working group."
        if self.formed_group_id is not None and (
            self.formed_group.tier != Tier.WORKING_GROUP
            or self.formed_group.kind != BodyKind.PROJECT
        ):
            errors["formed_group"] = f"{self.formed_group} is not a project-based working group."
        if self.needs_help and not self.help_reason.strip():
            errors["help_reason"] = "Say what help the team needs from the core CX team."
        if (
            self.owner_id
            and "working_group" not in errors
            and (self.links_anew("owner_id") or self.changed_since_loaded("working_group_id"))
        ):
            refused = rules.can_own_initiative.refusal(self.owner, self)
            if refused:
                errors["owner"] = refused
        if errors:
            raise ValidationError(errors)
