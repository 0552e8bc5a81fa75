"""What governance offers the search box: bodies, charters (each version's six components),
success statements, meetings (their agenda items and minutes), decisions, action items and the
standards library.
Each result is scoped by its model's `for_user`, and leads to a page that scope opens."""

from django.urls import reverse

from cxgov.search import Searchable, register_search

from .models import (
    ActionItem,
    AgendaItem,
    CharterVersion,
    Decision,
    GovernanceBody,
    Standard,
    SuccessStatement,
)
from .models.meetings import bodies_whose_meetings_are_visible_to

# The fields each model is searched by; its migration's GIN index is built on the same ones.
BODY_FIELDS = ("name", "purpose")
CHARTER_FIELDS = (
    "purpose_vision",
    "goals_scope",
    "roles_responsibilities",
    "decision_authority",
    "meeting_cadence",
    "success_measures",
)
STATEMENT_FIELDS = ("title", "text")
AGENDA_FIELDS = ("title", "description", "minutes")
DECISION_FIELDS = ("text", "rationale")
ACTION_FIELDS = ("title", "notes")


def _meeting_url(meeting_id: int) -> str:
    return reverse("governance:meeting-detail", args=[meeting_id])


def _decision_url(decision: Decision) -> str:
    if decision.meeting_id:
        return _meeting_url(decision.meeting_id)
    return reverse("governance:decision-log") + f"?body={decision.body_id}"


def _action_url(action: ActionItem) -> str:
    if action.meeting_id:
        return _meeting_url(action.meeting_id)
    return reverse("governance:body-detail", args=[action.body_id])


def _actions_with_their_meeting(user):
    """Actions whose meeting page the person may open: their scope (which also lets an owner
    see their own) narrowed to the bodies whose meetings they see, so a result always leads
    somewhere they may go (an owner finds their own under "My action items")."""
    return ActionItem.objects.for_user(user).filter(
        body__in=bodies_whose_meetings_are_visible_to(user)
    )


register_search(Searchable(model=GovernanceBody, fields=BODY_FIELDS, order_by=("name",)))
register_search(
    Searchable(
        model=CharterVersion,
        fields=CHARTER_FIELDS,
        order_by=("charter__body__name", "-number"),
        select_related=("charter__body",),
        kind="Charters",
    )
)
register_search(Searchable(model=SuccessStatement, fields=STATEMENT_FIELDS, order_by=("title",)))
register_search(
    Searchable(
        model=AgendaItem,
        fields=AGENDA_FIELDS,
        order_by=("-meeting__starts_at", "position"),
        label=lambda item: f"{item.meeting}: {item.title}",
        url=lambda item: _meeting_url(item.meeting_id),
        select_related=("meeting__body",),
        kind="Meetings",
    )
)
register_search(
    Searchable(
        model=Decision,
        fields=DECISION_FIELDS,
        order_by=("-decided_on", "-pk"),
        label=lambda d: f"{d.body.name}, {d.decided_on:%-d %b %Y}: {d.text[:120]}",
        url=_decision_url,
        select_related=("body",),
    )
)
register_search(
    Searchable(
        model=ActionItem,
        fields=ACTION_FIELDS,
        scope=_actions_with_their_meeting,
        order_by=("due_on", "pk"),
        label=lambda a: f"{a.title} ({a.body.name}, due {a.due_on:%-d %b %Y})",
        url=_action_url,
        select_related=("body",),
    )
)

# The standards library: definitions, methods and templates, by title and text (everyone reads it).
STANDARD_FIELDS = ("title", "text")
register_search(
    Searchable(
        model=Standard,
        fields=STANDARD_FIELDS,
        order_by=("kind", "title"),
        label=lambda s: f"{s.title} ({s.get_kind_display().lower()})",
        kind="Standards",
    )
)
