"""Every API viewset and view in the URL conf, for checks that must hold on all of them."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver


def api_callbacks() -> list[tuple[str, object]]:
    """(route, view callback) for every DRF route under /api/, found by walking the URL conf
    (a viewset's callback carries its action's options in `initkwargs`)."""
    found: list[tuple[str, object]] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif (
                isinstance(pattern, URLPattern)
                and route.startswith("api/")
                and getattr(pattern.callback, "cls", None)
            ):
                found.append((route, pattern.callback))

    walk(get_resolver().url_patterns, "")
    return found


def api_views() -> list[tuple[str, type]]:
    """(route, view class) for every DRF view under /api/, found by walking the URL conf."""
    found: dict[type, str] = {}
    for route, callback in api_callbacks():
        found.setdefault(callback.cls, route)
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
