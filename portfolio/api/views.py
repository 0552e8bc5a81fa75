"""Portfolio API: thin viewsets over portfolio.services and portfolio.selectors."""

from django.db.models import Case, Value, When
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from cxgov.api.viewsets import (
    ServiceCreateReadViewSet,
    ServiceModelViewSet,
    ServiceNoDeleteViewSet,
)
from portfolio import filters, permissions, services
from portfolio.models import (
    FocusLimit,
    Initiative,
    Milestone,
    Risk,
    StatusUpdate,
    StrategicPriority,
    TargetLink,
    stale_q,
)

from . import serializers as s


def _only(data: dict, allowed: tuple[str, ...], why: str) -> dict:
    """The input a create service takes; anything else is refused by name, not dropped."""
    extra = sorted(name for name in data if name not in allowed)
    if extra:
        raise ValidationError(dict.fromkeys(extra, why))
    return data


class StrategicPriorityViewSet(ServiceNoDeleteViewSet):
    """The steering committee's strategic priorities; initiatives serve one or more."""

    queryset = StrategicPriority.objects.all()
    serializer_class = s.StrategicPrioritySerializer
    filterset_class = filters.StrategicPriorityFilter
    search_fields = ["title", "description"]
    ordering_fields = ["position", "title", "period"]
    rules = {
        "create": permissions.can_set_priorities,
        "update": permissions.can_set_priorities,
        "partial_update": permissions.can_set_priorities,
    }
    create_service = staticmethod(services.priority_create)
    update_service = staticmethod(services.priority_update)
    update_kwarg = "priority"


PROPOSE_FIELDS = (
    "title",
    "description",
    "owner",
    "working_group",
    "business_unit",
    "priorities",
    "themes",
    "driven_by",
    "formed_group",
    "start_date",
    "target_date",
    "budget",
    "expected_benefit",
)


