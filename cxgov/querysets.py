"""The scoped queryset every model's manager extends: one place that says who sees what.

Pages, the API and search all read through `Model.objects.for_user(user)`. A person with no
cxgov role sees nothing; everyone else sees what the model's `visible_to` lets through (by
default, everything: governance is open to every role). An object outside that scope is a 404,
never a 403 that confirms it exists.
"""

from __future__ import annotations

from typing import Any, Self

from django.db import models

from .permissions import user_roles


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> Self:
        if not user_roles(user):
            return self.none()
        return self.visible_to(user)

    def visible_to(self, user: Any) -> Self:
        """Narrow to what `user` (who holds a role) may see. Override per model."""
        return self
