"""Governance pages."""

from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("organization/", views.organization, name="organization"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("bodies/", views.body_list, name="body-list"),
    path("bodies/new/", views.body_create, name="body-create"),
    path("bodies/<int:pk>/", views.body_detail, name="body-detail"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body-edit"),
    path("bodies/<int:pk>/disband/", views.body_disband, name="body-disband"),
    path("bodies/<int:pk>/members/", views.membership_create, name="membership-create"),
    path("bodies/<int:pk>/people/", views.body_members, name="body-members"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership-edit"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership-end"),
    path("raci/", views.raci, name="raci"),
    path("raci/people/", views.raci_person_add, name="raci-person-add"),
    path("raci/cell/<int:activity_id>/<slug:column>/", views.raci_cell, name="raci-cell"),
    path("raci/row/<int:activity_id>/", views.raci_row, name="raci-row"),
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/new/", views.activity_create, name="activity-create"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("business-units/", views.business_unit_list, name="business-unit-list"),
    path("business-units/new/", views.business_unit_create, name="business-unit-create"),
    path("business-units/<int:pk>/edit/", views.business_unit_edit, name="business-unit-edit"),
    path("maturity/", views.maturity_list, name="maturity-list"),
    path("maturity/new/", views.maturity_create, name="maturity-create"),
    path("maturity/<int:pk>/", views.maturity_detail, name="maturity-detail"),
    # Charters, the CX mission, success statements and objectives
    path("charters/", views.charter_list, name="charter-list"),
    path("charters/<int:pk>/", views.charter_detail, name="charter-detail"),
    path("charters/<int:pk>/print/", views.charter_print, name="charter-print"),
    path("charters/<int:pk>/diff/", views.charter_diff, name="charter-diff"),
    path("bodies/<int:pk>/charter/draft/", views.charter_draft, name="charter-draft"),
    path(
        "charters/<int:pk>/versions/<int:number>/",
        views.charter_version,
        name="charter-version",
    ),
    path(
        "charters/<int:pk>/versions/<int:number>/edit/",
        views.charter_version_edit,
        name="charter-version-edit",
    ),
    path(
        "charters/<int:pk>/versions/<int:number>/submit/",
        views.charter_version_submit,
        name="charter-version-submit",
    ),
    path(
        "charters/<int:pk>/versions/<int:number>/approve/",
        views.charter_version_approve,
        name="charter-version-approve",
    ),
    path(
        "charters/<int:pk>/versions/<int:number>/reject/",
        views.charter_version_reject,
        name="charter-version-reject",
    ),
    path(
        "charters/<int:pk>/versions/<int:number>/acknowledge/",
        views.charter_acknowledge,
        name="charter-acknowledge",
    ),
    path("mission/", views.mission, name="mission"),
    path("mission/print/", views.mission_print, name="mission-print"),
    path("mission/new/", views.mission_create, name="mission-create"),
    path("mission/<int:number>/", views.mission_version, name="mission-version"),
    path("mission/<int:number>/edit/", views.mission_edit, name="mission-edit"),
    path("mission/<int:number>/publish/", views.mission_publish, name="mission-publish"),
    path(
        "mission/<int:number>/acknowledge/",
        views.mission_acknowledge,
        name="mission-acknowledge",
    ),
    path("success-statements/", views.success_statement_list, name="success-statement-list"),
    path(
        "success-statements/new/",
        views.success_statement_create,
        name="success-statement-create",
    ),
    path(
        "success-statements/<int:pk>/",
        views.success_statement_detail,
        name="success-statement-detail",
    ),
    path(
        "success-statements/<int:pk>/edit/",
        views.success_statement_edit,
        name="success-statement-edit",
    ),
    path("objectives/", views.objective_list, name="objective-list"),
    path("objectives/new/", views.objective_create, name="objective-create"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective-edit"),
]
