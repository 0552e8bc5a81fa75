"""What the program agreed: department objectives and the CX success statements tied to them.

A success statement says in a few sentences what CX success means, company-wide or for one
business unit; its measurable targets are voc's `KpiTarget`, which points here (governance
imports nothing from voc: the page reads them through the reverse relation).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cxgov.querysets import ScopedQuerySet

from .structure import BusinessUnit


class DepartmentObjectiveQuerySet(ScopedQuerySet):
    pass


class DepartmentObjective(models.Model):
    """A business unit's own objective, which CX success statements tie back to."""

    business_unit = models.ForeignKey(
        BusinessUnit, on_delete=models.PROTECT, related_name="objectives"
    )
    text = models.TextField(help_text="The objective, in the department's own words.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="department_objectives",
        help_text="Who owns this objective in the business unit.",
    )
    history = HistoricalRecords()

    objects = DepartmentObjectiveQuerySet.as_manager()

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


class SuccessStatementQuerySet(ScopedQuerySet):
    pass


class SuccessStatement(models.Model):
    """What CX success means, company-wide (no business unit) or for one business unit."""

    title = models.CharField(max_length=160, help_text="A short name for the statement.")
    text = models.TextField(help_text="A few sentences: what CX success means and how we see it.")
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
    history = HistoricalRecords(m2m_fields=[objectives])

    objects = SuccessStatementQuerySet.as_manager()

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

    @property
    def scope_name(self) -> str:
        return self.business_unit.name if self.business_unit_id else "Company-wide"
