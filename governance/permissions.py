"""Who may do what in governance: one named rule per action, each with its refusal.

Services enforce these rules; pages and the API ask the same rules to show or hide a control
and to answer 403. A lead's right over their body is a guardian object permission that the
membership services keep in step with `Membership.objects.leading()`, the one definition of
who leads a body; `body_permissions_sync` repairs what only the calendar changes.
"""

from __future__ import annotations

from cxgov.permissions import Rule, can_configure, configurers_only, has_object_perm

MANAGE_BODY = "governance.change_governancebody"


def _manages(user, body) -> bool:
    return can_configure(user) or has_object_perm(user, MANAGE_BODY, body)


def _leads_some_body(user) -> bool:
    from guardian.shortcuts import get_objects_for_user

    from .models import GovernanceBody

    return get_objects_for_user(
        user, MANAGE_BODY, klass=GovernanceBody, accept_global_perms=False
    ).exists()


# Business units
can_change_business_units = configurers_only(
    "Only admins and the core CX team can add or change business units.",
    name="governance.change_business_units",
)

# Bodies
can_create_body = configurers_only(
    "Only admins and the core CX team can create governing bodies.", name="governance.create_body"
)
can_manage_body = Rule(
    "Only admins, the core CX team and the leads of {obj} can change it or its members.",
    _manages,
    name="governance.manage_body",
)
can_move_body = configurers_only(
    "Only admins and the core CX team can move a body in the structure (its tier or parent).",
    name="governance.move_body",
)
can_disband_body = configurers_only(
    "Only admins and the core CX team can disband governing bodies.",
    name="governance.disband_body",
)

# Memberships: a create names its body in the input; the service asks can_manage_body of it.
can_add_members_somewhere = Rule(
    "Only admins, the core CX team and the leads of a body can add members.",
    lambda user, obj: can_configure(user) or _leads_some_body(user),
    name="governance.add_members_somewhere",
)

# Activities, decision rights and the RACI matrix
can_change_activities = configurers_only(
    "Only admins and the core CX team can change activities and decision rights.",
    name="governance.change_activities",
)
can_edit_raci = configurers_only(
    "Only admins and the core CX team can edit the RACI matrix.", name="governance.edit_raci"
)

# Maturity
can_record_maturity = configurers_only(
    "Only admins and the core CX team can record maturity assessments.",
    name="governance.record_maturity",
)
