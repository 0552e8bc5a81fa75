"""Portfolio models: the steering committee's strategic priorities and the CX initiatives run
across the business, with their milestones, status updates and risks, and the KPI targets each
is meant to move (`TargetLink`: the change it expects, and by when).

An initiative's status moves only along `Initiative.TRANSITIONS` (read by the service and the
board alike); its health, progress and "last heard of" date are set by its latest status
update. A project-based working group formed for an initiative is a key on the initiative's
side (`formed_group`), so governance knows nothing of portfolio.
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

from cxgov.dates import today
from cxgov.permissions import has_role
from cxgov.querysets import ScopedQuerySet
from cxgov.roles import Role
from cxgov.validators import SHORT_TEXT, plain_line, plain_text, program_date
from governance.models import BodyKind, Membership, Tier, serving_q


class StrategicPriorityQuerySet(ScopedQuerySet):
    def active(self) -> StrategicPriorityQuerySet:
        return self.filter(is_active=True)


class StrategicPriority(models.Model):
    """A priority the steering committee sets for a period; initiatives align to several."""

    title = models.CharField(max_length=160, unique=True, validators=plain_line("The title"))
    description = models.TextField(blank=True, validators=plain_text("The description"))
    period = models.CharField(
        max_length=40,
        validators=plain_line("The period"),
        help_text="The period it holds for, e.g. '2026'.",
    )
    is_active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0, help_text="Order on lists and the heatmap.")

    objects = StrategicPriorityQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name_plural = "strategic priorities"

    def __str__(self) -> str:
        return self.title


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


# Roles that see every initiative, proposals included.
SEE_ALL_ROLES = (Role.ADMIN, Role.CORE_TEAM, Role.EXECUTIVE, Role.STEERING_COMMITTEE)


class InitiativeQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> InitiativeQuerySet:
        """Everyone with a role reads every initiative once approved. A proposal is seen by
        the leadership roles (who approve and coordinate), its owner and the members of its
        working group: until then it is that group's draft."""
        if has_role(user, *SEE_ALL_ROLES):
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


class Initiative(models.Model):
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
                f"The target date ({self.target_date:%d %b %Y}) is before the start date "
                f"({self.start_date:%d %b %Y})."
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
        if errors:
            raise ValidationError(errors)


class MilestoneQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> MilestoneQuerySet:
        return self.filter(initiative__in=Initiative.objects.for_user(user))


class Milestone(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200, validators=plain_line("The title"))
    due_on = models.DateField(validators=[program_date])
    done_on = models.DateField(
        null=True, blank=True, validators=[program_date], help_text="Set when it is done."
    )

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < today()

    def clean(self) -> None:
        initiative = self.initiative if self.initiative_id else None
        if initiative is None or self.due_on is None:
            return
        if not initiative.start_date <= self.due_on <= initiative.target_date:
            raise ValidationError(
                {
                    "due_on": f"The milestone is due {self.due_on:%d %b %Y}, outside the "
                    f"initiative's dates ({initiative.start_date:%d %b %Y} to "
                    f"{initiative.target_date:%d %b %Y})."
                }
            )


class StatusUpdateQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> StatusUpdateQuerySet:
        return self.filter(initiative__in=Initiative.objects.for_user(user))


