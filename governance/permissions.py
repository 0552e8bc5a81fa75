"""Who may do what in governance: one named rule per action, each with its refusal.

Services enforce these rules; pages and the API ask the same rules to show or hide a control
and to answer 403. A lead's right over their body is a guardian object permission that the
membership services keep in step with `Membership.objects.leading()`, the one definition of
who leads a body; `body_permissions_sync` repairs what only the calendar changes.

Who sees what is a rule here too: the querysets' `for_user` asks the visibility rules. So that
the meeting models can import this module without a circle, the rules read the model modules
they need (`.models.structure`, `.models.charters`, `.models.raci`), never the models package.
"""

from __future__ import annotations

from cxgov.permissions import (
    OwnerRule,
    Rule,
    acts,
    can_configure,
    configurers_only,
    has_object_perm,
    has_role,
)
from cxgov.roles import Role

MANAGE_BODY = "governance.change_governancebody"


def _manages(user, body) -> bool:
    return can_configure(user) or has_object_perm(user, MANAGE_BODY, body)


def _leads_some_body(user) -> bool:
    from guardian.shortcuts import get_objects_for_user

    from .models.structure import GovernanceBody

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


# Charters, the CX mission and success statements


def _body_of(obj):
    """The body a charter rule is about: given a body, a charter or a charter version."""
    from .models.charters import Charter, CharterVersion

    if isinstance(obj, CharterVersion):
        return obj.charter.body
    if isinstance(obj, Charter):
        return obj.body
    return obj


def _drafts_charter(user, obj) -> bool:
    if obj is None:
        return can_configure(user) or _leads_some_body(user)
    return _manages(user, _body_of(obj))


def charter_deciders() -> set[int]:
    """The ids of the people the decision rights name for approving charters, today."""
    from .models.raci import Activity, who_may_decide

    activity = Activity.objects.filter(code=APPROVE_CHARTER).first()
    if activity is None:
        return set()
    return set(who_may_decide(activity=activity).values_list("pk", flat=True))


def serving_body_ids(user) -> set[int]:
    from .models.structure import Membership

    return set(
        Membership.objects.active().filter(person_id=user.pk).values_list("body_id", flat=True)
    )


def charter_approval_conflict(user, version, serves_on: set[int] | None = None) -> str:
    """Why `user`'s approval of a charter version does not stand alone ("" when it does): they
    drafted or submitted it, or serve on the body it charters (`serves_on`: the ids of the
    bodies they serve on, read when not given). Such an approval is a first signature; a
    second decider named in the decision rights completes it."""
    if user.pk == version.author_id:
        return "you drafted it"
    if user.pk == version.submitted_by_id:
        return "you submitted it"
    if serves_on is None:
        serves_on = serving_body_ids(user)
    if version.charter.body_id in serves_on:
        return f"you serve on {version.charter.body}"
    return ""


def first_signature(version, deciders: set[int]) -> int | None:
    """Who signed `version` first, while they still may decide (else None)."""
    signer = version.first_approval_by_id
    return signer if signer in deciders else None


def may_sign_charter(user, version, *, deciders: set[int], serves_on: set[int]) -> bool:
    """The rule for approving or rejecting a version in review, on what is read already: the
    decision rights name `user` (in `deciders`); they did not sign first; and where their
    approval would not stand alone, a second decider is named or has signed."""
    if user.pk not in deciders:
        return False
    first = first_signature(version, deciders)
    if first == user.pk:
        return False
    if first is not None or not charter_approval_conflict(user, version, serves_on):
        return True
    return bool(deciders - {user.pk})


def _decides_charter(user, obj) -> bool:
    """Named by the decision rights for approving charters; on a version, may_sign_charter."""
    from .models.charters import CharterVersion

    deciders = charter_deciders()
    if not isinstance(obj, CharterVersion):
        return user.pk in deciders
    if user.pk not in deciders:
        return False
    return may_sign_charter(user, obj, deciders=deciders, serves_on=serving_body_ids(user))


def _asked_to_acknowledge(user, obj) -> bool:
    """Members serving in the body (for its charter) or in any body (for the mission)."""
    from .models.charters import CharterVersion
    from .models.structure import GovernanceBody, Membership

    serving = Membership.objects.active().filter(
        person_id=user.pk, body__in=GovernanceBody.objects.active()
    )
    if isinstance(obj, CharterVersion):
        serving = serving.filter(body_id=obj.charter.body_id)
    return serving.exists()


# The activity whose decision rights say who approves charters.
APPROVE_CHARTER = "approve-charter"

can_draft_charter = Rule(
    "Only admins, the core CX team and the leads of the body can draft or submit its charter.",
    _drafts_charter,
    name="governance.draft_charter",
)
can_approve_charter_version = Rule(
    "Only the people the decision rights name for approving charters may approve or reject "
    "{obj}. Whoever drafted or submitted it, or serves on its body, decides only with a second "
    "decider named there, and nobody signs twice.",
    _decides_charter,
    name="governance.approve_charter_version",
)
can_acknowledge = Rule(
    "Only people serving in a governing body (for a charter, in that body) are asked to "
    "acknowledge {obj}.",
    _asked_to_acknowledge,
    name="governance.acknowledge",
)
can_change_mission = configurers_only(
    "Only admins and the core CX team can draft and publish the CX mission.",
    name="governance.change_mission",
)
can_change_success_statements = configurers_only(
    "Only admins and the core CX team can change success statements and department objectives.",
    name="governance.change_success_statements",
)


