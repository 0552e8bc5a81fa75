"""Governance structure: business units, governing bodies of the three tiers and the core
team, and the memberships that seat people on them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cxgov.concurrency import Versioned
from cxgov.dates import today
from cxgov.people import person_name
from cxgov.permissions import OWNER_RULES
from cxgov.querysets import ScopedQuerySet
from cxgov.validators import SHORT_TEXT, plain_line, plain_text, program_date


class RemembersLoadedValues:
    """Keeps the values a row was loaded with, so `clean()` can tell a new link (one that
    changed since loading) from one that was already there, without another query."""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self._loaded_values = {
            f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields
        }

    def changed_since_loaded(self, attname: str) -> bool:
        """True when a stored row's `attname` differs from what it was loaded with."""
        if self._state.adding:
            return False
        loaded = getattr(self, "_loaded_values", {})
        return attname not in loaded or loaded[attname] != getattr(self, attname)

    def links_anew(self, attname: str) -> bool:
        """True when `attname` (e.g. "body_id") is set on a new row or changed since loading."""
        value = getattr(self, attname)
        if value is None:
            return False
        if self._state.adding:
            return True
        loaded = getattr(self, "_loaded_values", {})
        return attname not in loaded or loaded[attname] != value


def check_body_takes_links(body: GovernanceBody | None, what: str) -> str | None:
    """The message refusing a new link to a disbanded body, or None when it takes it."""
    if body is not None and not body.is_active:
        return f"{body} was disbanded on {body.disbanded_on:%-d %b %Y}; it takes no new {what}."
    return None


class UnitFunction(models.TextChoices):
    """The support functions a steering committee needs at its table (the "CX bubble" check):
    the rest of the business is a line of business or another function."""

    FINANCE = "finance", "Finance"
    HR = "hr", "HR"
    IT = "it", "IT"


class BusinessUnit(models.Model):
    name = models.CharField(max_length=120, unique=True, validators=plain_line("The name"))
    code = models.SlugField(max_length=40, unique=True, help_text="A short code, e.g. 'retail'.")
    description = models.TextField(blank=True, validators=plain_text("The description"))
    is_active = models.BooleanField(default=True)
    is_customer_facing = models.BooleanField(
        default=False,
        help_text="Its people serve customers directly (branches, contact centre, sales). A "
        "working group or the core team drawn only from such units is warned of a CX bubble.",
    )
    function = models.CharField(
        max_length=8,
        choices=UnitFunction.choices,
        blank=True,
        help_text="Finance, HR or IT, if it is one: a steering committee should have all three.",
    )

    objects = ScopedQuerySet.as_manager()

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
# The tiers a program has one body of at a time: one executive sponsor, one core CX team.
SINGLE_TIERS = (Tier.EXECUTIVE_SPONSOR, Tier.CORE_TEAM)


# A steering committee should draw on at least this many business units (advice, not a rule).
STEERING_MIN_BUSINESS_UNITS = 3


class BodyKind(models.TextChoices):
    STANDING = "standing", "Standing"
    PROJECT = "project", "Project-based"


class GovernanceBodyQuerySet(ScopedQuerySet):
    """Every role sees the whole structure (the default scope)."""

    def active(self, on: dt.date | None = None) -> GovernanceBodyQuerySet:
        on = on or today()
        return self.filter(Q(disbanded_on__isnull=True) | Q(disbanded_on__gt=on))