class InitiativeViewSet(ServiceNoDeleteViewSet):
    """CX initiatives across the business. Created as proposals (in a working group the caller
    serves on); the status moves only through POST .../transition/; health and progress come
    from status updates. Cancelled, never deleted."""

    queryset = Initiative.objects.all()
    serializer_class = s.InitiativeSerializer
    filterset_class = filters.InitiativeFilter
    search_fields = ["title", "description"]
    ordering_fields = ["title", "start_date", "target_date", "progress", "status", "health"]
    rules = {
        "create": permissions.can_propose_initiative,
        "update": permissions.can_edit_initiative,
        "partial_update": permissions.can_edit_initiative,
        "transition": permissions.can_move_initiative,
    }
    update_service = staticmethod(services.initiative_update)
    update_kwarg = "initiative"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .for_lists()
            .select_related("approved_by", "formed_group")
            .prefetch_related("target_links", "themes")
            .annotate(stale_now=Case(When(stale_q(), then=Value(True)), default=Value(False)))
            .order_by("target_date", "pk")
        )

    def perform_create(self, serializer) -> None:
        data = _only(
            serializer.validated_data,
            PROPOSE_FIELDS,
            "Set once the initiative is proposed (edit it, or post a status update).",
        )
        serializer.instance = services.initiative_propose(by=self.request.user, **data)

    @extend_schema(request=s.TransitionSerializer, responses=s.InitiativeSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the initiative to `to_status` (with a `reason` for on hold and cancel)."""
        initiative = self.get_object()
        data = s.TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.initiative_transition(
            initiative=initiative, by=request.user, **data.validated_data
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=initiative.pk)).data)


class FocusLimitViewSet(ServiceModelViewSet):
    """The core CX team's focus limits, each with who it covers. Reads for every role; writes
    for the core team and admins. Going over a limit is asked on the initiative's write
    (`focus_reason`), never here."""

    queryset = FocusLimit.objects.select_related("working_group", "business_unit", "owner")
    serializer_class = s.FocusLimitSerializer
    ordering_fields = ["kind", "limit"]
    rules = {
        "create": permissions.can_set_focus_limits,
        "update": permissions.can_set_focus_limits,
        "partial_update": permissions.can_set_focus_limits,
        "destroy": permissions.can_set_focus_limits,
    }
    create_service = staticmethod(services.focus_limit_set)
    update_service = staticmethod(services.focus_limit_update)
    destroy_service = staticmethod(services.focus_limit_delete)
    update_kwarg = "focus_limit"

    def perform_update(self, serializer) -> None:
        stored = serializer.instance
        data = {
            name: value
            for name, value in serializer.validated_data.items()
            if name in services.FOCUS_LIMIT_FIELDS or value != getattr(stored, name)
        }
        data = _only(
            data,
            services.FOCUS_LIMIT_FIELDS,
            "Fixed once set: remove the limit and set a new one for someone else.",
        )
        serializer.instance = services.focus_limit_update(
            focus_limit=serializer.instance, by=self.request.user, data=data
        )


class _OnInitiative:
    """Milestones, status updates and risks answer to their initiative's rules."""

    def permission_object(self, obj):
        return obj.initiative


class MilestoneViewSet(_OnInitiative, ServiceModelViewSet):
    """An initiative's milestones, due inside its dates; ticked done via POST .../mark/."""

    queryset = Milestone.objects.select_related("initiative__working_group")
    serializer_class = s.MilestoneSerializer
    filterset_class = filters.MilestoneFilter
    search_fields = ["title"]
    ordering_fields = ["due_on", "title"]
    rules = {
        "create": permissions.can_work_on_initiatives,
        "update": permissions.can_edit_initiative,
        "partial_update": permissions.can_edit_initiative,
        "destroy": permissions.can_edit_initiative,
        "mark": permissions.can_edit_initiative,
    }
    create_service = staticmethod(services.milestone_create)
    update_service = staticmethod(services.milestone_update)
    destroy_service = staticmethod(services.milestone_delete)
    update_kwarg = "milestone"

    @extend_schema(request=s.MilestoneMarkSerializer, responses=s.MilestoneSerializer)
    @action(detail=True, methods=["post"])
    def mark(self, request, pk=None):
        """Tick the milestone done (`done: true`, on `on`, default today) or reopen it."""
        milestone = self.get_object()
        data = s.MilestoneMarkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.milestone_mark(milestone=milestone, by=request.user, **data.validated_data)
        return Response(self.get_serializer(milestone).data)


class StatusUpdateViewSet(_OnInitiative, ServiceCreateReadViewSet):
    """Status updates: health, progress, summary, blockers. The latest sets the initiative's
    health and progress; `needs_help` asks the core team for help. Written once."""

    queryset = StatusUpdate.objects.select_related("initiative", "author")
    serializer_class = s.StatusUpdateSerializer
    filterset_class = filters.StatusUpdateFilter
    search_fields = ["summary", "blockers"]
    ordering_fields = ["reported_on", "created_at"]
    rules = {"create": permissions.can_work_on_initiatives}
    create_service = staticmethod(services.status_update_create)


class RiskViewSet(_OnInitiative, ServiceNoDeleteViewSet):
    """Risks on initiatives, scored 1-5 for likelihood and impact. POST .../escalate/ puts an
    open one before the steering committee's next meeting. Closed, never deleted."""

    queryset = Risk.objects.select_related("initiative__working_group", "owner", "escalated_by")
    serializer_class = s.RiskSerializer
    filterset_class = filters.RiskFilter
    search_fields = ["title", "description", "mitigation"]
    ordering_fields = ["escalated_on", "likelihood", "impact", "title"]
    rules = {
        "create": permissions.can_work_on_initiatives,
        "update": permissions.can_edit_initiative,
        "partial_update": permissions.can_edit_initiative,
        "escalate": permissions.can_edit_initiative,
    }
    update_service = staticmethod(services.risk_update)
    update_kwarg = "risk"

    def perform_create(self, serializer) -> None:
        data = _only(
            serializer.validated_data,
            ("initiative", "title", "description", "likelihood", "impact", "owner", "mitigation"),
            "A new risk is open; change its status once it is raised.",
        )
        serializer.instance = services.risk_create(by=self.request.user, **data)

    @extend_schema(request=s.EscalateSerializer, responses=s.RiskSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """Put the risk on the steering committee's next agenda, with a note."""
        risk = self.get_object()
        data = s.EscalateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.risk_escalate(risk=risk, by=request.user, **data.validated_data)
        return Response(self.get_serializer(risk).data)


class TargetLinkViewSet(_OnInitiative, ServiceModelViewSet):
    """The KPI targets initiatives are meant to move: each link states the change it expects
    (a positive number in the metric's unit, the way the metric gets better) and by when.
    Its initiative and target are fixed once linked; remove it and link anew."""

    queryset = TargetLink.objects.select_related("initiative__working_group", "target__metric")
    serializer_class = s.TargetLinkSerializer
    filterset_class = filters.TargetLinkFilter
    search_fields = ["note", "initiative__title"]
    ordering_fields = ["expected_by", "expected_change", "created_at"]
    rules = {
        "create": permissions.can_work_on_initiatives,
        "update": permissions.can_edit_initiative,
        "partial_update": permissions.can_edit_initiative,
        "destroy": permissions.can_edit_initiative,
    }
    create_service = staticmethod(services.target_link_create)
    update_service = staticmethod(services.target_link_update)
    destroy_service = staticmethod(services.target_link_delete)
    update_kwarg = "link"
