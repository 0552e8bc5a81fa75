"""Template context shared by every page."""

from .permissions import can_configure, primary_role, user_roles


def roles(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "user_roles": user_roles(user),
        "primary_role": primary_role(user),
        "can_configure": can_configure(user),
    }
