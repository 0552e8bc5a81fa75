"""Milestones: an initiative's dated steps."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from cxgov.dates import today
from cxgov.querysets import ScopedQuerySet
from cxgov.validators import plain_line, program_date

from .initiatives import Initiative


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
                    "due_on": f"The milestone is due {self.due_on:%-d %b %Y}, outside the "
                    f"initiative's dates ({initiative.start_date:%-d %b %Y} to "
                    f"{initiative.target_date:%-d %b %Y})."
                }
            )
