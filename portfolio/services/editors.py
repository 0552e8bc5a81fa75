"""The working-group members' right to edit their groups' initiatives (a django-guardian
object permission, kept in step with the seats)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cxgov.permissions import object_permissions_reconcile
from governance.models import GovernanceBody, Membership, serving_q

from .. import permissions as rules
from ..models import Initiative


def initiative_editors_sync(*, initiative: Initiative) -> None:
    """The people holding the edit permission on `initiative` are exactly the members serving
    on its working group today."""
    members = Membership.objects.filter(serving_q(), body_id=initiative.working_group_id)
    object_permissions_reconcile(
        perm=rules.EDIT_INITIATIVE,
        objects=initiative,
        holders=[
            (person_id, initiative) for person_id in members.values_list("person_id", flat=True)
        ],
    )


def member_permissions_sync(*, person: Any, body: GovernanceBody) -> None:
    """A person may edit the initiatives of `body` exactly while they serve on it. Runs from
    governance's `membership_changed`, inside the membership service's transaction."""
    initiatives = Initiative.objects.filter(working_group=body)
    serving = Membership.objects.filter(serving_q(), person=person, body=body).exists()
    object_permissions_reconcile(
        perm=rules.EDIT_INITIATIVE,
        objects=initiatives,
        users=[person],
        holders=[(person, pk) for pk in initiatives.values_list("pk", flat=True)]
        if serving
        else [],
    )


def initiative_permissions_sync(*, on: dt.date | None = None) -> tuple[int, int]:
    """Make the editors of every initiative exactly its working group's members serving on
    `on` (default today). Writes keep the permission in step as they happen; this catches what
    only the calendar changes (a seat that ended yesterday). Idempotent; (granted, revoked)."""
    members: dict[int, set[int]] = {}
    for person_id, body_id in Membership.objects.filter(serving_q(on)).values_list(
        "person_id", "body_id"
    ):
        members.setdefault(body_id, set()).add(person_id)
    return object_permissions_reconcile(
        perm=rules.EDIT_INITIATIVE,
        objects=Initiative,
        holders=[
            (person_id, initiative_id)
            for initiative_id, body_id in Initiative.objects.values_list("pk", "working_group_id")
            for person_id in members.get(body_id, ())
        ],
    )
