"""Governance API routes, registered on the /api/v1/ router."""

from . import views


def register(router) -> None:
    router.register("business-units", views.BusinessUnitViewSet, basename="businessunit")
    router.register("bodies", views.GovernanceBodyViewSet, basename="body")
    router.register("memberships", views.MembershipViewSet, basename="membership")
    router.register("activities", views.ActivityViewSet, basename="activity")
    router.register("raci", views.RaciAssignmentViewSet, basename="raci")
    router.register(
        "maturity-assessments", views.MaturityAssessmentViewSet, basename="maturityassessment"
    )
    router.register("charters", views.CharterViewSet, basename="charter")
    router.register("missions", views.MissionViewSet, basename="mission")
    router.register(
        "success-statements", views.SuccessStatementViewSet, basename="successstatement"
    )
    router.register("objectives", views.DepartmentObjectiveViewSet, basename="objective")
    router.register("cadences", views.CadenceViewSet, basename="cadence")
    router.register("meetings", views.MeetingViewSet, basename="meeting")
    router.register("agenda-items", views.AgendaItemViewSet, basename="agendaitem")
    router.register("attendance", views.AttendanceViewSet, basename="attendance")
    router.register("decisions", views.DecisionViewSet, basename="decision")
    router.register("action-items", views.ActionItemViewSet, basename="actionitem")
    router.register("engagements", views.EngagementViewSet, basename="engagement")
    router.register("commitments", views.CommitmentViewSet, basename="commitment")
    router.register(
        "engagement-targets", views.EngagementTargetViewSet, basename="engagementtarget"
    )
    router.register("standards", views.StandardViewSet, basename="standard")
