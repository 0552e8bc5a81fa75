"""Helpers for the pages of every app: thin views that parse, ask a rule, call one service.

- `submit` runs a service on a valid POST and puts a refusal on the form, saving nothing.
- `swaps` tells an htmx swap (answer with the partial) from a plain request (the full page).
- `get_scoped_or_404` fetches through the model's `for_user` scope: out of scope is a 404.
- `refusal_message` turns any refusal into the one sentence a page shows.
- `KnownCountPaginator` pages a huge table with a count it is given, never count(*).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from .errors import DomainError
from .forms import add_service_error
from .permissions import Rule, user_roles

# What a service raises to refuse input: shown on the page, never a 500.
REFUSALS = (ValidationError, DomainError)


def require_role(request: HttpRequest) -> None:
    if not user_roles(request.user):
        raise PermissionDenied("Your account has no cxgov role yet; ask an administrator.")


def require(rule: Rule, request: HttpRequest, obj: Any = None) -> None:
    """Answer 403 with the rule's own message unless it allows the request's user."""
    rule.enforce(request.user, obj)


def get_scoped_or_404(queryset: QuerySet, user: Any, **lookup: Any) -> Model:
    """The object if `user` may see it, else 404 (the same answer as for one that does not
    exist, so a scope never confirms what is outside it). No role at all is a 403."""
    if not user_roles(user):
        raise PermissionDenied("Your account has no cxgov role yet; ask an administrator.")
    scoped = queryset.for_user(user) if hasattr(queryset, "for_user") else queryset
    return get_object_or_404(scoped, **lookup)


def swaps(request: HttpRequest) -> bool:
    """htmx asks for a partial to swap in; a history restore needs the whole page."""
    return bool(getattr(request, "htmx", False)) and not request.htmx.history_restore_request


def refusal_message(refusal: Exception) -> str:
    """One sentence for a refusal shown away from a form (a row's error, a flash message)."""
    if isinstance(refusal, DomainError):
        return refusal.message
    if isinstance(refusal, ValidationError):
        return " ".join(refusal.messages)
    return str(refusal)


def submit(request: HttpRequest, form, save: Callable[[dict], Any], *, refresh=None) -> Any:
    """On a valid POST, run the service `save(cleaned_data)` and return what it saved.

    A refusal is put on the form next to its field and None returned: nothing was saved, and
    `refresh` (the object being edited) is reloaded so the page does not show refused input.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except REFUSALS as refusal:
        add_service_error(form, refusal)
        if refresh is not None:
            refresh.refresh_from_db()
        return None


class KnownCountPaginator(Paginator):
    """A paginator told how many rows there are (a rollup's n, say) instead of running
    count(*) over a table of millions; pages are still read with LIMIT and OFFSET."""

    def __init__(self, object_list: Any, per_page: int, *, count: int, **kwargs: Any):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count
