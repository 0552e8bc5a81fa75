"""Method adoption: which methods of the standards library (governance's `Standard`s of kind
"method") an initiative uses, so the library shows adoption per business unit. Portfolio
points down to governance; governance knows nothing of it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from cxgov.querysets import ScopedQuerySet
from governance.models import StandardKind

from .initiatives import Initiative


class MethodUseQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> MethodUseQuerySet:
        return self.filter(initiative__in=Initiative.objects.for_user(user))


class MethodUse(models.Model):
    """An initiative uses a CX method of the standards library."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="method_uses")
    method = models.ForeignKey(
        "governance.Standard",
        on_delete=models.PROTECT,
        related_name="uses",
        limit_choices_to={"kind": StandardKind.METHOD},
        help_text="A method of the standards library the initiative uses.",
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    objects = MethodUseQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "method"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "method"],
                name="method_use_once_per_initiative",
                violation_error_message="The initiative already uses this method.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} uses {self.method}"

    def clean(self) -> None:
        if self.method_id and self.method.kind != StandardKind.METHOD:
            raise ValidationError(
                {
                    "method": f"{self.method} is a {self.method.get_kind_display().lower()}, not "
                    "a method: choose one of the library's methods."
                }
            )
