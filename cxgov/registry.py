"""Small registries that apps fill at startup (in `AppConfig.ready`) and the kit reads.

The kit imports no app, so what it needs to know about an app's concepts (which notification
kinds exist, which models are searchable, which digest sections or health signals there are)
is registered by the app into a `Registry` kept here, as NetBox's `register_search` does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class NotRegistered(LookupError):
    """A key that no app registered."""


class Registry(Generic[T]):
    """Items by key, in the order they were registered.

    Registering a key twice with an equal item is allowed (an app's `ready` may run again in a
    test process); with a different item it is refused, so two apps cannot silently claim one
    key.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._items: dict[str, T] = {}

    def register(self, key: str, item: T) -> T:
        existing = self._items.get(key)
        if existing is not None and existing != item:
            raise ValueError(f"{self.name}: {key!r} is registered already, as {existing!r}.")
        self._items[key] = item
        return item

    def __getitem__(self, key: str) -> T:
        try:
            return self._items[key]
        except KeyError:
            known = ", ".join(self._items) or "none"
            raise NotRegistered(
                f"{self.name}: {key!r} is not registered (known: {known})."
            ) from None

    def get(self, key: str) -> T | None:
        return self._items.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items.values()))

    def __len__(self) -> int:
        return len(self._items)

    def keys(self) -> list[str]:
        return list(self._items)

    def __repr__(self) -> str:
        return f"Registry({self.name!r}, {self.keys()!r})"
