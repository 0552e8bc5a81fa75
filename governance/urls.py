"""Governance pages."""

from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("organization/", views.organization, name="organization"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("bodies/", views.body_list, name="body-list"),
    path("bodies/new/", views.BodyCreate.as_view(), name="body-create"),
    path("bodies/<int:pk>/", views.body_detail, name="body-detail"),
    path("bodies/<int:pk>/edit/", views.BodyEdit.as_view(), name="body-edit"),
    path("bodies/<int:pk>/disband/", views.BodyDisband.as_view(), name="body-disband"),
    path("bodies/<int:pk>/members/", views.MembershipCreate.as_view(), name="membership-create"),
    path("bodies/<int:pk>/people/", views.body_members, name="body-members"),
    path("bodies/<int:pk>/commitment/", views.CommitmentState.as_view(), name="commitment"),
    path("memberships/<int:pk>/edit/", views.MembershipEdit.as_view(), name="membership-edit"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership-end"),
    path("engagement/", views.engagement, name="engagement"),
    path("engagement/new/", views.EngagementLog.as_view(), name="engagement-log"),
    path("engagement/targets/", views.EngagementTargetSet.as_view(), name="engagement-target"),
    path("standards/", views.standard_list, name="standard-list"),
    path("standards/new/", views.StandardCreate.as_view(), name="standard-create"),
    path("standards/<int:pk>/", views.standard_detail, name="standard-detail"),
    path("standards/<int:pk>/edit/", views.StandardEdit.as_view(), name="standard-edit"),
    path(
        "standards/<int:pk>/versions/<int:number>/",
        views.standard_version,
        name="standard-version",
    ),
    path(
        "standards/<int:pk>/versions/<int:number>/file/",
        views.standard_file,
        name="standard-file",
    ),
    path("raci/", views.raci, name="raci"),
    path("raci/people/", views.RaciPersonAdd.as_view(), name="raci-person-add"),
    path("raci/cell/<int:activity_id>/<slug:column>/", views.raci_cell, name="raci-cell"),
    path("raci/row/<int:activity_id>/", views.raci_row, name="raci-row"),
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/new/", views.ActivityCreate.as_view(), name="activity-create"),
    path("activities/<int:pk>/edit/", views.ActivityEdit.as_view(), name="activity-edit"),
    path("business-units/", views.business_unit_list, name="business-unit-list"),
    path("business-units/new/", views.BusinessUnitCreate.as_view(), name="business-unit-create"),
    path(
        "business-units/<int:pk>/edit/", views.BusinessUnitEdit.as_view(), name="business-unit-edit"
    ),
    path("maturity/", views.maturity_list, name="maturity-list"),
    path("maturity/new/", views.MaturityCreate.as_view(), name="maturity-create"),
    path("maturity/<int:pk>/", views.maturity_detail, name="maturity-detail"),
    # Charters, the CX mission, success statements and objectives
    path("charters/", views.charter_list, name="charter-list"),
    path("charters/<int:pk>/", views.charter_detail, name="charter-detail"),
    path("charters/<int:pk>/print/", views.charter_print, name="charter-print"),
    path("charters/<int:pk>/diff/", views.charter_diff, name="charter-diff"),
    path("bodies/<int:pk>/charter/draft/", views.CharterDraft.as_view(), name="charter-draft"),
    path(
        "charters/<int:pk>/versions/<int:number>/",
        views.charter_version,
        name="charter-version",
    ),
    path(
        "charters/<int:pk>/versions/<int:number>/edit/",
        views.CharterVersionEdit.as_view(),
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
        views.CharterVersionReject.as_view(),
        name="charter-version-reject",
    ),
    path(
        "charters/<int:pk>/versions/<int:number>/acknowledge/",
        views.charter_acknowledge,
        name="charter-acknowledge",
    ),
    path("mission/", views.mission, name="mission"),
    path("mission/print/", views.mission_print, name="mission-print"),
    path("mission/new/", views.MissionCreate.as_view(), name="mission-create"),
    path("mission/<int:number>/", views.mission_version, name="mission-version"),
    path("mission/<int:number>/edit/", views.MissionEdit.as_view(), name="mission-edit"),
    path("mission/<int:number>/publish/", views.mission_publish, name="mission-publish"),
    path(
        "mission/<int:number>/acknowledge/",
        views.mission_acknowledge,
        name="mission-acknowledge",
    ),
    path("success-statements/", views.success_statement_list, name="success-statement-list"),
    path(
        "success-statements/new/",
        views.SuccessStatementCreate.as_view(),
        name="success-statement-create",
    ),
    path(
        "success-statements/<int:pk>/",
        views.success_statement_detail,
        name="success-statement-detail",
    ),
    path(
        "success-statements/<int:pk>/edit/",
        views.SuccessStatementEdit.as_view(),
        name="success-statement-edit",
    ),
    path("objectives/", views.objective_list, name="objective-list"),
    path("objectives/new/", views.ObjectiveCreate.as_view(), name="objective-create"),
    path("objectives/<int:pk>/edit/", views.ObjectiveEdit.as_view(), name="objective-edit"),
    # Meetings
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.MeetingEdit.as_view(), name="meeting-edit"),
    path("meetings/<int:pk>/cancel/", views.MeetingCancel.as_view(), name="meeting-cancel"),
    path("meetings/<int:pk>/open/", views.meeting_open, name="meeting-open"),
    path("meetings/<int:pk>/close/", views.meeting_close, name="meeting-close"),
    path("meetings/<int:pk>/ics/", views.meeting_ics, name="meeting-ics"),
    path("meetings/<int:pk>/agenda/", views.AgendaItemCreate.as_view(), name="agenda-item-create"),
    path(
        "meetings/<int:pk>/attendance/", views.AttendanceRecord.as_view(), name="attendance-record"
    ),
    path("meetings/<int:pk>/decisions/", views.DecisionCreate.as_view(), name="decision-create"),
    path(
        "meetings/<int:pk>/action-items/",
        views.ActionItemCreate.as_view(),
        name="action-item-create",
    ),
    path("agenda-items/<int:pk>/edit/", views.AgendaItemEdit.as_view(), name="agenda-item-edit"),
    path("bodies/<int:pk>/cadence/", views.CadenceCreate.as_view(), name="cadence-create"),
    path("cadences/<int:pk>/edit/", views.CadenceEdit.as_view(), name="cadence-edit"),
    path("decisions/", views.decision_log, name="decision-log"),
    path("action-items/", views.action_item_list, name="action-item-list"),
    path("action-items/<int:pk>/status/", views.action_item_status, name="action-item-status"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("calendar/rotate/", views.calendar_feed_rotate, name="calendar-feed-rotate"),
]
