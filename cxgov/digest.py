"""The digest's sections: each app registers what a person should hear about since their last
digest, the kit gathers the sections meant for the person's roles.

An app registers a section from a `digest.py` module its `AppConfig.ready` imports:

    register_digest_section(DigestSection(key="overdue-actions", title="Your overdue action items",
                                          roles=frozenset(Role), items=overdue_action_items))

`items(user=..., since=...)` returns the section's items for that person (already within what
they may open); `digest(user=user, since=since)` runs the sections for the person's roles and
keeps those with something to say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .permissions import user_roles
from .registry import Registry
from .roles import Role


@dataclass(frozen=True)
class DigestSection:
    """One section of the digest: its key, its title, the roles it is for, and the function
    that returns its items for a person since a moment."""

    key: str
    title: str
    roles: frozenset[Role]
    items: Callable[..., list[Any]]


digest_sections: Registry[DigestSection] = Registry("digest sections")


def register_digest_section(section: DigestSection) -> DigestSection:
    """Add a section to the digest (from an app's `digest.py`, imported in its `ready`)."""
    if not section.roles:
        raise ValueError(f"digest section {section.key!r} is for no role, so nobody would read it")
    return digest_sections.register(section.key, section)


def sections_for(user: Any) -> list[DigestSection]:
    """The registered sections meant for any role the person holds, in registration order."""
    held = user_roles(user)
    return [section for section in digest_sections if section.roles & held]


def digest(*, user: Any, since: dt.datetime) -> list[tuple[DigestSection, list[Any]]]:
    """Each of the person's sections with its items since `since`; empty sections left out."""
    found = []
    for section in sections_for(user):
        items = list(section.items(user=user, since=since))
        if items:
            found.append((section, items))
    return found
