"""What the program agreed: charters of the governing bodies, the CX mission, the success
statements and the department objectives they tie to, and who acknowledged what.

A success statement says in a few sentences what CX success means, company-wide or for one
business unit; its measurable targets are voc's `KpiTarget`, which points here (governance
imports nothing from voc: the page reads them through the reverse relation). Charters and the
mission are versioned; their states move only through governance.services.charters, along
the transitions declared here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cxgov import dates
from cxgov.concurrency import Versioned
from cxgov.dates import today
from cxgov.querysets import ScopedQuerySet
from cxgov.validators import SHORT_TEXT, plain_line, plain_text

from .structure import BusinessUnit, GovernanceBody


class DepartmentObjective(models.Model):
    """A business unit's own objective, which CX success statements tie back to."""

    business_unit = models.ForeignKey(
        BusinessUnit, on_delete=models.PROTECT, related_name="objectives"
    )
    text = models.TextField(
        validators=plain_text("The objective", SHORT_TEXT),
        help_text="The objective, in the department's own words.",
        error_messages={"blank": "An objective needs its text."},
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="department_objectives",
        help_text="Who owns this objective in the business unit.",
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["business_unit__name", "id"]
        verbose_name = "department objective"
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="department_objective_has_text",
                violation_error_message="An objective needs its text.",
            ),
        ]

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 60 else self.text[:57] + "…"
        return f"{self.business_unit}: {text}"


class SuccessStatement(models.Model):
    """What CX success means, company-wide (no business unit) or for one business unit."""

    title = models.CharField(
        max_length=160,
        validators=plain_line("The title"),
        help_text="A short name for the statement.",
    )
    text = models.TextField(
        validators=plain_text("The statement", SHORT_TEXT),
        help_text="A few sentences: what CX success means and how we see it.",
        error_messages={"blank": "A success statement needs its text: what CX success means."},
    )
    business_unit = models.ForeignKey(
        BusinessUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="success_statements",
        help_text="Leave empty for a company-wide statement.",
    )
    objectives = models.ManyToManyField(
        DepartmentObjective,
        blank=True,
        related_name="success_statements",
        help_text="The department objectives this statement ties back to.",
    )
    created_on = models.DateField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["business_unit__name", "title"]
        verbose_name = "success statement"
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="success_statement_has_text",
                violation_error_message="A success statement needs its text.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:success-statement-detail", args=[self.pk])

    @property
    def scope_name(self) -> str:
        return self.business_unit.name if self.business_unit_id else "Company-wide"


# Charters


class CharterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


# A version's allowed moves, read by the workflow services and the pages alike: a draft is
# submitted for review; a version in review is approved, or rejected back to draft with a
# comment; an approved version is superseded when the next one is approved.
CHARTER_TRANSITIONS: dict[str, frozenset[str]] = {
    CharterStatus.DRAFT: frozenset({CharterStatus.IN_REVIEW}),
    CharterStatus.IN_REVIEW: frozenset({CharterStatus.APPROVED, CharterStatus.DRAFT}),
    CharterStatus.APPROVED: frozenset({CharterStatus.SUPERSEDED}),
    CharterStatus.SUPERSEDED: frozenset(),
}
# Versions nobody may change any more (page, API and admin alike).
READ_ONLY_STATUSES = frozenset({CharterStatus.APPROVED, CharterStatus.SUPERSEDED})
OPEN_STATUSES = frozenset({CharterStatus.DRAFT, CharterStatus.IN_REVIEW})

# The six components of a charter, in the order they are read, with their headings.
CHARTER_COMPONENTS: list[tuple[str, str]] = [
    ("purpose_vision", "Purpose and vision"),
    ("goals_scope", "Goals and scope"),
    ("roles_responsibilities", "Roles and responsibilities"),
    ("decision_authority", "Decision authority and escalation"),
    ("meeting_cadence", "Meeting cadence and communication"),
    ("success_measures", "Success measures"),
]

# An approved charter is due for review once it is this old.
CHARTER_REVIEW_AFTER = dt.timedelta(days=365)


class Charter(models.Model):
    """The agreements of one governing body, kept as versions."""

    body = models.OneToOneField(GovernanceBody, on_delete=models.PROTECT, related_name="charter")
    created_on = models.DateField(default=today)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["body__name"]

    def __str__(self) -> str:
        return f"Charter of {self.body}"

    def get_absolute_url(self) -> str:
        return reverse("governance:charter-detail", args=[self.pk])


