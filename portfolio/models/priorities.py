"""Strategic priorities: what the steering committee sets for a period; initiatives align
to several."""

from __future__ import annotations

from django.db import models

from cxgov.querysets import ScopedQuerySet
from cxgov.validators import plain_line, plain_text, position


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
    position = models.PositiveIntegerField(
        default=0, validators=position(), help_text="Order on lists and the heatmap."
    )

    objects = StrategicPriorityQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name_plural = "strategic priorities"

    def __str__(self) -> str:
        return self.title
