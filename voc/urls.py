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
    path("imports/<int:pk>/run-again/", views.import_run_again, name="import-run-again"),
    path("metrics/<slug:code>/responses/", views.point_responses, name="responses"),
    path(
        "metrics/<slug:code>/responses/export.csv",
        views.point_responses_export,
        name="responses-export",
    ),
    # Operational figures, entered per period by the core team.
    path("operational/", views.operational_list, name="operational-list"),
    path("operational/new/", views.OperationalValueCreate.as_view(), name="operational-create"),
    path(
        "operational/<int:pk>/edit/", views.OperationalValueEdit.as_view(), name="operational-edit"
    ),
    # An experience metric beside an operational figure, with their correlation.
    path("correlation/", views.correlation, name="correlation"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/transition/", views.CaseTransition.as_view(), name="case-transition"),
    path("cases/<int:pk>/reassign/", views.CaseReassign.as_view(), name="case-reassign"),
    # KPI targets: set on a success statement, read, changed, removed.
    path(
        "success-statements/<int:statement_pk>/targets/new/",
        views.TargetCreate.as_view(),
        name="target-create",
    ),
    path("targets/<int:pk>/", views.target_detail, name="target"),
    path("targets/<int:pk>/edit/", views.TargetEdit.as_view(), name="target-edit"),
    path("targets/<int:pk>/delete/", views.TargetDelete.as_view(), name="target-delete"),
    # Survey platforms' webhooks: sources set up by the core team, deliveries replayed.
    path("webhooks/", views.webhook_list, name="webhook-list"),
    path("webhooks/new/", views.WebhookSourceCreate.as_view(), name="webhook-create"),
    path("webhooks/<int:pk>/", views.webhook_source, name="webhook-source"),
    path("webhooks/<int:pk>/edit/", views.WebhookSourceEdit.as_view(), name="webhook-edit"),
    path("webhooks/deliveries/<int:pk>/replay/", views.webhook_replay, name="webhook-replay"),
    # Comment themes: curated by the core team, read with their comments by whoever reads them.
    path("themes/", views.theme_list, name="theme-list"),
    path("themes/new/", views.ThemeCreate.as_view(), name="theme-create"),
    path("themes/<int:pk>/", views.theme_detail, name="theme"),
    path("themes/<int:pk>/edit/", views.ThemeEdit.as_view(), name="theme-edit"),
    # Suggested themes: topics in the unmatched comments, accepted, renamed or dismissed.
    path("themes/suggestions/find/", views.suggestions_find, name="suggestions-find"),
    path("themes/suggestions/<int:pk>/accept/", views.suggestion_accept, name="suggestion-accept"),
    path("themes/suggestions/<int:pk>/rename/", views.suggestion_rename, name="suggestion-rename"),
    path(
        "themes/suggestions/<int:pk>/dismiss/",
        views.suggestion_dismiss,
        name="suggestion-dismiss",
    ),
    # CX promises: every role reads them beside the measured reality; the core team records them.
    path("promises/", views.promise_list, name="promise-list"),
    path("promises/new/", views.PromiseCreate.as_view(), name="promise-create"),
    path("promises/<int:pk>/edit/", views.PromiseEdit.as_view(), name="promise-edit"),
    # Key drivers: the themes detractors mention more than everyone else, per metric.
    path("drivers/", views.driver_list, name="driver-list"),
]
