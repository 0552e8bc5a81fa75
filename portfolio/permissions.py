"""Who may do what in the portfolio: one named rule per action, each with its refusal.

- Reading needs any role (proposals are narrowed by `Initiative.objects.for_user`).
- A working group's serving members propose initiatives in that group and edit its
  initiatives: the right to edit is a guardian object permission on each initiative, granted
  and revoked with their seat (portfolio.services.initiative_permissions_sync, run from
  governance's `membership_changed` signal in the membership's own transaction).
- The core CX team (and admins) edit every initiative.
- Approving a proposal is for exactly the people `governance.models.who_may_decide` names
  for the "approve-initiative" activity.
- The steering committee (and configurers) set the strategic priorities.
"""

from __future__ import annotations

from typing import Any

from cxgov.permissions import OwnerRule, Rule, can_configure, has_object_perm, has_role
from cxgov.roles import Role

EDIT_INITIATIVE = "portfolio.change_initiative"
APPROVE_ACTIVITY = "approve-initiative"


def _edits(user: Any, initiative: Any) -> bool:
    return can_configure(user) or has_object_perm(user, EDIT_INITIATIVE, initiative)


def serving_groups(user: Any):
    """The working groups `user` serves on today (ids), the one definition of "my groups"."""
    from governance.models import Membership, Tier, serving_q

    return Membership.objects.filter(
        serving_q(), person=user, body__tier=Tier.WORKING_GROUP
    ).values("body_id")


def _proposes_in(user: Any, group: Any) -> bool:
    if can_configure(user):
        return True
    if group is None:  # asked before a group is named: may they propose anywhere?
        return serving_groups(user).exists()
    return serving_groups(user).filter(body_id=group.pk).exists()


def approve_activity():
    from governance.models import Activity

    return Activity.objects.select_related("decided_by").filter(code=APPROVE_ACTIVITY).first()


def _approves(user: Any, initiative: Any = None) -> bool:
    from governance.models import may_decide

    activity = approve_activity()
    return activity is not None and may_decide(user=user, activity=activity)


# Visibility, asked by `Initiative.objects.for_user` (and through it by the milestones, status
# updates, risks and target links): the leadership roles, who approve and coordinate, see every
# initiative, proposals included; the queryset lets everyone else see the rest.
can_see_all_initiatives = Rule(
    "Only admins, the core CX team, executives and the steering committee see every proposal; "
    "others see approved initiatives and the proposals of their own groups.",
    lambda user, obj: has_role(
        user, Role.ADMIN, Role.CORE_TEAM, Role.EXECUTIVE, Role.STEERING_COMMITTEE
    ),
    name="portfolio.see_all_initiatives",
)

# Priorities
can_set_priorities = Rule(
    "Only the steering committee, admins and the core CX team set strategic priorities.",
    lambda user, obj: can_configure(user) or has_role(user, Role.STEERING_COMMITTEE),
    name="portfolio.set_priorities",
)

# Focus
can_set_focus_limits = Rule(
    "Only the core CX team and admins set focus limits.",
    lambda user, obj: can_configure(user),
    name="portfolio.set_focus_limits",
)

# Initiatives
can_propose_initiative = Rule(
    "Only members of {obj}, admins and the core CX team can propose initiatives in it.",
    _proposes_in,
    name="portfolio.propose_initiative",
)
can_edit_initiative = Rule(
    "Only the members of {obj.working_group}, admins and the core CX team can change {obj}.",
    _edits,
    name="portfolio.edit_initiative",
)
can_approve_initiative = Rule(
    "Only the people holding the decision right to approve initiatives (the leads of the body "
    "that decides 'approve-initiative') can approve {obj}.",
    _approves,
    name="portfolio.approve_initiative",
)
# Creating a milestone, status update or risk names its initiative in the input: this says who
# may create one at all; the service then asks can_edit_initiative of the initiative named.
can_work_on_initiatives = Rule(
    "Only members of a working group, admins and the core CX team can do this.",
    lambda user, obj: can_configure(user) or serving_groups(user).exists(),
    name="portfolio.work_on_initiatives",
)
# Moving on the board: the transition service then asks the rule for the move itself.
can_move_initiative = Rule(
    "Only the members of {obj.working_group}, admins, the core CX team and those who approve "
    "initiatives can change the status of {obj}.",
    lambda user, obj: _edits(user, obj) or _approves(user, obj),
    name="portfolio.move_initiative",
)


# Owners (cxgov.permissions.OwnerRule, asked by the models' clean() on every door): an
# initiative's owner, and a risk's, works on the initiative, so they must be able to edit it:
# the core CX team, admins, or a member serving on its working group.
def _works_on(person: Any, initiative: Any) -> bool:
    if can_configure(person) or initiative is None:
        return True
    return serving_groups(person).filter(body_id=initiative.working_group_id).exists()


can_own_initiative = OwnerRule(
    "the initiative",
    name="portfolio.own_initiative",
    test=_works_on,
    needs="does not serve on {obj.working_group}, so could not update {obj}; give it to one "
    "of its members or the core CX team",
)
can_own_risk = OwnerRule(
    "the risk",
    name="portfolio.own_risk",
    test=lambda person, risk: _works_on(person, risk.initiative if risk else None),
    needs="does not serve on {obj.initiative.working_group}, so could not update the risk; give "
    "it to one of its members or the core CX team",
)
