"""Project middleware: a login wall for pages, the Content-Security-Policy header, no caching
of what a signed-in person sees, and the refusal of query strings no field can hold."""

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

NULL_CHARACTERS = "Null characters are not allowed."


class RejectNullCharactersMiddleware:
    """A NUL in a query parameter is a 400 naming the parameter, on every page and endpoint.

    No cxgov value holds one, PostgreSQL cannot store one, and without this each filter, search
    and paginator would answer it its own way (an unfiltered list, a bare list, a 404).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = sorted(
            {
                key.replace("\x00", "")
                for key, values in request.GET.lists()
                if "\x00" in key or any("\x00" in value for value in values)
            }
        )
        if not bad:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({name: [NULL_CHARACTERS] for name in bad}, status=400)
        return render(
            request, "400.html", {"message": f"{NULL_CHARACTERS} ({', '.join(bad)})"}, status=400
        )


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a login; the API answers 401/403 itself instead of redirecting."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """No inline script, nothing from another origin: the pages need neither."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every API answer and on every page for a signed-in
    person (a token's user included: DRF sets it on the request), so no shared cache or
    browser back button keeps one person's data for another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path_info.startswith("/api/") or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response