class GovernanceBody(RemembersLoadedValues, models.Model):
    name = models.CharField(max_length=160, unique=True, validators=plain_line("The name"))
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
    purpose = models.TextField(
        blank=True,
        validators=plain_text("The purpose", SHORT_TEXT),
        help_text="What this body is for, in a sentence or two.",
    )
    formed_on = models.DateField(default=today, validators=[program_date])
    planned_disband_on = models.DateField(
        null=True,
        blank=True,
        validators=[program_date],
        help_text="Required for a project-based working group: when it is due to disband.",
    )
    disbanded_on = models.DateField(
        null=True,
        blank=True,
        validators=[program_date],
        help_text="Set when the body is disbanded; its history is kept.",
    )
    hours_needed = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="A working group's hours a month its goals and plans need from its members, "
        "set by its lead or the core team; its members' commitments show against it.",
    )
    chat_channel = models.ForeignKey(
        "cxgov.ChatChannel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bodies",
        help_text="The Slack or Teams channel that hears its KPI alerts, the closed-loop cases "
        "escalated to it and its weekly digest (channels are added in the admin).",
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
            models.UniqueConstraint(
                fields=["tier"],
                condition=Q(tier__in=SINGLE_TIERS, disbanded_on__isnull=True),
                name="one_open_body_of_single_tiers",
                violation_error_message=(
                    "A program has one executive sponsor body and one core CX team at a time."
                ),
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
        if self.parent_id is None:
            if self.tier and ALLOWED_PARENT_TIERS.get(self.tier):
                allowed = [
                    TIER_PHRASE[t] for t in TIER_ORDER if t in ALLOWED_PARENT_TIERS[self.tier]
                ]
                errors["parent"] = (
                    f"{TIER_PHRASE[self.tier].capitalize()} reports to {' or '.join(allowed)}: "
                    "choose the body it reports to."
                )
        elif self.links_anew("parent_id") and not self.parent.is_active:
            errors["parent"] = check_body_takes_links(self.parent, "bodies reporting to it")
        else:
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
        if self.tier in SINGLE_TIERS and self.disbanded_on is None:
            other = (
                GovernanceBody.objects.filter(tier=self.tier, disbanded_on__isnull=True)
                .exclude(pk=self.pk)
                .first()
            )
            if other is not None:
                errors["tier"] = (
                    f"{other.name} is already {TIER_PHRASE[self.tier]}; a program has one. "
                    f"Disband it first, or choose another tier."
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
        moved = [
            name
            for name in ("tier", "parent")
            if self.changed_since_loaded(f"{name}_id" if name == "parent" else name)
        ]
        if moved and not errors:
            breaks = self.what_a_move_breaks()
            if breaks:
                errors["tier" if "tier" in moved else "parent"] = [
                    "This change breaks what depends on the body.",
                    *breaks,
                ]
        if self.pk is not None and self.formed_on and "formed_on" not in errors:
            loaded = getattr(self, "_loaded_values", {}).get("formed_on")
            if loaded is None or self.formed_on > loaded:
                first = (
                    self.memberships.filter(start_date__lt=self.formed_on)
                    .order_by("start_date")
                    .values_list("start_date", flat=True)
                    .first()
                )
                if first is not None:
                    errors["formed_on"] = (
                        f"{self.name} has a membership starting {first:%-d %b %Y}; "
                        "it cannot have been formed after that."
                    )
        if errors:
            raise ValidationError(errors)

    def what_a_move_breaks(self) -> list[str]:
        """After a change of tier or parent (in memory, not yet saved): what no longer fits.
        Its active children must still be allowed to report to it, and its open seats must
        still fit its tier. One line per child or seat that breaks."""
        breaks: list[str] = []
        for child in self.children.active():
            child.parent = self
            try:
                child.clean()
            except ValidationError as refusal:
                breaks.append(f"{child.name}: {' '.join(refusal.messages)}")
        for membership in self.memberships.active().select_related("person", "business_unit"):
            membership.body = self
            try:
                membership.clean()
            except ValidationError as refusal:
                breaks.append(f"The seat of {membership.person}: {' '.join(refusal.messages)}")
        return breaks


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    SPONSOR = "sponsor", "Sponsor"
    LEAD = "lead", "Lead"
    MEMBER = "member", "Member"
    SECRETARY = "secretary", "Secretary"


# Members in these roles lead their body: they manage it and decide for it.
LEADING_ROLES = frozenset({MemberRole.CHAIR, MemberRole.SPONSOR, MemberRole.LEAD})
# ...and with the secretary they run it: seats only someone who acts may hold.
RUNNING_ROLES = LEADING_ROLES | {MemberRole.SECRETARY}


def serving_q(on: dt.date | None = None, prefix: str = "") -> Q:
    """Memberships serving on `on` (default today); `prefix` reaches them from another model,
    e.g. "memberships__" from a body or a business unit."""
    on = on or today()
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})
    )


class MembershipQuerySet(ScopedQuerySet):
    def active(self, on: dt.date | None = None) -> MembershipQuerySet:
        return self.filter(serving_q(on))

    def leading(self, on: dt.date | None = None) -> MembershipQuerySet:
        """Chairs, sponsors and leads serving on `on` in bodies not disbanded by then: the
        people who manage a body and decide for it."""
        return self.active(on).filter(
            role__in=LEADING_ROLES, body__in=GovernanceBody.objects.active(on)
        )

    def in_role_order(self) -> MembershipQuerySet:
        """Chairs, sponsors and leads first, then members and secretaries, then by name."""
        rank = models.Case(
            *[models.When(role=role, then=models.Value(i)) for i, role in enumerate(MemberRole)],
            default=models.Value(len(MemberRole)),
        )
        return self.alias(role_rank=rank).order_by(
            "role_rank", "person__last_name", "person__username"
        )


