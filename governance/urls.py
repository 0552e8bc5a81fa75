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
]
