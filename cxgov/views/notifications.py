"""The in-app notification list: each person's own, newest first; mark one or all read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from cxgov.models import Notification
from cxgov.notifications import notification_mark_read, notifications_mark_all_read
from cxgov.pages import get_scoped_or_404, require_role

PAGE_SIZE = 50


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    page = Paginator(Notification.objects.for_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "cxgov/notifications.html", {"page": page})


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read and go where it points (the form's 'open' button), or back to the list."""
    notification = get_scoped_or_404(Notification.objects.all(), request.user, pk=pk)
    notification_mark_read(notification=notification, by=request.user)
    if request.POST.get("open") and notification.link.startswith("/"):
        return redirect(notification.link)
    return redirect("notifications")


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    require_role(request)
    notifications_mark_all_read(by=request.user)
    return redirect("notifications")
