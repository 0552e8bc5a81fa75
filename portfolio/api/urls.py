"""Portfolio API routes, registered on the /api/v1/ router."""

from . import views


def register(router) -> None:
    router.register("priorities", views.StrategicPriorityViewSet, basename="priority")
    router.register("initiatives", views.InitiativeViewSet, basename="initiative")
    router.register("milestones", views.MilestoneViewSet, basename="milestone")
    router.register("status-updates", views.StatusUpdateViewSet, basename="statusupdate")
    router.register("risks", views.RiskViewSet, basename="risk")
    router.register("target-links", views.TargetLinkViewSet, basename="targetlink")
    router.register("focus-limits", views.FocusLimitViewSet, basename="focuslimit")
