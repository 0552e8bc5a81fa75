"""Milestones: an initiative's dated steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from cxgov.dates import today
from cxgov.services import model_update, validated_save

from .. import permissions as rules
from ..models import Initiative, Milestone

User = AbstractBaseUser


MILESTONE_FIELDS = ("title", "due_on")


@transaction.atomic
def milestone_create(*, by: User, initiative: Initiative, title: str, due_on: dt.date) -> Milestone:
    rules.can_edit_initiative.enforce(by, initiative)
    return validated_save(Milestone(initiative=initiative, title=title, due_on=due_on))


@transaction.atomic
def milestone_update(*, milestone: Milestone, by: User, data: Mapping[str, Any]) -> Milestone:
    rules.can_edit_initiative.enforce(by, milestone.initiative)
    if "initiative" in data and data["initiative"] != milestone.initiative:
        raise ValidationError({"initiative": "A milestone stays with its initiative."})
    if "done_on" in data and data["done_on"] != milestone.done_on:
        raise ValidationError({"done_on": "Tick the milestone done (or not done) instead."})
    data = {k: v for k, v in data.items() if k not in ("initiative", "done_on")}
    return model_update(instance=milestone, fields=MILESTONE_FIELDS, data=data)[0]


@transaction.atomic
def milestone_mark(
    *, milestone: Milestone, by: User, done: bool, on: dt.date | None = None
) -> Milestone:
    """Tick a milestone done (on `on`, default today) or untick it."""
    rules.can_edit_initiative.enforce(by, milestone.initiative)
    on = on or today()
    if done and on > today():
        raise ValidationError({"done_on": "A milestone cannot be done in the future."})
    milestone.done_on = on if done else None
    return validated_save(milestone)


@transaction.atomic
def milestone_delete(*, milestone: Milestone, by: User) -> None:
    rules.can_edit_initiative.enforce(by, milestone.initiative)
    milestone.delete()
