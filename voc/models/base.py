"""What every voc model's queryset shares."""

from __future__ import annotations

from django.db import models


class VocQuerySet(models.QuerySet):
    def for_user(self, user):
        """Everything voc holds is program-wide: anyone with a role reads it, nobody else."""
        from cxgov.permissions import user_roles

        return self if user_roles(user) else self.none()
