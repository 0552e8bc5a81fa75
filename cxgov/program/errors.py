"""The program package's domain error: what a rule of the KPI pack answers when it refuses."""

from cxgov.errors import DomainError


class PackError(DomainError):
    """A rule of the KPI pack refused an action."""


class StoryError(DomainError):
    """A rule of the success stories refused an action."""
