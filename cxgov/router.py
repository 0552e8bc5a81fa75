"""The /api/v1/ router (wiring): each app registers its viewsets through its api/urls.py `register`.

It lives beside `cxgov/urls.py` rather than in `cxgov/api/` because it imports every app and the
program, which the kit may not.
"""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from cxgov.api.auth import TokenObtainView
from cxgov.api.notifications import NotificationViewSet
from cxgov.program.api import MeetingPackView, SearchView, StoryViewSet
from governance.api.urls import register as register_governance
from portfolio.api.urls import register as register_portfolio
from voc.api.urls import register as register_voc
from voc.api.urls import urlpatterns as voc_api_urls

router = DefaultRouter()
register_governance(router)
register_voc(router)
register_portfolio(router)
router.register("notifications", NotificationViewSet, basename="notification")
router.register("stories", StoryViewSet, basename="story")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="api-token"),
    # The meeting's KPI pack, under the meetings resource (the program package reads every app).
    path("meetings/<int:pk>/pack/", MeetingPackView.as_view(), name="meeting-pack"),
    # Search across the apps (each registers its models with the kit's search).
    path("search/", SearchView.as_view(), name="search"),
    *voc_api_urls,
    path("", include(router.urls)),
]
