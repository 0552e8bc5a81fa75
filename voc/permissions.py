"""Who may do what in voc, each rule defined once; services enforce, pages and the API ask."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from cxgov.permissions import can_configure


def can_import_responses(user: Any) -> bool:
    """The core team (and admins) import voice-of-the-customer data."""
    return can_configure(user)


def require_import_responses(user: Any) -> None:
    if not can_import_responses(user):
        raise PermissionDenied("Only admins and the core CX team can import responses.")
