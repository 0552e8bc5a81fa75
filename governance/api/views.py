"""Governance API: thin viewsets over governance.services and governance.selectors."""

import json

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.functional import SimpleLazyObject
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from cxgov.api.openapi import conflict_answer
from cxgov.api.parsers import FILE_PARSER_CLASSES
from cxgov.api.viewsets import (
    ServiceCreateReadViewSet,
    ServiceModelViewSet,
    ServiceNoDeleteViewSet,
    refuse_version_on_create,
    version_read,
)
from governance import filters, permissions, selectors, services
from governance.models import (
    OPEN_STATUSES,
    ActionItem,
    Activity,
    AgendaItem,
    Attendance,
    BusinessUnit,
    Cadence,
    Charter,
    CharterStatus,
    CharterVersion,
    Commitment,
    Decision,
    DepartmentObjective,
    Engagement,
    EngagementTarget,
    GovernanceBody,
    MaturityAssessment,
    Meeting,
    Membership,
    MissionStatement,
    RaciAssignment,
    Standard,
    SuccessStatement,
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
    search_fields = ["name", "purpose"]
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

    @extend_schema(request=s.MembershipEndSerializer, responses=s.MembershipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """End the membership on `on` (default today); a lead loses the right to manage. With
        the `version` read, a change made since answers 409."""
        membership = self.get_object()
        data = s.MembershipEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.membership_end(membership=membership, by=request.user, **data.validated_data)
        return Response(self.get_serializer(membership).data)


class ActivityViewSet(ServiceNoDeleteViewSet):
    """The core team's jobs, work categories and decisions, with their decision rights."""

    queryset = Activity.objects.select_related("decided_by", "escalates_to").prefetch_related(
        "named_deciders"
    )
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


# Leadership engagement


class EngagementViewSet(ServiceCreateReadViewSet):
    """What executives and steering committee members did for CX, newest first."""

    queryset = Engagement.objects.select_related("person")
    serializer_class = s.EngagementSerializer
    ordering_fields = ["happened_on"]
    rules = {"create": permissions.can_log_engagement}
    create_service = staticmethod(services.engagement_log)


class EngagementTargetViewSet(ServiceCreateReadViewSet):
    """The executive sponsor's engagement targets, a number a quarter per leader."""

    queryset = EngagementTarget.objects.select_related("person")
    serializer_class = s.EngagementTargetSerializer
    rules = {"create": permissions.can_set_engagement_targets}
    create_service = staticmethod(services.engagement_target_set)


# Working-group commitments


class CommitmentViewSet(ServiceCreateReadViewSet):
    """Working-group members' commitments to their group, with whether each was agreed."""

    queryset = Commitment.objects.select_related("body", "person", "manager")
    serializer_class = s.CommitmentSerializer
    rules = {"create": permissions.can_state_commitment}
    create_service = staticmethod(services.commitment_state)


# Charters, the CX mission, success statements and objectives


def _current_versions_prefetch() -> Prefetch:
    return Prefetch(
        "versions",
        queryset=CharterVersion.objects.filter(status__in=[CharterStatus.APPROVED, *OPEN_STATUSES]),
        to_attr="current_versions",
    )


class CharterViewSet(ServiceCreateReadViewSet):
    """Charters of the governing bodies, one per body, kept as versions.

    `versions/` lists every version (GET) or starts the next draft (POST); `versions/{number}/`
    reads one or changes a draft (PATCH). `submit/` sends the draft for review; `approve/` and
    `reject/` (with a comment) decide the version in review and are allowed to exactly the
    people the decision rights name for the approve-charter activity; one who drafted or
    submitted the version, or serves on its body, signs first and a second decider completes;
    `acknowledge/` records that a member of the body has read the approved version.
    """

    queryset = Charter.objects.select_related("body")
    serializer_class = s.CharterSerializer
    filterset_class = filters.CharterFilter
    search_fields = ["body__name"]
    ordering_fields = ["body__name", "created_on"]
    rules = {
        "create": permissions.can_draft_charter,
        "versions": permissions.can_draft_charter,
        "version": permissions.can_draft_charter,
        "submit": permissions.can_draft_charter,
        "approve": permissions.can_approve_charter_version,
        "reject": permissions.can_approve_charter_version,
        "acknowledge": permissions.can_acknowledge,
    }
    create_service = staticmethod(services.charter_create)
    # A stale PATCH of versions/{number}/ answers 409 with the version as it is now.
    conflict_serializers = (s.CharterVersionSerializer,)

    # Which version each action applies to when the request names none.
    DEFAULT_STATUS = {
        "submit": [CharterStatus.DRAFT],
        "approve": list(OPEN_STATUSES),
        "reject": list(OPEN_STATUSES),
        "acknowledge": [CharterStatus.APPROVED],
    }

    def get_queryset(self):
        return super().get_queryset().prefetch_related(_current_versions_prefetch())

    def _version(self, charter, number=None):
        """The version an action applies to: the one named, or the action's default."""
        if number is None:
            number = self.request.data.get("version") if hasattr(self.request, "data") else None
        versions = charter.versions.select_related("charter__body")
        if number not in (None, ""):
            data = s.CharterActionSerializer(data={"version": number})
            data.is_valid(raise_exception=True)
            version = versions.filter(number=data.validated_data["version"]).first()
            if version is None:
                raise ValidationError({"version": f"{charter} has no version {number}."})
            return version
        statuses = self.DEFAULT_STATUS.get(self.action)
        return versions.filter(status__in=statuses).first() if statuses else None

    def permission_object(self, charter):
        """Review rules are about a version (its author may not approve it)."""
        if self.action in self.DEFAULT_STATUS:
            return self._version(charter) or charter
        return charter

    def _acted_on(self, charter, message: str):
        version = self._version(charter)
        if version is None:
            raise ValidationError({"version": message})
        return version

    @extend_schema(methods=["GET"], request=None, responses=s.CharterVersionSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=s.CharterVersionSerializer,
        responses={201: s.CharterVersionSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def versions(self, request, pk=None):
        """Every version, newest first; POST starts the next draft from the six components."""
        charter = self.get_object()
        if request.method == "GET":
            versions = charter.versions.select_related(
                "author", "submitted_by", "first_approval_by", "approved_by", "rejected_by"
            ).prefetch_related("success_statements")
            return Response(s.CharterVersionSerializer(versions, many=True).data)
        data = s.CharterVersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        refuse_version_on_create(data.validated_data)
        version = services.charter_version_draft(
            by=request.user, body=charter.body, **data.validated_data
        )
        return Response(s.CharterVersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None, responses=s.CharterVersionSerializer)
    @extend_schema(
        methods=["PATCH"],
        request=s.CharterVersionSerializer,
        responses={
            200: s.CharterVersionSerializer,
            409: conflict_answer(s.CharterVersionSerializer),
        },
    )
    @action(
        detail=True,
        methods=["get", "patch"],
        url_path=r"versions/(?P<number>[0-9]+)",
        url_name="version",
        filter_backends=[],
    )
    def version(self, request, pk=None, number=None):
        """One version; PATCH changes a draft (approved and superseded ones are read-only)."""
        charter = self.get_object()
        version = charter.versions.filter(number=int(number)).first()
        if version is None:
            raise NotFound(f"{charter} has no version {number}.")
        if request.method == "PATCH":
            data = s.CharterVersionSerializer(version, data=request.data, partial=True)
            data.is_valid(raise_exception=True)
            changes = dict(data.validated_data)
            read = version_read(changes)
            version = services.charter_version_update(
                version=version, by=request.user, data=changes, version_read=read
            )
        return Response(s.CharterVersionSerializer(version).data)

    @extend_schema(request=s.CharterActionSerializer, responses=s.CharterVersionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send the draft for review."""
        charter = self.get_object()
        version = self._acted_on(charter, f"{charter} has no draft to submit.")
        version = services.charter_version_submit(version=version, by=request.user)
        return Response(s.CharterVersionSerializer(version).data)

    @extend_schema(request=s.CharterActionSerializer, responses=s.CharterVersionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve the version in review; the approved one it replaces is superseded. From a
        decider who drafted, submitted or serves on its body, a first signature: the version
        stays in review (`first_approval_by`) until a second decider approves."""
        charter = self.get_object()
        version = self._acted_on(charter, f"{charter} has no version in review.")
        version = services.charter_version_approve(version=version, by=request.user)
        return Response(s.CharterVersionSerializer(version).data)

    @extend_schema(request=s.CharterRejectSerializer, responses=s.CharterVersionSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Send the version in review back to draft with a comment."""
        charter = self.get_object()
        data = s.CharterRejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = self._acted_on(charter, f"{charter} has no version in review.")
        version = services.charter_version_reject(
            version=version, by=request.user, comment=data.validated_data["comment"]
        )
        return Response(s.CharterVersionSerializer(version).data)

    @extend_schema(request=s.CharterActionSerializer, responses={201: s.AcknowledgementSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """Acknowledge the approved version, as a member of the body."""
        charter = self.get_object()
        version = self._acted_on(charter, f"{charter} has no approved version.")
        done = services.acknowledge(by=request.user, document=version)
        return Response(s.AcknowledgementSerializer(done).data, status=status.HTTP_201_CREATED)


class MissionViewSet(ServiceNoDeleteViewSet):
    """Versions of the CX mission with the four answers each was built from.

    A draft is created and changed here; `publish/` makes it the mission (the one before is
    superseded) and asks everyone serving in a body to agree; `acknowledge/` records that the
    caller agrees to the published version, once.
    """

    queryset = MissionStatement.objects.select_related("author", "published_by")
    serializer_class = s.MissionSerializer
    filterset_class = filters.MissionFilter
    search_fields = ["statement"]
    ordering_fields = ["number", "published_at"]
    rules = {
        "create": permissions.can_change_mission,
        "update": permissions.can_change_mission,
        "partial_update": permissions.can_change_mission,
        "publish": permissions.can_change_mission,
        "acknowledge": permissions.can_acknowledge,
    }
    create_service = staticmethod(services.mission_draft)
    update_service = staticmethod(services.mission_update)
    update_kwarg = "mission"

    @extend_schema(request=None, responses=s.MissionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish this draft as the CX mission."""
        mission = services.mission_publish(mission=self.get_object(), by=request.user)
        return Response(self.get_serializer(mission).data)

    @extend_schema(request=None, responses={201: s.AcknowledgementSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """Agree to this version of the mission (only the published one, once)."""
        done = services.acknowledge(by=request.user, document=self.get_object())
        return Response(s.AcknowledgementSerializer(done).data, status=status.HTTP_201_CREATED)


class SuccessStatementViewSet(ServiceNoDeleteViewSet):
    """What CX success means, company-wide or per business unit, tied to objectives."""

    queryset = SuccessStatement.objects.select_related("business_unit").prefetch_related(
        "objectives"
    )
    serializer_class = s.SuccessStatementSerializer
    filterset_class = filters.SuccessStatementFilter
    search_fields = ["title", "text"]
    ordering_fields = ["title", "created_on"]
    rules = {
        "create": permissions.can_change_success_statements,
        "update": permissions.can_change_success_statements,
        "partial_update": permissions.can_change_success_statements,
    }
    create_service = staticmethod(services.success_statement_create)
    update_service = staticmethod(services.success_statement_update)
    update_kwarg = "success_statement"


class DepartmentObjectiveViewSet(ServiceNoDeleteViewSet):
    """Business units' own objectives, which success statements tie back to."""

    queryset = DepartmentObjective.objects.select_related("business_unit", "owner")
    serializer_class = s.DepartmentObjectiveSerializer
    filterset_class = filters.DepartmentObjectiveFilter
    search_fields = ["text", "business_unit__name"]
    ordering_fields = ["business_unit__name", "id"]
    rules = {
        "create": permissions.can_change_success_statements,
        "update": permissions.can_change_success_statements,
        "partial_update": permissions.can_change_success_statements,
    }
    create_service = staticmethod(services.objective_create)
    update_service = staticmethod(services.objective_update)
    update_kwarg = "objective"


# Meetings


class ICalendarRenderer(BaseRenderer):
    """Lets a client ask for text/calendar; the ics action answers with the file itself."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else json.dumps(data).encode()


class CadenceViewSet(ServiceNoDeleteViewSet):
    """How often each body meets. Meetings are generated ahead from active cadences; end one by
    setting is_active false (its meetings stay)."""

    queryset = Cadence.objects.select_related("body")
    serializer_class = s.CadenceSerializer
    filterset_class = filters.CadenceFilter
    ordering_fields = ["starts_on", "frequency"]
    rules = {
        "create": permissions.can_set_some_cadence,
        "update": permissions.can_set_cadence,
        "partial_update": permissions.can_set_cadence,
    }
    create_service = staticmethod(services.cadence_create)
    update_service = staticmethod(services.cadence_update)
    update_kwarg = "cadence"


class MeetingViewSet(ServiceNoDeleteViewSet):
    """Meetings, generated from cadences or added alone. PATCH moves one (starts_at, length,
    place) without touching its series; POST .../cancel/ cancels it; POST .../attendance/
    records several people's attendance at once; GET .../ics/ is the calendar file."""

    queryset = Meeting.objects.select_related("body", "cadence")
    serializer_class = s.MeetingSerializer
    filterset_class = filters.MeetingFilter
    ordering_fields = ["starts_at"]
    rules = {
        "create": permissions.can_run_some_meeting,
        "update": permissions.can_run_meeting,
        "partial_update": permissions.can_run_meeting,
        "cancel": permissions.can_run_meeting,
        "open": permissions.can_run_meeting,
        "close": permissions.can_run_meeting,
        "attendance": permissions.can_run_meeting,
    }
    create_service = staticmethod(services.meeting_create)
    update_service = staticmethod(services.meeting_update)
    update_kwarg = "meeting"

    @extend_schema(request=s.MeetingCancelSerializer, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel this meeting alone; the series goes on."""
        meeting = self.get_object()
        data = s.MeetingCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.meeting_cancel(meeting=meeting, by=request.user, **data.validated_data)
        return Response(self.get_serializer(meeting).data)

    @extend_schema(request=None, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        """Open this meeting (in progress): its KPI pack is built from the data as it stands."""
        meeting = services.meeting_open(meeting=self.get_object(), by=request.user)
        return Response(self.get_serializer(meeting).data)

    @extend_schema(request=None, responses=s.MeetingSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close this meeting: its minutes are final and its KPI pack is frozen."""
        meeting = services.meeting_close(meeting=self.get_object(), by=request.user)
        return Response(self.get_serializer(meeting).data)

    @extend_schema(
        request=s.MeetingAttendanceSerializer, responses=s.AttendanceSerializer(many=True)
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def attendance(self, request, pk=None):
        """Record (or change) the attendance of several people at this meeting in one call:
        every row is checked first and all are saved together, so a refused row saves none."""
        meeting = self.get_object()
        data = s.MeetingAttendanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recorded = services.attendance_record_many(
            by=request.user,
            meeting=meeting,
            statuses=[(row["person"], row["status"]) for row in data.validated_data["attendance"]],
        )
        return Response(s.AttendanceSerializer(recorded, many=True).data)

    @extend_schema(
        responses={
            (200, "text/calendar"): OpenApiResponse(
                {"type": "string"}, description="The iCalendar file (text, UTF-8)."
            )
        }
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[JSONRenderer, ICalendarRenderer],
        filter_backends=[],
    )
    def ics(self, request, pk=None):
        """The meeting as an iCalendar file, in its body's zone (VTIMEZONE, local times)."""
        meeting = self.get_object()
        response = HttpResponse(
            selectors.meeting_ics(meeting), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
        return response


class AgendaItemViewSet(ServiceModelViewSet):
    """A meeting's agenda items, with their owner, time box and minutes."""

    queryset = AgendaItem.objects.select_related("meeting__body", "owner")
    serializer_class = s.AgendaItemSerializer
    filterset_class = filters.AgendaItemFilter
    search_fields = ["title", "minutes"]
    ordering_fields = ["position"]
    rules = {
        "create": permissions.can_run_some_meeting,
        "update": permissions.can_run_meeting,
        "partial_update": permissions.can_run_meeting,
        "destroy": permissions.can_run_meeting,
    }
    create_service = staticmethod(services.agenda_item_create)
    update_service = staticmethod(services.agenda_item_update)
    destroy_service = staticmethod(services.agenda_item_delete)
    update_kwarg = "agenda_item"


class AttendanceViewSet(ServiceModelViewSet):
    """Who was present, sent apologies or was absent. POSTing for a person already recorded
    changes their status."""

    queryset = Attendance.objects.select_related("meeting__body", "person")
    serializer_class = s.AttendanceSerializer
    filterset_class = filters.AttendanceFilter
    ordering_fields = ["status"]
    rules = {
        "create": permissions.can_run_some_meeting,
        "update": permissions.can_run_meeting,
        "partial_update": permissions.can_run_meeting,
        "destroy": permissions.can_run_meeting,
    }
    create_service = staticmethod(services.attendance_record)
    update_service = staticmethod(services.attendance_update)
    destroy_service = staticmethod(services.attendance_delete)
    update_kwarg = "attendance"


class DecisionViewSet(ServiceNoDeleteViewSet):
    """The decision log across bodies: what, why, who decided, in which meeting."""

    queryset = Decision.objects.select_related("body", "meeting", "decided_by")
    serializer_class = s.DecisionSerializer
    filterset_class = filters.DecisionFilter
    search_fields = ["text", "rationale"]
    ordering_fields = ["decided_on"]
    rules = {
        "create": permissions.can_run_some_meeting,
        "update": permissions.can_run_meeting,
        "partial_update": permissions.can_run_meeting,
    }
    create_service = staticmethod(services.decision_record)
    update_service = staticmethod(services.decision_update)
    update_kwarg = "decision"


class ActionItemViewSet(ServiceNoDeleteViewSet):
    """Action items with owners and due dates. The owner may change its status and notes;
    whoever runs the body's meetings may change everything."""

    queryset = ActionItem.objects.select_related("body", "meeting", "owner")
    serializer_class = s.ActionItemSerializer
    filterset_class = filters.ActionItemFilter
    search_fields = ["title", "notes"]
    ordering_fields = ["due_on", "status"]
    rules = {
        "create": permissions.can_run_some_meeting,
        "update": permissions.can_update_action_item,
        "partial_update": permissions.can_update_action_item,
    }
    create_service = staticmethod(services.action_item_create)
    update_service = staticmethod(services.action_item_update)
    update_kwarg = "action_item"


# The standards library


class StandardViewSet(ServiceNoDeleteViewSet):
    """The CX standards library: definitions, methods and templates, each with an owner and a
    review date. Everyone reads it; the core CX team and admins write. A change must carry the
    `version` read; each change is kept as the next version (`versions/`)."""

    queryset = Standard.objects.select_related("owner")
    serializer_class = s.StandardSerializer
    filterset_fields = ["kind"]
    search_fields = ["title", "text"]
    ordering_fields = ["title", "review_on"]
    rules = {
        "create": permissions.can_edit_standards,
        "update": permissions.can_edit_standards,
        "partial_update": permissions.can_edit_standards,
        "template": permissions.can_edit_standards,
        "file": permissions.can_edit_standards,
    }
    create_service = staticmethod(services.standard_create)
    update_service = staticmethod(services.standard_update)
    update_kwarg = "standard"

    @extend_schema(request=None, responses=s.StandardVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def versions(self, request, pk=None):
        """Every version of the item, newest first."""
        standard = self.get_object()
        versions = standard.versions.select_related("owner", "edited_by").order_by("-number")
        return Response(s.StandardVersionSerializer(versions, many=True).data)

    @extend_schema(
        request={"multipart/form-data": s.StandardTemplateSerializer},
        responses={201: s.StandardSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="templates",
        url_name="template",
        parser_classes=FILE_PARSER_CLASSES,
        filter_backends=[],
    )
    def template(self, request):
        """Publish a template with its file (multipart), as version 1. The file's type is read
        from its content: a file that is not what the library takes is refused on `file`."""
        data = s.StandardTemplateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        standard = services.standard_create(by=request.user, kind="template", **data.validated_data)
        return Response(s.StandardSerializer(standard).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": s.StandardFileSerializer},
        responses={200: s.StandardSerializer, 409: conflict_answer(s.StandardSerializer)},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="file",
        url_name="file",
        parser_classes=FILE_PARSER_CLASSES,
        filter_backends=[],
    )
    def file(self, request, pk=None):
        """Replace a template's file (multipart), with the `version` read; kept as the next
        version, the earlier versions keep their files."""
        standard = self.get_object()
        data = s.StandardFileSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        standard = services.standard_update(
            standard=standard,
            by=request.user,
            data={"file": data.validated_data["file"]},
            version_read=data.validated_data["version"],
        )
        return Response(s.StandardSerializer(standard).data)
