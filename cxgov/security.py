"""Login throttling and the client's address, shared by the login page and the token endpoint.

django-axes counts failed logins in the database, per account and per address, and refuses
further attempts for a cool-off once either passes the limit (even with the right password).
Its counts live in PostgreSQL, so every web replica sees the same ones. The address is the
peer's unless `TRUSTED_PROXY_COUNT` proxies are declared in front (compose has one), in which
case it is read from X-Forwarded-For counted from the right, which those proxies wrote.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the address the trusted proxies saw."""
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    # Each proxy appends the address it was called from; entries left of ours are the
    # client's own claims and are not trusted.
    return forwarded[-count] if len(forwarded) >= count else remote


def cool_off() -> timedelta:
    return settings.AXES_COOLOFF_TIME


def retry_after_seconds() -> int:
    return math.ceil(cool_off().total_seconds())


def lockout_message() -> str:
    minutes = math.ceil(cool_off().total_seconds() / 60)
    return (
        "Too many failed logins for this account or from this address. "
        f"Wait {minutes} minutes and try again, or ask an administrator to unlock it."
    )


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """What a locked-out login gets: 429 with Retry-After; the login page with the reason."""
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": lockout_message()}, status=429)
    else:
        from django.contrib.auth.forms import AuthenticationForm

        # Unbound: binding would authenticate again and count one more failure.
        form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
        response = render(
            request,
            "registration/login.html",
            {"form": form, "lockout": lockout_message(), "next": request.POST.get("next", "")},
            status=429,
        )
    response["Retry-After"] = str(retry_after_seconds())
    return response
