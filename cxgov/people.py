"""People: how a person is named everywhere, and who can be chosen for a new role or task."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .permissions import ACTING_ROLES, user_roles


def person_name(user: Any) -> str:
    """A person's full name, or their username when they have none."""
    return user.get_full_name() or user.username


def active_people() -> QuerySet:
    """Accounts that may take a seat, a letter or a task: deactivated ones never can."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .order_by("last_name", "first_name", "username")
    )


def acting_people() -> QuerySet:
    """Active accounts holding a role that acts (cxgov.permissions.acts, in SQL): those whom
    work may be given. A viewer only reads; an account with no role sees nothing."""
    from django.db.models import Q

    in_acting_roles = (
        get_user_model()
        .groups.through.objects.filter(group__name__in=[role.value for role in ACTING_ROLES])
        .values("user_id")
    )
    return active_people().filter(Q(is_superuser=True) | Q(pk__in=in_acting_roles))


def people_visible_to(user: Any) -> QuerySet:
    """Whom `user` may look up: everyone, for anyone who holds a cxgov role."""
    people = get_user_model().objects.all()
    return people if user_roles(user) else people.none()