class Membership(RemembersLoadedValues, Versioned):
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
    start_date = models.DateField(default=today, validators=[program_date])
    end_date = models.DateField(
        null=True,
        blank=True,
        validators=[program_date],
        help_text="Leave empty while they serve.",
    )
    hours_per_month = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("744"))],
        help_text="Hours a month this person commits to the body.",
    )
    sso_group = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="The identity provider's group this seat came from at sign-in (a body's "
        "group mapping); empty for a seat added by hand. Such a seat ends at the person's "
        "next sign-in without the group.",
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

    def serves_on(self, on: dt.date) -> bool:
        """The same rule as serving_q, for a membership already in memory."""
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    @property
    def is_active(self) -> bool:
        return self.serves_on(today())

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
                f"The membership ends ({self.end_date:%-d %b %Y}) before it starts "
                f"({self.start_date:%-d %b %Y})."
            )
        if self.person_id and self._state.adding and not self.person.is_active:
            errors["person"] = (
                f"{person_name(self.person)}'s account is deactivated; "
                "reactivate it before adding them to a body."
            )
        elif (
            self.person_id
            and self.role in RUNNING_ROLES
            and (self.links_anew("person_id") or self.changed_since_loaded("role"))
        ):
            # The rule lives in governance.permissions (filled in the kit's registry when the
            # models package loads it), read here by name so this module imports no rules.
            refused = OWNER_RULES["governance.hold_lead_seat"].refusal(self.person, self)
            if refused:
                errors["person"] = refused
        body = self.body if self.body_id else None
        if body is not None:
            if self.role == MemberRole.SPONSOR and body.tier != Tier.EXECUTIVE_SPONSOR:
                errors["role"] = "Only the executive sponsor body has a sponsor."
            if body.tier == Tier.WORKING_GROUP and self.business_unit_id is None:
                errors["business_unit"] = (
                    "A working-group member represents a business unit: choose one."
                )
            refused = (
                check_body_takes_links(body, "members") if self.links_anew("body_id") else None
            )
            if refused:
                errors["body"] = refused
            elif not body.is_active and self.end_date is None:
                errors["body"] = f"{body} is disbanded; it takes no new members."
            if self.start_date and body.formed_on and self.start_date < body.formed_on:
                errors["start_date"] = (
                    f"The membership starts ({self.start_date:%-d %b %Y}) before {body} was "
                    f"formed ({body.formed_on:%-d %b %Y})."
                )
            elif (
                self._state.adding
                and self.start_date
                and body.disbanded_on
                and self.start_date > body.disbanded_on
            ):
                errors["start_date"] = (
                    f"The membership starts ({self.start_date:%-d %b %Y}) after {body} was "
                    f"disbanded ({body.disbanded_on:%-d %b %Y})."
                )
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


class BodyGroupMapping(models.Model):
    """A group of the identity provider's group claim and the seat it gives on a body (e.g.
    `wg-onboarding` -> member of the onboarding working group). Applied at each sign-in
    through single sign-on: a person in the group gets the seat, a person who left the group
    loses a seat that came from it (a seat added by hand is never touched). Edited by the
    admin, with history."""

    group = models.CharField(max_length=200, validators=plain_line("The group"))
    body = models.ForeignKey(
        GovernanceBody, on_delete=models.CASCADE, related_name="group_mappings"
    )
    role = models.CharField(max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)
    business_unit = models.ForeignKey(
        BusinessUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The business unit the seat represents (a working group's seats need one).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "body"],
                name="body_group_mapping_once",
                violation_error_message="This group already gives a seat on this body.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()} of {self.body}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.role == MemberRole.SPONSOR:
            errors["role"] = (
                "The executive sponsor is one named person, not a group: add that seat by hand."
            )
        body = self.body if self.body_id else None
        if body is not None:
            if body.tier == Tier.WORKING_GROUP and self.business_unit_id is None:
                errors["business_unit"] = (
                    f"{body} is a working group: its members represent a business unit; "
                    "choose the one this group's seats represent."
                )
            if not body.is_active:
                errors["body"] = f"{body} is disbanded; it takes no new members."
        if errors:
            raise ValidationError(errors)