class CharterVersionQuerySet(ScopedQuerySet):
    def open(self) -> CharterVersionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class CharterVersion(Versioned):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=12, choices=CharterStatus.choices, default=CharterStatus.DRAFT
    )
    purpose_vision = models.TextField(
        "purpose and vision", blank=True, validators=plain_text("Purpose and vision")
    )
    goals_scope = models.TextField(
        "goals and scope",
        blank=True,
        validators=plain_text("Goals and scope"),
        help_text="The goals, and the parameters of the purview.",
    )
    roles_responsibilities = models.TextField(
        "roles and responsibilities",
        blank=True,
        validators=plain_text("Roles and responsibilities"),
    )
    decision_authority = models.TextField(
        "decision authority and escalation",
        blank=True,
        validators=plain_text("Decision authority and escalation"),
    )
    meeting_cadence = models.TextField(
        "meeting cadence and communication",
        blank=True,
        validators=plain_text("Meeting cadence and communication"),
    )
    success_measures = models.TextField(
        "success measures", blank=True, validators=plain_text("Success measures")
    )
    success_statements = models.ManyToManyField(
        SuccessStatement,
        blank=True,
        related_name="charter_versions",
        help_text="The success statements this charter measures itself by.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="charter_versions_drafted",
    )
    created_at = models.DateTimeField(default=dates.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="charter_versions_submitted",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # A decider who drafted or submitted the version, or serves on its body, signs first; a
    # second decider's approval completes it (governance.services.charter_version_approve).
    first_approval_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="charter_versions_signed_first",
        help_text="The decider whose approval waits for a second decider's.",
    )
    first_approval_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="charter_versions_approved",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="charter_versions_rejected",
    )
    rejected_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(
        blank=True,
        validators=plain_text("The review comment", SHORT_TEXT),
        help_text="Why the last review sent this version back to draft.",
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = CharterVersionQuerySet.as_manager()

    class Meta:
        ordering = ["charter", "-number"]
        verbose_name = "charter version"
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "number"],
                name="charter_version_number_unique",
                violation_error_message="This charter already has a version with this number.",
            ),
            models.UniqueConstraint(
                fields=["charter"],
                condition=Q(status="approved"),
                name="one_approved_version_per_charter",
                violation_error_message="This charter already has an approved version.",
            ),
            models.UniqueConstraint(
                fields=["charter"],
                condition=Q(status__in=["draft", "in_review"]),
                name="one_open_version_per_charter",
                violation_error_message="This charter already has a version being drafted or "
                "reviewed.",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="approved_version_has_approval_time",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.number} of the charter of {self.charter.body}"

    def get_absolute_url(self) -> str:
        return reverse("governance:charter-version", args=[self.charter_id, self.number])

    @property
    def is_read_only(self) -> bool:
        return self.status in READ_ONLY_STATUSES

    def may_move_to(self, status: str) -> bool:
        return status in CHARTER_TRANSITIONS[self.status]

    def components(self) -> list[tuple[str, str, str]]:
        """(field, heading, text) for the six components, in order."""
        return [(name, label, getattr(self, name)) for name, label in CHARTER_COMPONENTS]

    @property
    def approved_on(self) -> dt.date | None:
        return timezone.localdate(self.approved_at) if self.approved_at else None

    def review_due(self, on: dt.date | None = None) -> bool:
        """An approved version more than a year old is due for review."""
        if self.status != CharterStatus.APPROVED or self.approved_at is None:
            return False
        return (on or today()) - self.approved_on > CHARTER_REVIEW_AFTER


# The CX mission


class MissionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


MISSION_TRANSITIONS: dict[str, frozenset[str]] = {
    MissionStatus.DRAFT: frozenset({MissionStatus.PUBLISHED}),
    MissionStatus.PUBLISHED: frozenset({MissionStatus.SUPERSEDED}),
    MissionStatus.SUPERSEDED: frozenset(),
}

# The four questions a mission is built from, in order.
MISSION_ANSWERS: list[tuple[str, str]] = [
    ("customers", "Who are our customers?"),
    ("experience", "What should they experience, every time?"),
    ("feeling", "How should it make them feel?"),
    ("difference", "What do we do differently?"),
]


class MissionStatement(models.Model):
    """One version of the CX mission, with the answers it was built from."""

    number = models.PositiveIntegerField(unique=True)
    status = models.CharField(
        max_length=12, choices=MissionStatus.choices, default=MissionStatus.DRAFT
    )
    statement = models.TextField(
        validators=plain_text("The statement", SHORT_TEXT),
        help_text="The mission, in a sentence or two.",
    )
    customers = models.TextField(
        "who our customers are", validators=plain_text("Who our customers are", SHORT_TEXT)
    )
    experience = models.TextField(
        "what they should experience every time",
        validators=plain_text("What they should experience every time", SHORT_TEXT),
    )
    feeling = models.TextField(
        "how it should make them feel",
        validators=plain_text("How it should make them feel", SHORT_TEXT),
    )
    difference = models.TextField(
        "what we do differently", validators=plain_text("What we do differently", SHORT_TEXT)
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="missions_drafted",
    )
    created_at = models.DateTimeField(default=dates.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="missions_published",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = "CX mission"
        verbose_name_plural = "CX mission versions"
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="published"),
                name="one_published_mission",
                violation_error_message="Another version of the mission is published.",
            ),
            models.CheckConstraint(condition=~Q(statement=""), name="mission_has_statement"),
        ]

    def __str__(self) -> str:
        return f"CX mission v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("governance:mission-version", args=[self.number])

    @property
    def is_read_only(self) -> bool:
        return self.status != MissionStatus.DRAFT

    def answers(self) -> list[tuple[str, str, str]]:
        return [(name, question, getattr(self, name)) for name, question in MISSION_ANSWERS]


# Acknowledgements: one mechanism for the mission and for charters


class Acknowledgement(models.Model):
    """A person's agreement to one version of the mission or of a charter, given once."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    mission = models.ForeignKey(
        MissionStatement,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    charter_version = models.ForeignKey(
        CharterVersion,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    acknowledged_at = models.DateTimeField(default=dates.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(mission__isnull=False) & Q(charter_version__isnull=True))
                | (Q(mission__isnull=True) & Q(charter_version__isnull=False)),
                name="acknowledgement_of_one_document",
                violation_error_message="An acknowledgement is of the mission or of a charter.",
            ),
            models.UniqueConstraint(
                fields=["person", "mission"],
                condition=Q(mission__isnull=False),
                name="one_acknowledgement_per_person_and_mission",
                violation_error_message="This person has already agreed to this mission.",
            ),
            models.UniqueConstraint(
                fields=["person", "charter_version"],
                condition=Q(charter_version__isnull=False),
                name="one_acknowledgement_per_person_and_charter_version",
                violation_error_message="This person has already acknowledged this charter.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} acknowledged {self.document}"

    @property
    def document(self):
        return self.mission if self.mission_id else self.charter_version
