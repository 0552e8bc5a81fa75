"""Governance: business units, the CX program's governing bodies, their people and decisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


def today() -> dt.date:
    return timezone.localdate()


def person_name(user) -> str:
    return user.get_full_name() or user.username


class BusinessUnit(models.Model):
    name = models.CharField(max_length=120, unique=True)
    code = models.SlugField(max_length=40, unique=True, help_text="A short code, e.g. 'retail'.")
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tier(models.TextChoices):
    EXECUTIVE_SPONSOR = "executive_sponsor", "Executive sponsor"
    STEERING_COMMITTEE = "steering_committee", "Steering committee"
    WORKING_GROUP = "working_group", "Working group"
    CORE_TEAM = "core_team", "Core CX team"


# Who a body may report to. Working groups report to the steering committee, which reports to
# the sponsor; the core team sits beside the committee as its coordinator.
ALLOWED_PARENT_TIERS: dict[str, frozenset[str]] = {
    Tier.EXECUTIVE_SPONSOR: frozenset(),
    Tier.STEERING_COMMITTEE: frozenset({Tier.EXECUTIVE_SPONSOR}),
    Tier.CORE_TEAM: frozenset({Tier.EXECUTIVE_SPONSOR, Tier.STEERING_COMMITTEE}),
    Tier.WORKING_GROUP: frozenset({Tier.STEERING_COMMITTEE, Tier.CORE_TEAM}),
}
TIER_ORDER = [Tier.EXECUTIVE_SPONSOR, Tier.STEERING_COMMITTEE, Tier.CORE_TEAM, Tier.WORKING_GROUP]
TIER_PHRASE = {
    Tier.EXECUTIVE_SPONSOR: "the executive sponsor",
    Tier.STEERING_COMMITTEE: "a steering committee",
    Tier.CORE_TEAM: "the core CX team",
    Tier.WORKING_GROUP: "a working group",
}


class BodyKind(models.TextChoices):
    STANDING = "standing", "Standing"
    PROJECT = "project", "Project-based"


class GovernanceBodyQuerySet(models.QuerySet):
    def active(self, on: dt.date | None = None) -> GovernanceBodyQuerySet:
        on = on or today()
        return self.filter(Q(disbanded_on__isnull=True) | Q(disbanded_on__gt=on))

    def for_user(self, user) -> GovernanceBodyQuerySet:
        """The bodies a user may see: the whole structure, for anyone who holds a role."""
        from cxgov.permissions import user_roles

        return self if user_roles(user) else self.none()


class GovernanceBody(models.Model):
    name = models.CharField(max_length=160, unique=True)
    tier = models.CharField(max_length=24, choices=Tier.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The body this one reports to.",
    )
    kind = models.CharField(
        max_length=12,
        choices=BodyKind.choices,
        default=BodyKind.STANDING,
        help_text="Project-based working groups are formed for one project and disbanded after.",
    )
    purpose = models.TextField(blank=True, help_text="What this body is for, in a sentence or two.")
    project = models.CharField(
        max_length=200,
        blank=True,
        help_text="For a project-based working group: the project or initiative it was formed for.",
    )
    formed_on = models.DateField(default=today)
    planned_disband_on = models.DateField(
        null=True,
        blank=True,
        help_text="Required for a project-based working group: when it is due to disband.",
    )
    disbanded_on = models.DateField(
        null=True, blank=True, help_text="Set when the body is disbanded; its history is kept."
    )
    history = HistoricalRecords()

    objects = GovernanceBodyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "governing body"
        verbose_name_plural = "governing bodies"
        constraints = [
            models.CheckConstraint(
                condition=Q(disbanded_on__isnull=True) | Q(disbanded_on__gte=models.F("formed_on")),
                name="body_disbanded_after_formed",
                violation_error_message="A body cannot be disbanded before it was formed.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=BodyKind.PROJECT) | Q(planned_disband_on__isnull=False),
                name="project_body_has_disband_date",
                violation_error_message="A project-based working group needs a disband date.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:body-detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.disbanded_on is None or self.disbanded_on > today()

    def ancestors(self) -> list[GovernanceBody]:
        """The chain of bodies above this one, nearest first (stops at a cycle)."""
        chain: list[GovernanceBody] = []
        seen = {self.pk} if self.pk else set()
        node = self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.parent_id is not None:
            if self.pk is not None and self.parent_id == self.pk:
                errors["parent"] = "A body cannot report to itself."
            elif self.pk is not None and any(a.pk == self.pk for a in self.parent.ancestors()):
                errors["parent"] = (
                    f"{self.parent} already reports (directly or not) to {self.name}; "
                    "a body cannot be its own ancestor."
                )
            elif self.tier and self.parent.tier not in ALLOWED_PARENT_TIERS.get(self.tier, ()):
                allowed = [
                    TIER_PHRASE[t] for t in TIER_ORDER if t in ALLOWED_PARENT_TIERS[self.tier]
                ]
                errors["parent"] = (
                    f"{TIER_PHRASE[self.tier].capitalize()} cannot report to "
                    f"{TIER_PHRASE[self.parent.tier]}; "
                    + (
                        f"it reports to {' or '.join(allowed)}."
                        if allowed
                        else "it is the top tier."
                    )
                )
        if self.kind == BodyKind.PROJECT:
            if self.tier != Tier.WORKING_GROUP:
                errors["kind"] = "Only working groups can be project-based."
            elif self.planned_disband_on is None:
                errors["planned_disband_on"] = (
                    "A project-based working group needs a planned disband date."
                )
        if self.planned_disband_on and self.formed_on and self.planned_disband_on < self.formed_on:
            errors["planned_disband_on"] = "The planned disband date is before the body was formed."
        if self.disbanded_on and self.formed_on and self.disbanded_on < self.formed_on:
            errors["disbanded_on"] = "A body cannot be disbanded before it was formed."
        if errors:
            raise ValidationError(errors)


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    SPONSOR = "sponsor", "Sponsor"
    LEAD = "lead", "Lead"
    MEMBER = "member", "Member"
    SECRETARY = "secretary", "Secretary"


# Members in these roles lead their body: they manage it and decide for it.
LEADING_ROLES = frozenset({MemberRole.CHAIR, MemberRole.SPONSOR, MemberRole.LEAD})


def serving_q(on: dt.date | None = None, prefix: str = "") -> Q:
    """Memberships serving on `on` (default today); `prefix` reaches them from another model,
    e.g. "memberships__" from a body or a business unit."""
    on = on or today()
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    )


class MembershipQuerySet(models.QuerySet):
    def active(self, on: dt.date | None = None) -> MembershipQuerySet:
        return self.filter(serving_q(on))

    def leading(self, on: dt.date | None = None) -> MembershipQuerySet:
        """Chairs, sponsors and leads serving on `on` in bodies not disbanded by then: the
        people who manage a body and decide for it."""
        return self.active(on).filter(
            role__in=LEADING_ROLES, body__in=GovernanceBody.objects.active(on)
        )

    def for_user(self, user) -> MembershipQuerySet:
        from cxgov.permissions import user_roles

        return self if user_roles(user) else self.none()

    def in_role_order(self) -> MembershipQuerySet:
        """Chairs, sponsors and leads first, then members and secretaries, then by name."""
        rank = models.Case(
            *[models.When(role=role, then=models.Value(i)) for i, role in enumerate(MemberRole)],
            default=models.Value(len(MemberRole)),
        )
        return self.alias(role_rank=rank).order_by(
            "role_rank", "person__last_name", "person__username"
        )


class Membership(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    body = models.ForeignKey(GovernanceBody, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)
    business_unit = models.ForeignKey(
        BusinessUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text="The business unit this person represents in the body.",
    )
    start_date = models.DateField(default=today)
    end_date = models.DateField(null=True, blank=True, help_text="Leave empty while they serve.")
    hours_per_month = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("744"))],
        help_text="Hours a month this person commits to the body.",
    )
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body__name", "role", "person__last_name", "person__username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
                violation_error_message="A membership cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_month__gte=0),
                name="membership_hours_not_negative",
            ),
            models.UniqueConstraint(
                fields=["person", "body"],
                condition=Q(end_date__isnull=True),
                name="one_open_membership_per_person_and_body",
                violation_error_message="This person is already a member of this body.",
            ),
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(role="sponsor", end_date__isnull=True),
                name="one_open_executive_sponsor",
                violation_error_message="There is already an active executive sponsor.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} of {self.body}"

    @property
    def is_active(self) -> bool:
        on = today()
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    def overlaps(self) -> Q:
        """Memberships whose dates overlap this one's."""
        q = Q(end_date__isnull=True) | Q(end_date__gte=self.start_date)
        if self.end_date is not None:
            q &= Q(start_date__lte=self.end_date)
        return q

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = (
                f"The membership ends ({self.end_date:%d %b %Y}) before it starts "
                f"({self.start_date:%d %b %Y})."
            )
        if self.person_id and self._state.adding and not self.person.is_active:
            errors["person"] = (
                f"{person_name(self.person)}'s account is deactivated; "
                "reactivate it before adding them to a body."
            )
        body = self.body if self.body_id else None
        if body is not None:
            if self.role == MemberRole.SPONSOR and body.tier != Tier.EXECUTIVE_SPONSOR:
                errors["role"] = "Only the executive sponsor body has a sponsor."
            if body.tier == Tier.WORKING_GROUP and self.business_unit_id is None:
                errors["business_unit"] = (
                    "A working-group member represents a business unit: choose one."
                )
            if not body.is_active and self.end_date is None:
                errors["body"] = f"{body} is disbanded; it takes no new members."
        if errors:
            raise ValidationError(errors)
        if self.start_date is None:
            return
        others = Membership.objects.exclude(pk=self.pk).filter(self.overlaps())
        if (
            self.person_id
            and body is not None
            and others.filter(person_id=self.person_id, body=body).exists()
        ):
            name = person_name(self.person)
            raise ValidationError(
                {"person": f"{name} is already a member of {body} for these dates."}
            )
        if self.role == MemberRole.SPONSOR:
            sponsor = others.filter(role=MemberRole.SPONSOR).select_related("person").first()
            if sponsor is not None:
                name = person_name(sponsor.person)
                raise ValidationError(
                    {
                        "role": f"{name} is already the active executive sponsor; "
                        "end that membership first."
                    }
                )


