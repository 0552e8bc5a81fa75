"""The tones of the portfolio's status badges (cxgov.badges): an initiative's status and health,
a risk's severity band."""

from cxgov.badges import register_badges

from .models import Health, Status

register_badges(
    "initiative",
    {
        Status.PROPOSED: "muted",
        Status.APPROVED: "info",
        Status.IN_PROGRESS: "info",
        Status.ON_HOLD: "warning",
        Status.COMPLETED: "success",
        Status.CANCELLED: "muted",
    },
)
register_badges(
    "health", {Health.GREEN: "success", Health.AMBER: "warning", Health.RED: "danger", "": "muted"}
)
register_badges("risk", {"high": "danger", "medium": "warning", "low": "muted"})
register_badges("focus", {"over": "danger", "at_limit": "warning", "under": "success"})
