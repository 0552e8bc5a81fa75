"""The one permission kit the apps share: roles (Django groups), object permissions, and rules.

Each app defines one named `Rule` per action beside its services (`<app>/permissions.py`):
what it allows and the sentence that explains a refusal. Services enforce the rule; pages and
the API ask the same rule to show or hide a control and to answer 403. `RolePermission` applies
a viewset's declared rules, so no viewset has to remember to guard a write itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.functions import Cast
from guardian.models import UserObjectPermission
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .roles import CONFIGURERS, ROLE_PRIORITY, Role

_CACHE_ATTR = "_cxgov_roles"


def forget_roles(user: Any) -> None:
    """Drop the roles read for this user object, after they changed (a sign-in's mapping)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def prime_roles(users: Iterable[Any]) -> None:
    """Read the roles of many people from their prefetched groups (`prefetch_related("groups")`),
    so that `user_roles` asks nothing more of the database for any of them."""
    for user in users:
        names = {group.name for group in user.groups.all()}
        roles = frozenset(role for role in Role if role.value in names)
        setattr(user, _CACHE_ATTR, roles | {Role.ADMIN} if user.is_superuser else roles)


def user_roles(user: Any) -> frozenset[Role]:
    """The roles a user holds, read once per request object. A superuser is an admin."""
    if (
        user is None
        or isinstance(user, AnonymousUser)
        or not user.is_authenticated
        or not user.is_active
    ):
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


def has_object_perm(user: Any, perm: str, obj: Any) -> bool:
    """A guardian object permission, for a user who holds a role (none counts without one)."""
    return bool(user_roles(user)) and user.has_perm(perm, obj)


def _pk(value: Any) -> Any:
    return getattr(value, "pk", value)


@transaction.atomic
def object_permissions_reconcile(
    *,
    perm: str,
    objects: models.Model | models.QuerySet | type[models.Model],
    holders: Iterable[tuple[Any, Any]],
    users: Iterable[Any] | None = None,
) -> tuple[int, int]:
    """Make the users who hold guardian's `perm` ("app_label.codename") on `objects` exactly
    `holders`: grant what is missing and revoke what is extra, in bulk. Returns (granted,
    revoked).

    `objects` is the scope: one object, a queryset, or a model class for all of its rows.
    `users`, when given, narrows the scope to those people, so a sync about one person leaves
    everyone else's rows alone. `holders` are (user, object) pairs, as instances or primary
    keys, inside that scope. At most four queries, whatever the number of rows.
    """
    if isinstance(objects, models.Model):
        model = type(objects)
    elif isinstance(objects, models.QuerySet):
        model = objects.model
    else:
        model = objects
    content_type = ContentType.objects.get_for_model(model)
    permission = Permission.objects.get(content_type=content_type, codename=perm.rsplit(".", 1)[-1])
    # guardian keeps the object's key as text; compare it as text on both sides.
    wanted = {(_pk(user), str(_pk(obj))) for user, obj in holders}
    held_rows = UserObjectPermission.objects.filter(
        permission=permission, content_type=content_type
    )
    if isinstance(objects, models.Model):
        held_rows = held_rows.filter(object_pk=str(objects.pk))
        outside = {obj for _, obj in wanted} - {str(objects.pk)}
        if outside:
            raise ValueError(f"Holders name objects outside the scope {objects!r}: {outside}.")
    elif isinstance(objects, models.QuerySet):
        held_rows = held_rows.filter(
            object_pk__in=objects.order_by()
            .annotate(pk_text=Cast("pk", models.CharField()))
            .values("pk_text")
        )
    if users is not None:
        user_ids = {_pk(user) for user in users}
        held_rows = held_rows.filter(user_id__in=user_ids)
        outside = {user for user, _ in wanted} - user_ids
        if outside:
            raise ValueError(f"Holders name users outside the scope: {outside}.")
    held = {
        (user_id, object_pk): pk
        for pk, user_id, object_pk in held_rows.values_list("pk", "user_id", "object_pk")
    }
    grant = wanted - held.keys()
    revoke = held.keys() - wanted
    if grant:
        UserObjectPermission.objects.bulk_create(
            [
                UserObjectPermission(
                    user_id=user_id,
                    permission=permission,
                    content_type=content_type,
                    object_pk=object_pk,
                )
                for user_id, object_pk in grant
            ],
            ignore_conflicts=True,
        )
    if revoke:
        UserObjectPermission.objects.filter(pk__in=[held[key] for key in revoke]).delete()
    return len(grant), len(revoke)


# Named rules, for templates to ask by name ({% may "governance.manage_body" body as allowed %}).
RULES: dict[str, Rule] = {}


class Rule:
    """A named permission check and the sentence that explains its refusal.

    `test(user, obj)` decides; it is only asked for a user who holds a cxgov role. `message`
    may name the object as `{obj}`. Call the rule to ask (`can_manage_body(user, body)`), or
    `enforce` it in a service, which raises PermissionDenied with the message.
    """

    def __init__(self, message: str, test: Callable[[Any, Any], bool], *, name: str = ""):
        self.message = message
        self.test = test
        self.name = name
        if name:
            if name in RULES:
                raise ValueError(f"A rule named {name!r} is defined twice.")
            RULES[name] = self

    def __call__(self, user: Any, obj: Any = None) -> bool:
        return bool(user_roles(user)) and bool(self.test(user, obj))

    def refusal(self, obj: Any = None) -> str:
        return self.message.format(obj=obj) if obj is not None else self.message

    def enforce(self, user: Any, obj: Any = None) -> None:
        if not self(user, obj):
            raise PermissionDenied(self.refusal(obj))

    def __repr__(self) -> str:
        return f"Rule({self.message!r})"


# The roles that act on what they own: all but the viewer's, which only reads (auditors).
ACTING_ROLES = frozenset(Role) - {Role.VIEWER}


def acts(person: Any) -> bool:
    """An active account holding a role that acts, not only the viewer's (or none)."""
    return bool(user_roles(person) & ACTING_ROLES)


class OwnerRule:
    """Who may be given one kind of work (an action item, a case, an initiative, a lead's
    seat): the one check every door makes before naming an owner, so work never goes to
    someone who cannot act on it.

    `test(person, obj)` adds the kind's own condition to `acts(person)`; `needs` says, after
    "{person} ", what they lack when it fails (it may name `{obj}`). `check` raises a
    ValidationError on `field` naming the person and why.
    """

    def __init__(
        self,
        what: str,
        *,
        name: str,
        test: Callable[[Any, Any], bool] | None = None,
        needs: str = "",
    ):
        self.what, self.name, self.test, self.needs = what, name, test, needs
        if name in OWNER_RULES:
            raise ValueError(f"An owner rule named {name!r} is defined twice.")
        OWNER_RULES[name] = self

    def refusal(self, person: Any, obj: Any = None) -> str | None:
        """Why `person` cannot own `obj`, or None when they can."""
        name = person.get_full_name() or person.username
        if not person.is_active:
            return f"{name}'s account is deactivated; give {self.what} to someone active."
        if not user_roles(person):
            return (
                f"{name} holds no cxgov role, so could not act on {self.what}; "
                "give them a role first."
            )
        if not acts(person):
            return (
                f"{name} only reads (a viewer), so could not act on {self.what}; "
                "give it to someone who acts."
            )
        if self.test is not None and not self.test(person, obj):
            return f"{name} {self.needs.format(obj=obj)}".rstrip(".") + "."
        return None

    def __call__(self, person: Any, obj: Any = None) -> bool:
        return self.refusal(person, obj) is None

    def check(self, person: Any, obj: Any = None, *, field: str = "owner") -> None:
        from django.core.exceptions import ValidationError

        refused = self.refusal(person, obj)
        if refused:
            raise ValidationError({field: refused})


OWNER_RULES: dict[str, OwnerRule] = {}


def configurers_only(message: str, *, name: str = "") -> Rule:
    """The common rule: admins and the core CX team."""
    return Rule(message, lambda user, obj: can_configure(user), name=name)


# What a viewset that declares no rule for a write falls back to.
CONFIGURE = configurers_only("Only admins and the core CX team can do this.")

# Contact details: an account's e-mail address is for the people who configure the program and
# for the person themselves, not for every role browsing people pages at sequential ids.
can_see_email = Rule(
    "Only admins, the core CX team and the person themselves see an e-mail address.",
    lambda user, person: can_configure(user) or getattr(person, "pk", None) == user.pk,
    name="people.see_email",
)


class RolePermission(BasePermission):
    """The default for every API view.

    Reading needs any role. A write needs the rule the view declares for its action in
    `rules` ({"create": rule, "update": rule, "partial_update": ..., "destroy": ...,
    "<extra action>": rule}); an action with no declared rule is for configurers only. The
    create rule is asked with no object (it says who may create at all: the service then checks
    the object named in the input); every other write's rule is asked with the object, taken
    from the view's `permission_object(obj)` where the rule is about a parent (a membership's
    body).
    """

    message = "Your role does not allow this."

    def _rule(self, view) -> Rule:
        return getattr(view, "rules", {}).get(getattr(view, "action", None), CONFIGURE)

    def has_permission(self, request, view) -> bool:
        if not user_roles(request.user):
            return False
        if request.method in SAFE_METHODS:
            return True
        if getattr(view, "action", None) == "create" or not getattr(view, "detail", False):
            rule = self._rule(view)
            if not rule(request.user):
                self.message = rule.refusal()
                return False
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        rule = self._rule(view)
        target = view.permission_object(obj) if hasattr(view, "permission_object") else obj
        if not rule(request.user, target):
            self.message = rule.refusal(target)
            return False
        return True
