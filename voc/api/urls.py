"""voc API routes, registered on the /api/v1/ router, and the survey platforms' webhook
addresses beside it."""

from django.urls import path

from . import views

urlpatterns = [
    path("webhooks/<slug:source>/", views.WebhookReceiveView.as_view(), name="webhook-receive"),
    path("drivers/", views.DriverView.as_view(), name="driver-list"),
    path("correlation/", views.CorrelationView.as_view(), name="correlation"),
]


def register(router) -> None:
    router.register("metrics", views.MetricViewSet, basename="metric")
    router.register("touchpoints", views.TouchpointViewSet, basename="touchpoint")
    router.register("channels", views.ChannelViewSet, basename="channel")
    router.register("segments", views.SegmentViewSet, basename="segment")
    router.register("responses", views.ResponseViewSet, basename="response")
    router.register("response-imports", views.ImportJobViewSet, basename="responseimport")
    router.register("rollups", views.RollupViewSet, basename="rollup")
    router.register("targets", views.TargetViewSet, basename="target")
    router.register("alerts", views.AlertViewSet, basename="alert")
    router.register("cases", views.CaseViewSet, basename="case")
    router.register("themes", views.ThemeViewSet, basename="theme")
    router.register("promises", views.PromiseViewSet, basename="promise")
    router.register(
        "operational-values", views.OperationalValueViewSet, basename="operationalvalue"
    )
