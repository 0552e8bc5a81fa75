"""Every API viewset and view in the URL conf, for checks that must hold on all of them."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver


def api_views() -> list[tuple[str, type]]:
    """(route, view class) for every DRF view under /api/, found by walking the URL conf."""
    found: dict[type, str] = {}

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "cls", None)
                if route.startswith("api/") and view is not None:
                    found.setdefault(view, route)

    walk(get_resolver().url_patterns, "")
    return sorted(((route, view) for view, route in found.items()), key=lambda item: item[0])


def api_viewsets() -> list[tuple[str, type]]:
    """(prefix, viewset) for every viewset on the /api/v1/ router."""
    from cxgov.router import router

    return [(prefix, viewset) for prefix, viewset, _basename in router.registry]


def writable_list_routes() -> list[str]:
    """The /api/v1/<prefix>/ lists that accept a POST."""
    return [
        f"/api/v1/{prefix}/" for prefix, viewset in api_viewsets() if hasattr(viewset, "create")
    ]
