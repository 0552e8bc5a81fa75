"""Portfolio pages."""

from django.urls import path

from . import views

app_name = "portfolio"

urlpatterns = [
    path("", views.initiative_list, name="index"),
    path("export.csv", views.initiative_export, name="initiative-export"),
    path("board/", views.board, name="board"),
    path("roadmap/", views.roadmap, name="roadmap"),
    path("alignment/", views.alignment, name="alignment"),
    path("mine/", views.my_initiatives, name="mine"),
    path("needs-help/", views.needs_help, name="needs-help"),
    path("stale/", views.stale, name="stale"),
    path("initiatives/new/", views.InitiativeCreate.as_view(), name="initiative-create"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="initiative-detail"),
    path("initiatives/<int:pk>/edit/", views.InitiativeEdit.as_view(), name="initiative-edit"),
    path(
        "initiatives/<int:pk>/methods/",
        views.InitiativeMethods.as_view(),
        name="initiative-methods",
    ),
    path(
        "initiatives/<int:pk>/transition/",
        views.initiative_transition,
        name="initiative-transition",
    ),
    path(
        "initiatives/<int:pk>/updates/new/",
        views.StatusUpdateCreate.as_view(),
        name="update-create",
    ),
    path(
        "initiatives/<int:pk>/milestones/new/",
        views.MilestoneCreate.as_view(),
        name="milestone-create",
    ),
    path("milestones/<int:pk>/mark/", views.milestone_mark, name="milestone-mark"),
    path("initiatives/<int:pk>/risks/new/", views.RiskCreate.as_view(), name="risk-create"),
    path("risks/<int:pk>/edit/", views.RiskEdit.as_view(), name="risk-edit"),
    path("risks/<int:pk>/escalate/", views.RiskEscalate.as_view(), name="risk-escalate"),
    path(
        "initiatives/<int:pk>/targets/new/",
        views.TargetLinkCreate.as_view(),
        name="target-link-create",
    ),
    path("target-links/<int:pk>/edit/", views.TargetLinkEdit.as_view(), name="target-link-edit"),
    path(
        "target-links/<int:pk>/delete/", views.TargetLinkDelete.as_view(), name="target-link-delete"
    ),
    path("focus/", views.focus, name="focus"),
    path("focus/new/", views.FocusLimitCreate.as_view(), name="focus-limit-create"),
    path("focus/<int:pk>/edit/", views.FocusLimitEdit.as_view(), name="focus-limit-edit"),
    path("focus/<int:pk>/delete/", views.FocusLimitDelete.as_view(), name="focus-limit-delete"),
    path("priorities/", views.priority_list, name="priority-list"),
    path("priorities/new/", views.PriorityCreate.as_view(), name="priority-create"),
    path("priorities/<int:pk>/edit/", views.PriorityEdit.as_view(), name="priority-edit"),
]
