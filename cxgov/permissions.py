"""The one permission helper the apps share: roles (Django groups) plus object permissions.

Pages, API viewsets and services all ask these functions, so a rule lives in one place.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .roles import CONFIGURERS, ROLE_PRIORITY, Role

_CACHE_ATTR = "_cxgov_roles"


def user_roles(user: Any) -> frozenset[Role]:
    """The roles a user holds, read once per request object. A superuser is an admin."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        if user.is_superuser:
            cached = cached | {Role.ADMIN}
        setattr(user, _CACHE_ATTR, cached)
    return cached


def has_role(user: Any, *roles: Role) -> bool:
    return bool(user_roles(user) & set(roles))


def primary_role(user: Any) -> Role | None:
    """The role whose home page a user lands on."""
    held = user_roles(user)
    return next((role for role in ROLE_PRIORITY if role in held), None)


def can_configure(user: Any) -> bool:
    """Admins and the core team configure the program (bodies, RACI, charters, metrics)."""
    return has_role(user, *CONFIGURERS)


def can_change(user: Any, obj: Any = None, *, perm: str | None = None) -> bool:
    """Configurers change anything; others need the object permission `perm` on `obj` (guardian)."""
    if can_configure(user):
        return True
    if obj is None or perm is None or not user_roles(user):
        return False
    return user.has_perm(perm, obj)


class RolePermission(BasePermission):
    """The default for every API view.

    Reading needs any role. Writing needs one of the view's `write_roles` (configurers by
    default), or, where the view names an `object_permission`, that permission on the object
    returned by the view's `permission_object(obj)` (for a create, the view checks it itself
    once the input is validated).
    """

    message = "Your role does not allow this."

    def has_permission(self, request, view) -> bool:
        if not user_roles(request.user):
            return False
        if request.method in SAFE_METHODS:
            return True
        if has_role(request.user, *getattr(view, "write_roles", CONFIGURERS)):
            return True
        return getattr(view, "object_permission", None) is not None

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if has_role(request.user, *getattr(view, "write_roles", CONFIGURERS)):
            return True
        perm = getattr(view, "object_permission", None)
        if perm is None:
            return False
        target = view.permission_object(obj) if hasattr(view, "permission_object") else obj
        return request.user.has_perm(perm, target)
