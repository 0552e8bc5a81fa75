"""Governance API: thin viewsets over governance.services and governance.selectors."""

from django.utils.functional import SimpleLazyObject
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from cxgov.api.viewsets import (
    ServiceCreateReadViewSet,
    ServiceModelViewSet,
    ServiceNoDeleteViewSet,
)
from governance import filters, permissions, selectors, services
from governance.models import (
    Activity,
    BusinessUnit,
    GovernanceBody,
    MaturityAssessment,
    Membership,
    RaciAssignment,
)

from . import serializers as s


class BusinessUnitViewSet(ServiceNoDeleteViewSet):
    """Business units that governance members represent."""

    queryset = BusinessUnit.objects.all()
    serializer_class = s.BusinessUnitSerializer
    filterset_class = filters.BusinessUnitFilter
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code"]
    rules = {
        "create": permissions.can_change_business_units,
        "update": permissions.can_change_business_units,
        "partial_update": permissions.can_change_business_units,
    }
    create_service = staticmethod(services.business_unit_create)
    update_service = staticmethod(services.business_unit_update)
    update_kwarg = "business_unit"


class GovernanceBodyViewSet(ServiceNoDeleteViewSet):
    """The governing bodies of the three tiers and the core CX team.

    Bodies are disbanded (POST .../disband/), never deleted, so their history stays.
    """

    queryset = GovernanceBody.objects.all()
    serializer_class = s.GovernanceBodySerializer
    filterset_class = filters.GovernanceBodyFilter
    search_fields = ["name", "purpose", "project"]
    ordering_fields = ["name", "tier", "formed_on"]
    rules = {
        "create": permissions.can_create_body,
        "update": permissions.can_manage_body,
        "partial_update": permissions.can_manage_body,
        "disband": permissions.can_disband_body,
    }
    create_service = staticmethod(services.body_create)
    update_service = staticmethod(services.body_update)
    update_kwarg = "body"

    def get_queryset(self):
        # Built per request: "serving today" must mean today, not the day the process started.
        return (
            super()
            .get_queryset()
            .select_related("parent")
            .prefetch_related(selectors.active_memberships_prefetch())
        )

    @extend_schema(request=s.DateActionSerializer, responses=s.GovernanceBodySerializer)
    @action(detail=True, methods=["post"])
    def disband(self, request, pk=None):
        """Disband the body on `on` (default today); its open memberships end that day."""
        body = self.get_object()
        data = s.DateActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.body_disband(body=body, by=request.user, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=body.pk)).data)


class MembershipViewSet(ServiceNoDeleteViewSet):
    """Who sits on which body, in what role, for which business unit, with what time.

    Memberships are ended (POST .../end/), never deleted.
    """

    queryset = Membership.objects.select_related("person", "body", "business_unit")
    serializer_class = s.MembershipSerializer
    filterset_class = filters.MembershipFilter
    search_fields = ["person__username", "person__first_name", "person__last_name", "body__name"]
    ordering_fields = ["start_date", "end_date", "role"]
    rules = {
        # Who may add members at all; the service then asks can_manage_body of the body named.
        "create": permissions.can_add_members_somewhere,
        "update": permissions.can_manage_body,
        "partial_update": permissions.can_manage_body,
        "end": permissions.can_manage_body,
    }
    create_service = staticmethod(services.membership_create)
    update_service = staticmethod(services.membership_update)
    update_kwarg = "membership"

    def permission_object(self, membership):
        return membership.body

    @extend_schema(request=s.DateActionSerializer, responses=s.MembershipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """End the membership on `on` (default today); a lead loses the right to manage."""
        membership = self.get_object()
        data = s.DateActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.membership_end(membership=membership, by=request.user, **data.validated_data)
        return Response(self.get_serializer(membership).data)


class ActivityViewSet(ServiceNoDeleteViewSet):
    """The core team's jobs, work categories and decisions, with their decision rights."""

    queryset = Activity.objects.select_related("decided_by", "escalates_to")
    serializer_class = s.ActivitySerializer
    filterset_class = filters.ActivityFilter
    search_fields = ["name", "code", "description"]
    ordering_fields = ["position", "name"]
    rules = {
        "create": permissions.can_change_activities,
        "update": permissions.can_change_activities,
        "partial_update": permissions.can_change_activities,
    }
    create_service = staticmethod(services.activity_create)
    update_service = staticmethod(services.activity_update)
    update_kwarg = "activity"

    def get_serializer_context(self):
        context = super().get_serializer_context()
        # Lazy: read once for the whole page, and only after a write has been made.
        context["deciders"] = SimpleLazyObject(
            lambda: {right.activity.pk: right.deciders for right in selectors.decision_rights()}
        )
        return context


class RaciAssignmentViewSet(ServiceModelViewSet):
    """Cells of the RACI matrix. POSTing a letter for a party that has one changes it."""

    queryset = RaciAssignment.objects.select_related("activity", "body", "person")
    serializer_class = s.RaciAssignmentSerializer
    filterset_class = filters.RaciAssignmentFilter
    search_fields = ["activity__name", "activity__code", "body__name", "person__username"]
    ordering_fields = ["activity__position", "letter"]
    rules = {
        "create": permissions.can_edit_raci,
        "update": permissions.can_edit_raci,
        "partial_update": permissions.can_edit_raci,
        "destroy": permissions.can_edit_raci,
    }
    create_service = staticmethod(services.raci_assign)
    update_service = staticmethod(services.raci_update)
    destroy_service = staticmethod(services.raci_unassign)
    update_kwarg = "assignment"

    @extend_schema(responses=s.RaciMatrixSerializer)
    @action(
        detail=False, methods=["get"], url_path="matrix", pagination_class=None, filter_backends=[]
    )
    def matrix(self, request):
        """Activities against bodies and people, with gaps and overloaded people marked."""
        return Response(s.RaciMatrixSerializer(selectors.raci_matrix()).data)


class MaturityAssessmentViewSet(ServiceCreateReadViewSet):
    """Maturity assessments, scored onto the five levels when recorded."""

    queryset = MaturityAssessment.objects.select_related("assessed_by")
    serializer_class = s.MaturityAssessmentSerializer
    filterset_class = filters.MaturityAssessmentFilter
    search_fields = ["notes"]
    ordering_fields = ["assessed_on", "score"]
    rules = {"create": permissions.can_record_maturity}
    create_service = staticmethod(services.maturity_assessment_create)

    @extend_schema(responses=s.MaturityQuestionSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def questions(self, request):
        """The questionnaire: answer each question from 1 (Interested) to 5 (Embedded)."""
        return Response(s.questions_data(), status=status.HTTP_200_OK)
