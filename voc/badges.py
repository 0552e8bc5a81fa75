"""The tones of voc's status badges (cxgov.badges): a KPI target's status, a case's."""

from cxgov.badges import register_badges

from .models import CaseStatus
from .models.targets import TargetStatus

register_badges(
    "target",
    {
        TargetStatus.ON_TRACK: "success",
        TargetStatus.AT_RISK: "warning",
        TargetStatus.OFF_TRACK: "danger",
        TargetStatus.NO_DATA: "muted",
    },
)
# A target's realism (voc.selectors.realism): asks more per period than history ever gave.
register_badges("realism", {"stretch": "warning", "within": "success"})
register_badges(
    "case",
    {CaseStatus.OPEN: "warning", CaseStatus.IN_PROGRESS: "info", CaseStatus.CLOSED: "success"},
)
