"""Who may do what in voc: one named rule per action, each with its refusal. Services enforce
these rules; pages and the API ask the same rules to show or hide a control and to answer 403."""

from __future__ import annotations

from cxgov.permissions import OwnerRule, Rule, acts, can_configure, configurers_only

# The core team (and admins) import voice-of-the-customer data.
can_import_responses = configurers_only(
    "Only admins and the core CX team can import responses.", name="voc.import_responses"
)

# Verbatim comments can name people and situations: the core team (and admins) read them all,
# as they run the closed loop, and a touchpoint's owner reads those on their touchpoint (they
# follow its detractors up). Other roles see scores and counts. Asked with the response's
# touchpoint (or None).
can_read_comments = Rule(
    "Only admins, the core CX team and the touchpoint's owner can read customers' comments.",
    lambda user, touchpoint: (
        can_configure(user)
        or (touchpoint is not None and getattr(touchpoint, "owner_id", None) == user.pk)
    ),
    name="voc.read_comments",
)

# Operational figures (churn, handle time, repeat contacts) are entered by the core team.
can_enter_operational_values = configurers_only(
    "Only admins and the core CX team can enter operational figures.",
    name="voc.enter_operational_values",
)

# Whether the responses page shows a comment column at all: the person may read some comments
# (everyone's, or those of a touchpoint they own). Each comment is still asked of
# can_read_comments with its response's touchpoint.
can_read_some_comments = Rule(
    "Only admins, the core CX team and touchpoint owners can read customers' comments.",
    lambda user, obj: can_read_comments(user) or user.owned_touchpoints.exists(),
    name="voc.read_some_comments",
)

# -- Closed-loop cases ---------------------------------------------------------------------------
# Visibility, asked by ClosedLoopCase's queryset (`for_user`): a case names a customer's
# complaint, so the core team and admins see every case and anyone else only the cases they
# own; other roles see counts, not cases.
can_see_all_cases = configurers_only(
    "Only admins and the core CX team see every closed-loop case; owners see their own.",
    name="voc.see_all_cases",
)

# A case's owner works it (moves its status, closes it with a note); the core team (and admins)
# work any case and reassign. Everyone else sees counts, not cases (ClosedLoopCase's scope).
can_work_case = Rule(
    "Only the case's owner (with a role that acts, not a viewer's), the core CX team and admins "
    "can move a case.",
    lambda user, case: (
        can_configure(user) or (case is not None and case.owner_id == user.pk and acts(user))
    ),
    name="voc.work_case",
)
# Who may be given a case (reassigned, or opened by an import to a touchpoint's owner or a
# business unit's lead): someone who acts, so they can work it (cases_open asks it in SQL
# through cxgov.people.acting_people).
can_own_case = OwnerRule("the case", name="voc.own_case")
# A touchpoint's owner follows its detractors up: cases open in their name.
can_own_touchpoint = OwnerRule("the touchpoint's cases", name="voc.own_touchpoint")
can_reassign_case = configurers_only(
    "Only admins and the core CX team can reassign a case.", name="voc.reassign_case"
)
# The owner reads the comment of the response behind their case: it is what they follow up.
# Anyone else reads it under the comment rule (asked with the response's touchpoint).
can_read_case_comment = Rule(
    "Only the case's owner and those who may read customers' comments can read it.",
    lambda user, case: (
        case is not None
        and (case.owner_id == user.pk or can_read_comments(user, case.response.touchpoint))
    ),
    name="voc.read_case_comment",
)

# KPI targets (on a governance success statement) are set and changed by the core team, who
# run the programme's measures; the admin asks this rule too.
can_manage_targets = configurers_only(
    "Only admins and the core CX team can set, change or remove KPI targets.",
    name="voc.manage_targets",
)

# Survey platforms' webhooks (a source's secret, its mapping, its deliveries with customers'
# answers) are set up, read and replayed by those who import responses: the core team.
can_manage_webhook_sources = configurers_only(
    "Only admins and the core CX team can set up survey platforms' webhooks and replay their "
    "deliveries.",
    name="voc.manage_webhook_sources",
)

# Comment themes (their keywords decide what every comment is tagged with) are curated by the
# core team; whoever may read some comments reads the themes and their comments.
can_manage_themes = configurers_only(
    "Only admins and the core CX team can create or change comment themes.",
    name="voc.manage_themes",
)

# The company's public CX promises are recorded and worded by the core team, who run the
# programme's measures; every role reads them beside the measured reality.
can_manage_promises = configurers_only(
    "Only admins and the core CX team can record or change CX promises.",
    name="voc.manage_promises",
)
