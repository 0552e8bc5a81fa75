"""Cross-app reads for the home pages. Each app contributes through its own selectors."""

from typing import Any

from governance.selectors import governance_overview


def home_context(user: Any) -> dict[str, Any]:
    return {"governance": governance_overview(user=user)}
