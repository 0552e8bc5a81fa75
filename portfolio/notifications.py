"""The notification kinds portfolio sends, registered with the kit at startup."""

from cxgov.notifications import register_kind

STALE_REMINDER = register_kind("portfolio.stale_update", "Initiative without a status update")
