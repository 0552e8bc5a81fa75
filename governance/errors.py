"""Governance's domain error: what a governance rule answers when it refuses an action."""

from cxgov.errors import DomainError


class GovernanceError(DomainError):
    """A governance rule refused an action."""
