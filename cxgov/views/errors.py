"""The error pages: JSON in the API's shape under /api/, a page elsewhere."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt


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


@csrf_exempt  # nothing is there to protect; a token client has no CSRF cookie
@login_not_required
def api_not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Any address under /api/ that no route takes (an id the router's pattern refuses, like
    meetings/1.0/): the API's JSON 404 for every method, with DEBUG on as well as off."""
    return not_found(request)
