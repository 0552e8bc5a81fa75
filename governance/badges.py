"""The tones of governance's status badges (cxgov.badges): a charter version's, the mission's."""

from cxgov.badges import register_badges

from .models import CharterStatus, MissionStatus

register_badges(
    "charter",
    {
        CharterStatus.DRAFT: "muted",
        CharterStatus.IN_REVIEW: "warning",
        CharterStatus.APPROVED: "success",
        CharterStatus.SUPERSEDED: "muted",
    },
)
register_badges(
    "mission",
    {
        MissionStatus.DRAFT: "muted",
        MissionStatus.PUBLISHED: "success",
        MissionStatus.SUPERSEDED: "muted",
    },
)
# A leader's engagement this quarter against the sponsor's target.
register_badges("engagement", {"met": "success", "behind": "warning"})
# A standards-library item's review: past its date or not.
register_badges("standard_review", {"overdue": "warning", "current": "muted"})
