"""Who may do what in the program package: one named rule per action, each with its refusal,
asked by the services, the pages and the API alike."""

from __future__ import annotations

from typing import Any

from cxgov.permissions import Rule
from portfolio.permissions import can_edit_initiative, can_work_on_initiatives
from voc.permissions import can_read_comments


def _tells(user: Any, initiative: Any) -> bool:
    if initiative is None:  # may tell a story at all: works on some initiative
        return can_work_on_initiatives(user)
    return can_edit_initiative(user, initiative)


# A success story is told by those who may change the initiative: its working group's members,
# the core CX team and admins.
can_tell_story = Rule(
    "Only the members of an initiative's working group, the core CX team and admins can tell "
    "its success story.",
    _tells,
    name="program.tell_story",
)


def quoted_touchpoint(story: Any) -> Any:
    return story.response.touchpoint if story.response_id else None


# A story is changed by those who may tell it and may read the comment it quotes (its editor
# sees the quote), so nobody sees a customer's words through the edit page.
can_change_story = Rule(
    "Only those who may change {obj.initiative} and read the comment its story quotes can "
    "change the story.",
    lambda user, story: (
        story is None
        or (
            can_edit_initiative(user, story.initiative)
            and (not story.response_id or can_read_comments(user, quoted_touchpoint(story)))
        )
    ),
    name="program.change_story",
)


def may_read_quote(user: Any, story: Any) -> bool:
    """Whether `user` sees the story's quote: the comments rule, asked with the quoted
    response's touchpoint (voc.read_comments)."""
    return bool(story.response_id) and can_read_comments(user, quoted_touchpoint(story))
