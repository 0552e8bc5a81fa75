"""voc models, one module per concept: metric definitions, dimensions, responses, rollups,
imports, targets and alerts, closed-loop cases."""

from .cases import (
    CASE_TRANSITIONS,
    OPEN_CASE_STATUSES,
    CaseSettings,
    CaseStatus,
    ClosedLoopCase,
)
from .dimensions import Channel, JourneyStage, Segment, Touchpoint
from .imports import ImportFormat, ImportJob, ImportMappingPreference, ImportStatus
from .metrics import Direction, Metric, MetricKind
from .responses import Response, validate_customer_key
from .rollups import DimensionKind, Granularity, KpiRollup, OperationalValue
from .targets import TARGET_STATUS_RULE, Alert, AlertKind, KpiTarget, TargetStatus

__all__ = [
    "CASE_TRANSITIONS",
    "OPEN_CASE_STATUSES",
    "CaseSettings",
    "CaseStatus",
    "ClosedLoopCase",
    "TARGET_STATUS_RULE",
    "Alert",
    "AlertKind",
    "KpiTarget",
    "TargetStatus",
    "Channel",
    "DimensionKind",
    "Direction",
    "Granularity",
    "ImportFormat",
    "ImportJob",
    "ImportMappingPreference",
    "ImportStatus",
    "JourneyStage",
    "KpiRollup",
    "Metric",
    "MetricKind",
    "OperationalValue",
    "Response",
    "Segment",
    "Touchpoint",
    "validate_customer_key",
]