class StatusUpdate(models.Model):
    """What a team reports: health, progress, a summary and blockers. The latest one sets
    its initiative's health and progress; all of them are its timeline."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="status_updates"
    )
    reported_on = models.DateField(default=today, validators=[program_date])
    created_at = models.DateTimeField(auto_now_add=True)
    health = models.CharField(max_length=8, choices=Health.choices)
    progress = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(100)], help_text="Per cent done."
    )
    summary = models.TextField(validators=plain_text("The summary"))
    blockers = models.TextField(
        blank=True,
        validators=plain_text("The blockers", SHORT_TEXT),
        help_text="What stands in the way, if anything.",
    )

    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-created_at", "-pk"]
        get_latest_by = ["reported_on", "created_at", "pk"]
        # The timeline and the API list read newest first, a year of monthly updates each.
        indexes = [models.Index(fields=["-reported_on", "-created_at", "-id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="status_update_progress_0_to_100",
                violation_error_message="Progress is a per cent from 0 to 100.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} · {self.get_health_display()} on {self.reported_on:%d %b %Y}"


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


class Risk(models.Model):
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

    @property
    def severity(self) -> int:
        return (self.likelihood or 0) * (self.impact or 0)

    @property
    def severity_band(self) -> str:
        score = self.severity
        return "high" if score >= 15 else "medium" if score >= 8 else "low"


class ChangeDirection(models.TextChoices):
    INCREASE = "increase", "Increase"
    DECREASE = "decrease", "Decrease"


# The direction a link must state for each metric direction: the way the metric gets better.
BETTER_CHANGE = {"higher": ChangeDirection.INCREASE, "lower": ChangeDirection.DECREASE}


class TargetLinkQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> TargetLinkQuerySet:
        return self.filter(initiative__in=Initiative.objects.for_user(user))

    def shaped(self) -> TargetLinkQuerySet:
        """With the target, its metric and statement and the initiative: one query."""
        return self.select_related("initiative", "target__metric", "target__success_statement")


class TargetLink(models.Model):
    """An initiative's claim on a KPI target: the change it expects to make to the KPI (in
    the metric's unit, the way the metric gets better) and by when. Read by the initiative's
    page, the line of sight and the steering committee's pack (expected beside realized)."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="target_links"
    )
    target = models.ForeignKey(
        "voc.KpiTarget",
        on_delete=models.PROTECT,
        related_name="initiative_links",
        help_text="The KPI target the initiative is meant to move.",
    )
    expected_change = models.FloatField(
        help_text="How much the initiative should move the KPI, in the metric's unit "
        "(NPS points, % for a share); a positive number, the direction says which way.",
    )
    direction = models.CharField(
        max_length=8,
        choices=ChangeDirection.choices,
        help_text="Which way the KPI should move: the way its metric gets better.",
    )
    expected_by = models.DateField(
        validators=[program_date],
        help_text="When the change should show in the KPI; not before the initiative starts.",
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        validators=plain_line("The note"),
        help_text="How it moves the KPI.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = TargetLinkQuerySet.as_manager()

    class Meta:
        ordering = ["expected_by", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "target"],
                name="target_link_once_per_initiative_target",
                violation_error_message="This initiative is already linked to this target.",
            ),
            models.CheckConstraint(
                condition=Q(expected_change__gt=0),
                name="target_link_expected_change_positive",
                violation_error_message="The expected change is a positive number.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.target}"

    @property
    def signed_change(self) -> float:
        """The expected change as a signed number: negative for a decrease."""
        return self.expected_change * (-1 if self.direction == ChangeDirection.DECREASE else 1)

    @property
    def unit(self) -> str:
        return self.target.metric.unit

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.expected_change is not None and self.expected_change <= 0:
            errors["expected_change"] = (
                f"The expected change is a positive number ({self.expected_change:g} is not); "
                "choose the direction to say which way the KPI moves."
            )
        target = self.target if self.target_id else None
        if target is not None:
            metric = target.metric
            low, high = target.value_range()
            if self.expected_change is not None and low is not None and high is not None:
                span = high - low
                if self.expected_change > span:
                    unit = f" {metric.unit}" if metric.unit else ""
                    errors["expected_change"] = (
                        f"{metric} runs from {low:g} to {high:g}: it cannot move by "
                        f"{self.expected_change:g}{unit}."
                    )
            better = BETTER_CHANGE[metric.direction]
            if self.direction and self.direction != better:
                way = "higher" if better == ChangeDirection.INCREASE else "lower"
                errors["direction"] = (
                    f"{metric} is better {way}: an initiative meant to move its target "
                    f"expects a {better.label.lower()}."
                )
        initiative = self.initiative if self.initiative_id else None
        if initiative is not None and self.expected_by and self.expected_by < initiative.start_date:
            errors["expected_by"] = (
                f"The change is expected {self.expected_by:%d %b %Y}, before the initiative "
                f"starts ({initiative.start_date:%d %b %Y})."
            )
        if errors:
            raise ValidationError(errors)