# Meetings: the body's leads (chair, sponsor, lead) and its secretary run its meetings, with the
# core CX team and admins. Every check takes the body, or something that has one.


def _meeting_body(obj):
    """The body a meeting, cadence, agenda item, decision or action item belongs to."""
    if obj is None or hasattr(obj, "tier"):
        return obj
    if hasattr(obj, "body_id"):
        return obj.body
    return obj.meeting.body


def _runs_meetings_of(user, body) -> bool:
    from .models.structure import MemberRole, Membership

    if can_configure(user):
        return True
    if body is None:
        return False
    return (
        Membership.objects.leading().filter(person=user, body=body).exists()
        or Membership.objects.active()
        .filter(person=user, body=body, role=MemberRole.SECRETARY)
        .exists()
    )


def _runs_some_meetings(user) -> bool:
    from .models.structure import MemberRole, Membership

    return (
        can_configure(user)
        or Membership.objects.leading().filter(person=user).exists()
        or Membership.objects.active().filter(person=user, role=MemberRole.SECRETARY).exists()
    )


# Visibility, asked by the meeting querysets' `for_user` (MeetingQuerySet and its kin): the
# core team, admins, executives, steering committee members and viewers (auditors) see every
# body's meetings; working-group members see their own bodies'.
can_see_all_meetings = Rule(
    "Only admins, the core CX team, executives, the steering committee and viewers see the "
    "meetings of every body; members see their own bodies' meetings.",
    lambda user, obj: (
        can_configure(user) or has_role(user, Role.EXECUTIVE, Role.STEERING_COMMITTEE, Role.VIEWER)
    ),
    name="governance.see_all_meetings",
)

can_set_cadence = Rule(
    "Only admins, the core CX team and the leads of {obj} can set its meeting cadence.",
    lambda user, obj: can_configure(user) or _manages(user, _meeting_body(obj)),
    name="governance.set_cadence",
)
can_set_some_cadence = Rule(
    "Only admins, the core CX team and the leads of a body can set meeting cadences.",
    lambda user, obj: can_configure(user) or _leads_some_body(user),
    name="governance.set_some_cadence",
)
can_run_meeting = Rule(
    "Only admins, the core CX team, and the chair, lead or secretary of the body can run "
    "its meetings: agenda, attendance, minutes, decisions and action items.",
    lambda user, obj: _runs_meetings_of(user, _meeting_body(obj)),
    name="governance.run_meeting",
)
can_run_some_meeting = Rule(
    "Only admins, the core CX team, and the chairs, leads and secretaries of bodies can run "
    "meetings.",
    lambda user, obj: _runs_some_meetings(user),
    name="governance.run_some_meeting",
)
can_update_action_item = Rule(
    "Only the action's owner, or whoever runs the meetings of its body, can update it.",
    lambda user, obj: (
        obj is not None and (obj.owner_id == user.pk or _runs_meetings_of(user, obj.body))
    ),
    name="governance.update_action_item",
)
can_change_holidays = configurers_only(
    "Only admins and the core CX team can change the holiday calendar.",
    name="governance.change_holidays",
)
can_change_meeting_settings = configurers_only(
    "Only admins and the core CX team can change how far ahead meetings are generated and when "
    "reminders go out.",
    name="governance.change_meeting_settings",
)


# Owners: who may be given work (cxgov.permissions.OwnerRule), asked by the models' clean() so
# every door (pages, API, admin, services, demo) refuses alike. A viewer only reads; an account
# with no role sees nothing; neither can act on what they would own.
can_own_action_item = OwnerRule("the action", name="governance.own_action_item")
can_hold_lead_seat = OwnerRule(
    "a chair's, sponsor's, lead's or secretary's seat", name="governance.hold_lead_seat"
)


# Leadership engagement


def _logs_engagement_for(user, person) -> bool:
    if can_configure(user):
        return True
    if not has_role(user, Role.EXECUTIVE, Role.STEERING_COMMITTEE):
        return False
    return person is None or person.pk == user.pk


can_log_engagement = Rule(
    "Executives and steering committee members log their own CX engagements; the core CX "
    "team and admins log anyone's.",
    _logs_engagement_for,
    name="governance.log_engagement",
)
can_set_engagement_targets = Rule(
    "Only the executive sponsor and admins set leaders' engagement targets.",
    lambda user, obj: has_role(user, Role.EXECUTIVE, Role.ADMIN),
    name="governance.set_engagement_targets",
)


# Working-group commitments


def _states_commitment_for(user, commitment) -> bool:
    if commitment is None:
        return acts(user)
    return (acts(user) and commitment.person_id == user.pk) or _manages(user, commitment.body)


can_state_commitment = Rule(
    "Members state their own commitment to their working group; its leads, the core CX team "
    "and admins may draft anyone's (only the member agrees to it).",
    _states_commitment_for,
    name="governance.state_commitment",
)


# The CX standards library: everyone reads it; the core team and admins keep it.
can_edit_standards = configurers_only(
    "Only admins and the core CX team can add to or change the standards library.",
    name="governance.edit_standards",
)
