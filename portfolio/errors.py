"""Portfolio's domain error: what a portfolio rule answers when it refuses an action."""

from cxgov.errors import DomainError


class PortfolioError(DomainError):
    """A portfolio rule refused an action."""
