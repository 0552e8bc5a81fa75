"""Voice-of-the-customer pages."""

from django.urls import path

from . import views

app_name = "voc"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("metrics/<slug:code>/", views.metric_detail, name="metric"),
    path("import/", views.import_upload, name="import"),
    path("imports/<int:pk>/map/", views.import_map, name="import-map"),
    path("imports/<int:pk>/", views.import_job, name="import-job"),
    path("metrics/<slug:code>/responses/", views.point_responses, name="responses"),
    path(
        "metrics/<slug:code>/responses/export.csv",
        views.point_responses_export,
        name="responses-export",
    ),
]
