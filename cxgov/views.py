"""Cross-app pages: the role-aware home, section landings, health check and error pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView

from . import tokens
from .healthz import run_checks
from .middleware import CONTENT_SECURITY_POLICY
from .pages import require_role

SECTIONS = {
    "meetings": {
        "title": "Meetings",
        "lead": "Each body's cadence, agendas with the KPI pack, decisions and action items.",
    },
}


def section(request: HttpRequest, section: str) -> HttpResponse:
    require_role(request)
    return render(request, "cxgov/section.html", {"section": SECTIONS[section]})


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI, served from our own static files. Its script sets inline styles, so this
    one page allows them; scripts stay 'self' only. Like every page it needs a login: an
    anonymous visitor is sent to the login page (the schema it reads needs one too)."""

    permission_classes = []

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        response = super().get(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
            "style-src 'self'", "style-src 'self' 'unsafe-inline'"
        )
        return response


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """A person's own API token: when it expires; replace it with a new one, or revoke it."""
    new_key = None
    action = request.POST.get("action")
    if action == "revoke":
        tokens.token_revoke(user=request.user)
        messages.success(request, "Your API token is revoked: it no longer works.")
        return redirect("api_token")
    if action == "create":
        new_key = tokens.token_rotate(user=request.user).key  # shown once, on this answer only
    token = tokens.user_token(request.user)
    context = {"token": token, "new_key": new_key}
    if token is not None:
        context |= {
            "expires": tokens.token_expires_at(token),
            "expired": tokens.token_is_expired(token),
        }
    return render(request, "registration/api_token.html", context)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness for load balancers: the database and the broker; 503 if either fails."""
    checks = run_checks()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages (the admin's) that do not link our icon."""
    return redirect(static("img/favicon.svg"), permanent=True)


def _wants_json(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


@login_not_required
def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """A request Django refused before any view ran: JSON in the API's shape under /api/."""
    too_big = isinstance(exception, RequestDataTooBig)
    if too_big:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = (
            f"The request body is larger than the limit of {limit:,} bytes; send less at once."
        )
    else:
        message = "This request could not be read."
    status = 413 if too_big else 400
    if _wants_json(request):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "400.html", {"message": message}, status=status)


@login_not_required
def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": str(exception or "") or "Permission denied."}, status=403)
    return render(request, "403.html", {"exception": exception}, status=403)


@login_not_required
def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": f"Nothing at {request.path}. See /api/docs/."}, status=404)
    return render(request, "404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(
            {"detail": "Something went wrong on our side; it has been logged. Try again."},
            status=500,
        )
    return render(request, "500.html", status=500)
