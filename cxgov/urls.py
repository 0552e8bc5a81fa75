"""Top-level URLs: pages per app, the API under /api/v1/, its schema and docs, /healthz."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from .api.schema import SchemaView
from .program.views import homes
from .views import accounts, digest, errors, notifications, site

urlpatterns = [
    path("", homes.home, name="home"),
    path("healthz", site.healthz, name="healthz"),
    path("favicon.ico", site.favicon, name="favicon"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/sso/login/", accounts.sso_login, name="sso-login"),
    path("accounts/sso/callback/", accounts.sso_callback, name="sso-callback"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/token/", accounts.api_token, name="api_token"),
    path("accounts/digest/", digest.DigestPage.as_view(), name="digest"),
    path("governance/", include("governance.urls")),
    path("portfolio/", include("portfolio.urls")),
    path("program/", include("cxgov.program.urls")),
    path("voc/", include("voc.urls")),
    path(
        "meetings/",
        RedirectView.as_view(pattern_name="governance:meeting-list"),
        name="meetings-index",
    ),
    path("notifications/", notifications.notification_list, name="notifications"),
    path(
        "notifications/<int:pk>/read/",
        notifications.notification_read,
        name="notification-mark-read",
    ),
    path(
        "notifications/read/",
        notifications.notifications_read_all,
        name="notifications-mark-all-read",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("cxgov.router")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", site.ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    # Any other address under /api/ (an id the router's pattern refuses, like meetings/1.0/) is
    # the API's JSON 404, with DEBUG on as well as off (Django's own 404 page is HTML).
    re_path(r"^api/(?:.*/)?$", errors.api_not_found, name="api-not-found"),
]

handler400 = "cxgov.views.errors.bad_request"
handler403 = "cxgov.views.errors.permission_denied"
handler404 = "cxgov.views.errors.not_found"
handler500 = "cxgov.views.errors.server_error"
