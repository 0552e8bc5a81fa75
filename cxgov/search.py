"""Search across the apps: each app registers its searchable models at startup, the kit asks them.

An app registers a model with the fields to match and the scope each result needs (by default
the model's `for_user` queryset), as NetBox's `register_search` does, from a `search.py` module
its `AppConfig.ready` imports:

    register_search(Searchable(model=GovernanceBody, fields=("name", "purpose")))

`search(user=user, q="steering")` then asks every registered model's scoped queryset, so a
result is never one the person could not open. A plain case-insensitive match is enough for now
(the search issue adds full-text ranking); one query per registered model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Model, Q, QuerySet

from .registry import Registry

# Results per model: a search box answers with the best few of each kind, never a whole table.
RESULTS_PER_MODEL = 10
# Shorter queries match nearly everything and say nothing.
MIN_QUERY_LENGTH = 2


def _for_user(model: type[Model]) -> Callable[[Any], QuerySet]:
    return lambda user: model._default_manager.for_user(user)


@dataclass(frozen=True)
class Searchable:
    """A model the search box looks in: which text fields to match, and the scope its results
    need (a function of the user returning the queryset they may open; the model's `for_user`
    unless given)."""

    model: type[Model]
    fields: tuple[str, ...]
    scope: Callable[[Any], QuerySet] | None = None
    order_by: tuple[str, ...] = ("pk",)

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def title(self) -> str:
        return str(self.model._meta.verbose_name_plural).capitalize()

    def queryset(self, user: Any) -> QuerySet:
        return (self.scope or _for_user(self.model))(user)


searchables: Registry[Searchable] = Registry("search")


def register_search(searchable: Searchable) -> Searchable:
    """Make a model searchable (from an app's `search.py`, imported in its `ready`)."""
    for name in searchable.fields:
        searchable.model._meta.get_field(name)  # an unknown field fails at startup, not per query
    return searchables.register(searchable.key, searchable)


@dataclass(frozen=True)
class SearchResults:
    """One registered model's matches, as the user may see them."""

    searchable: Searchable
    objects: list[Model]

    @property
    def title(self) -> str:
        return self.searchable.title


def search(*, user: Any, q: str, limit: int = RESULTS_PER_MODEL) -> list[SearchResults]:
    """Each registered model's matches for `q` within what `user` may open, in registration
    order, models without a match left out. One query per registered model."""
    q = q.strip()
    if len(q) < MIN_QUERY_LENGTH:
        return []
    found = []
    for searchable in searchables:
        match = reduce(or_, (Q(**{f"{name}__icontains": q}) for name in searchable.fields))
        objects = list(
            searchable.queryset(user).filter(match).order_by(*searchable.order_by)[:limit]
        )
        if objects:
            found.append(SearchResults(searchable=searchable, objects=objects))
    return found
