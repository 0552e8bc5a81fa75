"""voc models, one module per concept: metric definitions, dimensions, responses, rollups,
imports, targets and alerts, closed-loop cases."""

from .cases import (
    CASE_TRANSITIONS,
    OPEN_CASE_STATUSES,
    CaseSettings,
    CaseStatus,
    ClosedLoopCase,
)
from .dimensions import (
    DIMENSION_MODELS,
    Channel,
    DimensionKind,
    JourneyStage,
    Segment,
    Touchpoint,
    dimension_model,
    scope_from_key,
    scope_key,
    scope_label,
)
from .imports import ImportFormat, ImportJob, ImportMappingPreference, ImportMode, ImportStatus
from .metrics import Direction, Metric, MetricKind
from .responses import Response, Sentiment, sentiment_of, validate_customer_key
from .rollups import Granularity, KpiRollup, OperationalValue
from .targets import TARGET_STATUS_RULE, Alert, AlertKind, KpiTarget, TargetStatus
from .themes import (
    THEME_DIMENSIONS,
    THEME_LANGUAGES,
    CommentRollup,
    Theme,
    ThemeMention,
    ThemeRollup,
    keyword_pattern,
)
from .webhooks import (
    MAPPABLE_FIELDS,
    DeliveryStatus,
    WebhookDelivery,
    WebhookPlatform,
    WebhookSource,
)

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
    "DIMENSION_MODELS",
    "dimension_model",
    "scope_from_key",
    "scope_key",
    "scope_label",
    "DimensionKind",
    "Direction",
    "Granularity",
    "ImportFormat",
    "ImportJob",
    "ImportMappingPreference",
    "ImportMode",
    "ImportStatus",
    "JourneyStage",
    "KpiRollup",
    "Metric",
    "MetricKind",
    "OperationalValue",
    "Response",
    "Sentiment",
    "sentiment_of",
    "THEME_DIMENSIONS",
    "THEME_LANGUAGES",
    "CommentRollup",
    "Theme",
    "ThemeMention",
    "ThemeRollup",
    "keyword_pattern",
    "Segment",
    "Touchpoint",
    "validate_customer_key",
    "MAPPABLE_FIELDS",
    "DeliveryStatus",
    "WebhookDelivery",
    "WebhookPlatform",
    "WebhookSource",
]
