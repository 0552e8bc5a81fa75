"""Cross-app reads for the home pages. Each app contributes through its own selectors."""

from typing import Any

from governance.selectors import (
    charters_awaiting_decision,
    governance_overview,
    pending_acknowledgements,
)


def home_context(user: Any) -> dict[str, Any]:
    return {
        "governance": governance_overview(user=user),
        # What the person is asked to do about charters and the mission (a banner on every home).
        "acknowledgements": pending_acknowledgements(user=user),
        "charters_awaiting": charters_awaiting_decision(user=user),
    }
