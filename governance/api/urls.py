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
