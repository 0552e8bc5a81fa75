"""Who does what: activities (the core team's jobs, work categories, decisions), their decision
rights, and the RACI matrix of activities against bodies and people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cxgov.people import person_name
from cxgov.querysets import ScopedQuerySet
from cxgov.validators import plain_line, plain_text, position

from .structure import (
    GovernanceBody,
    Membership,
    RemembersLoadedValues,
    check_body_takes_links,
)


class ActivityKind(models.TextChoices):
    JOB = "job", "Core-team job"
    CATEGORY = "category", "Work category"
    DECISION = "decision", "Decision"
    CUSTOM = "custom", "Custom"


class Activity(RemembersLoadedValues, models.Model):
    code = models.SlugField(max_length=60, unique=True, help_text="A stable identifier.")
    name = models.CharField(max_length=160, unique=True, validators=plain_line("The name"))
    kind = models.CharField(
        max_length=12, choices=ActivityKind.choices, default=ActivityKind.CUSTOM
    )
    description = models.TextField(blank=True, validators=plain_text("The description"))
    position = models.PositiveIntegerField(
        default=0, validators=position(), help_text="Order on the RACI matrix."
    )
    decided_by = models.ForeignKey(
        GovernanceBody,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decision_rights",
        help_text="The body that holds the right to decide on this activity.",
    )
    chair_decides = models.BooleanField(
        "the chair decides",
        default=True,
        help_text="The deciding body's chair (its sponsor or lead, where it has no chair) "
        "may decide.",
    )
    named_deciders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="named_decision_rights",
        verbose_name="named deciders",
        help_text="Members of the deciding body it names to decide too, while they serve on it.",
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

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.decided_by_id and self.decided_by_id == self.escalates_to_id:
            errors["escalates_to"] = (
                "A decision escalates to a different body than the one deciding."
            )
        for field, what in (("decided_by", "decision rights"), ("escalates_to", "escalations")):
            if field not in errors and self.links_anew(f"{field}_id"):
                refused = check_body_takes_links(getattr(self, field), what)
                if refused:
                    errors[field] = refused
        if errors:
            raise ValidationError(errors)


# Decision rights: read here, below both the rules (governance.permissions asks them to approve
# a charter) and the selectors, so neither has to import the other.


def decider_seats(*, activity: Activity, on: dt.date | None = None) -> models.QuerySet:
    """The seats through which people may decide on an activity on `on` (default today): in
    the body holding its right, while it is not disbanded, the chair's (its sponsor's or
    lead's) when the right says the chair decides, and the seats of the members it names."""
    body_id = activity.decided_by_id
    if body_id is None:
        return Membership.objects.none()
    named = Q(person__in=activity.named_deciders.all())
    if activity.chair_decides:
        named |= Q(pk__in=Membership.objects.leading(on).filter(body_id=body_id).values("pk"))
    return Membership.objects.active(on).filter(
        named, body_id=body_id, body__in=GovernanceBody.objects.active(on)
    )


def who_may_decide(*, activity: Activity, on: dt.date | None = None) -> models.QuerySet:
    """The people who may decide on an activity now: the chair of the body holding its right
    (if the right says so) and the members it names, while they serve on it.

    Workflows (charter approval, initiative approval) ask this instead of naming a role, so a
    change to the decision rights changes who may approve.
    """
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if activity.decided_by_id is None:
        return User.objects.none()
    return User.objects.filter(
        pk__in=decider_seats(activity=activity, on=on).values("person_id")
    ).order_by("last_name", "username")


def check_deciders(*, activity: Activity, people: Any) -> None:
    """The members an activity (its deciding body set in memory, not yet saved) is to name as
    deciders must serve on its deciding body: the one check the services and the admin make.

    Those named anew are checked; with a new deciding body, everyone named is, so a decider
    of one body never carries over to another. One named before whose seat has since ended
    stays named and simply does not decide. Raises ValidationError on `named_deciders`.
    """
    people = list(people)
    if activity.pk and not activity.changed_since_loaded("decided_by_id"):
        before = set(activity.named_deciders.values_list("pk", flat=True))
        people = [person for person in people if person.pk not in before]
    if not people:
        return
    body = activity.decided_by if activity.decided_by_id else None
    if body is None:
        raise ValidationError(
            {"named_deciders": "Choose the deciding body before naming members of it as deciders."}
        )
    serving = set(
        Membership.objects.active()
        .filter(body=body, person__in=people)
        .values_list("person_id", flat=True)
    )
    outside = [person for person in people if person.pk not in serving]
    if outside:
        names = ", ".join(person_name(person) for person in outside)
        raise ValidationError(
            {
                "named_deciders": f"{names} {'does' if len(outside) == 1 else 'do'} not serve "
                f"on {body}; a body names its own members as deciders."
            }
        )


def may_decide(*, user: Any, activity: Activity, on: dt.date | None = None) -> bool:
    return who_may_decide(activity=activity, on=on).filter(pk=user.pk).exists()


class RaciLetter(models.TextChoices):
    RESPONSIBLE = "R", "Responsible"
    ACCOUNTABLE = "A", "Accountable"
    CONSULTED = "C", "Consulted"
    INFORMED = "I", "Informed"


def check_one_party(*, body, person) -> None:
    """A RACI assignment names a body or a person: never both, never neither."""
    if (body is None) == (person is None):
        raise ValidationError("Choose either a body or a person, not both and not neither.")


class RaciAssignment(RemembersLoadedValues, models.Model):
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

    objects = ScopedQuerySet.as_manager()

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
        check_one_party(
            body=self.body if self.body_id else None, person=self.person if self.person_id else None
        )
        if self.person_id and not self.person.is_active:
            raise ValidationError(
                {"person": f"{person_name(self.person)}'s account is deactivated."}
            )
        if self.links_anew("body_id"):
            refused = check_body_takes_links(self.body, "RACI letters")
            if refused:
                raise ValidationError({"body": refused})
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
