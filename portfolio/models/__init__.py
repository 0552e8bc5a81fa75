"""Portfolio models, one module per concept (as governance.models): the steering committee's
strategic priorities and the CX initiatives run across the business, with their milestones,
status updates and risks, and the KPI targets each is meant to move (`TargetLink`: the change
it expects, and by when)."""

from .focus import ACTIVE_STATUSES, FOCUS_FIELD, FocusKind, FocusLimit, FocusOverride
from .initiatives import (
    HEALTH_RANK,
    OPEN_STATUSES,
    RANK_HEALTH,
    DrivenBy,
    Health,
    Initiative,
    InitiativeQuerySet,
    Status,
    stale_q,
)
from .methods import MethodUse, MethodUseQuerySet
from .milestones import Milestone, MilestoneQuerySet
from .priorities import StrategicPriority, StrategicPriorityQuerySet
from .risks import Risk, RiskQuerySet, RiskStatus
from .target_links import BETTER_CHANGE, ChangeDirection, TargetLink, TargetLinkQuerySet
from .updates import StatusUpdate, StatusUpdateQuerySet

__all__ = [
    "ACTIVE_STATUSES",
    "FOCUS_FIELD",
    "FocusKind",
    "FocusLimit",
    "FocusOverride",
    "BETTER_CHANGE",
    "HEALTH_RANK",
    "OPEN_STATUSES",
    "RANK_HEALTH",
    "ChangeDirection",
    "DrivenBy",
    "Health",
    "Initiative",
    "InitiativeQuerySet",
    "MethodUse",
    "MethodUseQuerySet",
    "Milestone",
    "MilestoneQuerySet",
    "Risk",
    "RiskQuerySet",
    "RiskStatus",
    "Status",
    "StatusUpdate",
    "StatusUpdateQuerySet",
    "StrategicPriority",
    "StrategicPriorityQuerySet",
    "TargetLink",
    "TargetLinkQuerySet",
    "stale_q",
]
