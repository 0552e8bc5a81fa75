"""The working-group members' right to edit their groups' initiatives (a django-guardian
object permission, kept in step with the seats)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from governance.models import GovernanceBody, Membership, serving_q

from .. import permissions as rules
from ..models import Initiative


def _members_of(body_id: int) -> list[Any]:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model().objects.filter(
            pk__in=Membership.objects.filter(serving_q(), body_id=body_id).values("person_id")
        )
    )


def initiative_editors_sync(*, initiative: Initiative) -> None:
    """The people holding the edit permission on `initiative` are exactly the members serving
    on its working group today."""
    wanted = {user.pk: user for user in _members_of(initiative.working_group_id)}
    held = {
        user.pk: user
        for user in get_users_with_perms(
            initiative, only_with_perms_in=["change_initiative"], with_superusers=False
        )
    }
    for pk in wanted.keys() - held.keys():
        assign_perm(rules.EDIT_INITIATIVE, wanted[pk], initiative)
    for pk in held.keys() - wanted.keys():
        remove_perm(rules.EDIT_INITIATIVE, held[pk], initiative)


def member_permissions_sync(*, person: Any, body: GovernanceBody) -> None:
    """A person may edit the initiatives of `body` exactly while they serve on it. Runs from
    governance's `membership_changed`, inside the membership service's transaction."""
    initiatives = Initiative.objects.filter(working_group=body)
    if not initiatives.exists():
        return
    if Membership.objects.filter(serving_q(), person=person, body=body).exists():
        assign_perm(rules.EDIT_INITIATIVE, person, initiatives)
    else:
        remove_perm(rules.EDIT_INITIATIVE, person, initiatives)


@transaction.atomic
def initiative_permissions_sync(*, on: dt.date | None = None) -> tuple[int, int]:
    """Make the editors of every initiative exactly its working group's members serving on
    `on` (default today). Writes keep the permission in step as they happen; this catches what
    only the calendar changes (a seat that ended yesterday). Idempotent; (granted, revoked)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import UserObjectPermission

    content_type = ContentType.objects.get_for_model(Initiative)
    permission = Permission.objects.get(content_type=content_type, codename="change_initiative")
    members: dict[int, set[int]] = {}
    for person_id, body_id in Membership.objects.filter(serving_q(on)).values_list(
        "person_id", "body_id"
    ):
        members.setdefault(body_id, set()).add(person_id)
    wanted = {
        (person_id, initiative_id)
        for initiative_id, body_id in Initiative.objects.values_list("pk", "working_group_id")
        for person_id in members.get(body_id, ())
    }
    held = {
        (user_id, int(object_pk)): pk
        for pk, user_id, object_pk in UserObjectPermission.objects.filter(
            permission=permission, content_type=content_type
        ).values_list("pk", "user_id", "object_pk")
    }
    grant = wanted - held.keys()
    revoke = held.keys() - wanted
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(
                user_id=user_id,
                permission=permission,
                content_type=content_type,
                object_pk=str(initiative_id),
            )
            for user_id, initiative_id in grant
        ],
        ignore_conflicts=True,
    )
    UserObjectPermission.objects.filter(pk__in=[held[key] for key in revoke]).delete()
    return len(grant), len(revoke)
