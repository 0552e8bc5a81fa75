"""What governance takes from single sign-on: seats on bodies from the provider's groups,
through the body group mappings the admin edits (governance.services.memberships_from_groups)."""

from __future__ import annotations

from typing import Any

from cxgov.sso import sso_group_hooks

from . import services


def body_seats_from_groups(*, user: Any, groups: list[str]) -> None:
    services.memberships_from_groups(person=user, groups=groups)


sso_group_hooks.register("governance.body-seats", body_seats_from_groups)
