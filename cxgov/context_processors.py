"""Template context shared by every page."""

from django.utils.functional import SimpleLazyObject

from .permissions import can_configure, primary_role, user_roles


def roles(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "user_roles": user_roles(user),
        "primary_role": primary_role(user),
        "can_configure": can_configure(user),
    }


def notifications(request) -> dict:
    """The header's unread count: one query, and only on a page that shows it."""
    from .notifications import unread_count

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
