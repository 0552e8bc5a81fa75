"""What every voc model's queryset shares."""

from __future__ import annotations

from cxgov.querysets import ScopedQuerySet


class VocQuerySet(ScopedQuerySet):
    """Voice-of-the-customer data is program-wide: every role reads it (the shared default)."""
