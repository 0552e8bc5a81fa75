"""Risks: recording, editing and escalating them to the steering committee."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from cxgov.dates import today
from cxgov.services import model_update, validated_save

from .. import permissions as rules
from ..errors import PortfolioError
from ..models import Initiative, Risk, RiskStatus
from .initiatives import _require

User = AbstractBaseUser


RISK_FIELDS = ("title", "description", "likelihood", "impact", "owner", "mitigation", "status")


@transaction.atomic
def risk_create(
    *,
    by: User,
    initiative: Initiative,
    title: str,
    likelihood: int,
    impact: int,
    owner: Any,
    description: str = "",
    mitigation: str = "",
) -> Risk:
    rules.can_edit_initiative.enforce(by, initiative)
    _require(owner, "owner", "Name who owns the risk.")
    return validated_save(
        Risk(
            initiative=initiative,
            title=title,
            description=description,
            likelihood=likelihood,
            impact=impact,
            owner=owner,
            mitigation=mitigation,
        )
    )


@transaction.atomic
def risk_update(*, risk: Risk, by: User, data: Mapping[str, Any]) -> Risk:
    rules.can_edit_initiative.enforce(by, risk.initiative)
    fixed = {
        name: "Set by escalating the risk."
        if name != "initiative"
        else "A risk stays with its initiative."
        for name in ("initiative", "escalated_on", "escalated_by", "steering_reviewed_on")
        if name in data and data[name] != getattr(risk, name)
    }
    if fixed:
        raise ValidationError(fixed)
    data = {k: v for k, v in data.items() if k in RISK_FIELDS}
    if "owner" in data:
        _require(data["owner"], "owner", "Name who owns the risk.")
    return model_update(instance=risk, fields=RISK_FIELDS, data=data)[0]


@transaction.atomic
def risk_escalate(*, risk: Risk, by: User, note: str = "") -> Risk:
    """Put an open risk before the steering committee's next meeting."""
    rules.can_edit_initiative.enforce(by, risk.initiative)
    if risk.status != RiskStatus.OPEN:
        raise PortfolioError(
            f"Only an open risk is escalated; this one is {risk.get_status_display().lower()}.",
            field="status",
        )
    if risk.escalated_on is not None and risk.steering_reviewed_on is None:
        raise PortfolioError(
            f"This risk was already escalated on {risk.escalated_on:%-d %b %Y}; it is on the "
            "steering committee's next agenda.",
        )
    risk.escalated_on = today()
    risk.escalated_by = by
    risk.escalation_note = note.strip()
    risk.steering_reviewed_on = None
    return validated_save(risk)
