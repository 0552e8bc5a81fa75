"""The site's own endpoints: /healthz for load balancers, the favicon, and the API's docs."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView

from cxgov.healthz import run_checks
from cxgov.middleware import CONTENT_SECURITY_POLICY
from cxgov.pages import require_role


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI, served from our own static files. Its script sets inline styles, so this
    one page allows them; scripts stay 'self' only. Like every page it needs a login (an
    anonymous visitor is sent to the login page) and a role (the schema it reads needs both)."""

    permission_classes = []

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require_role(request)  # as on every data route: an account without a role gets 403
        response = super().get(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
            "style-src 'self'", "style-src 'self' 'unsafe-inline'"
        )
        return response


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