class ActivityKind(models.TextChoices):
    JOB = "job", "Core-team job"
    CATEGORY = "category", "Work category"
    DECISION = "decision", "Decision"
    CUSTOM = "custom", "Custom"


class Activity(models.Model):
    code = models.SlugField(max_length=60, unique=True, help_text="A stable identifier.")
    name = models.CharField(max_length=160, unique=True)
    kind = models.CharField(
        max_length=12, choices=ActivityKind.choices, default=ActivityKind.CUSTOM
    )
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order on the RACI matrix.")
    decided_by = models.ForeignKey(
        GovernanceBody,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decision_rights",
        help_text="The body whose chair, sponsor or lead decides on this activity.",
    )
    escalates_to = models.ForeignKey(
        GovernanceBody,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="escalations",
        help_text="Where a decision goes when the deciding body cannot settle it.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.decided_by_id and self.decided_by_id == self.escalates_to_id:
            raise ValidationError(
                {"escalates_to": "A decision escalates to a different body than the one deciding."}
            )


class RaciLetter(models.TextChoices):
    RESPONSIBLE = "R", "Responsible"
    ACCOUNTABLE = "A", "Accountable"
    CONSULTED = "C", "Consulted"
    INFORMED = "I", "Informed"


class RaciAssignment(models.Model):
    """One cell of the RACI matrix: an activity, a body or a person, and a letter."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="raci")
    body = models.ForeignKey(
        GovernanceBody, null=True, blank=True, on_delete=models.CASCADE, related_name="raci"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="raci",
    )
    letter = models.CharField(max_length=1, choices=RaciLetter.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity__position", "activity__name", "letter"]
        verbose_name = "RACI assignment"
        constraints = [
            models.CheckConstraint(
                condition=(Q(body__isnull=False) & Q(person__isnull=True))
                | (Q(body__isnull=True) & Q(person__isnull=False)),
                name="raci_body_xor_person",
                violation_error_message="A RACI assignment names either a body or a person.",
            ),
            models.UniqueConstraint(
                fields=["activity"],
                condition=Q(letter="A"),
                name="one_accountable_per_activity",
                violation_error_message="This activity already has an Accountable.",
            ),
            models.UniqueConstraint(
                fields=["activity", "body"],
                condition=Q(body__isnull=False),
                name="one_letter_per_activity_and_body",
            ),
            models.UniqueConstraint(
                fields=["activity", "person"],
                condition=Q(person__isnull=False),
                name="one_letter_per_activity_and_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.letter} {self.party}"

    @property
    def party(self):
        return self.body if self.body_id else self.person

    @property
    def party_name(self) -> str:
        return self.body.name if self.body_id else person_name(self.person)

    def clean(self) -> None:
        if bool(self.body_id) == bool(self.person_id):
            raise ValidationError("Choose either a body or a person, not both and not neither.")
        if self.person_id and not self.person.is_active:
            raise ValidationError(
                {"person": f"{person_name(self.person)}'s account is deactivated."}
            )
        if self.letter == RaciLetter.ACCOUNTABLE and self.activity_id:
            holder = (
                RaciAssignment.objects.filter(activity_id=self.activity_id, letter="A")
                .exclude(pk=self.pk)
                .select_related("body", "person")
                .first()
            )
            if holder is not None:
                raise ValidationError(
                    {
                        "letter": f"{self.activity} already has an Accountable "
                        f"({holder.party_name}); an activity has exactly one. "
                        "Change that one first."
                    }
                )


class MaturityLevel(models.IntegerChoices):
    INTERESTED = 1, "Interested"
    INVESTED = 2, "Invested"
    COMMITTED = 3, "Committed"
    ENGAGED = 4, "Engaged"
    EMBEDDED = 5, "Embedded"


class MaturityAssessmentQuerySet(models.QuerySet):
    def for_user(self, user) -> MaturityAssessmentQuerySet:
        from cxgov.permissions import user_roles

        return self if user_roles(user) else self.none()


class MaturityAssessment(models.Model):
    """A scored answer to the maturity questionnaire (governance/maturity.py), kept over time."""

    assessed_on = models.DateField(default=today)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="maturity_assessments",
    )
    answers = models.JSONField(help_text="Question code → answer from 1 to 5.")
    score = models.DecimalField(max_digits=3, decimal_places=2)
    level = models.PositiveSmallIntegerField(choices=MaturityLevel.choices)
    recommendation = models.TextField()
    stress_jobs = models.JSONField(
        default=list, help_text="Codes of the core-team jobs this assessment says to stress."
    )
    notes = models.TextField(blank=True)

    objects = MaturityAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        get_latest_by = ["assessed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="maturity_score_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="maturity_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessed_on:%d %b %Y}: {self.get_level_display()} ({self.score})"

    def get_absolute_url(self) -> str:
        return reverse("governance:maturity-detail", args=[self.pk])
