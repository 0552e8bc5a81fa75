"""voc's domain errors: what a voc rule or the importer refuses; pages and the API show them."""

from __future__ import annotations

from cxgov.errors import DomainError


class VocError(DomainError):
    """A voice-of-the-customer rule refused an action."""


class ImportRejected(DomainError):
    """The file was refused: nothing was written. `errors` name row, column and problem."""

    def __init__(self, message: str, *, errors: list[dict] | None = None, error_count: int = 0):
        super().__init__(message)
        self.errors = errors or []
        self.error_count = error_count or len(self.errors)


class DeliveryUnsigned(DomainError):
    """A webhook delivery whose signature (or signed time) did not check out: not kept, as
    anyone can post to the address."""
