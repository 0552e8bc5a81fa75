"""voc API: read-only resources over scoped querysets, and the response import doors."""

from __future__ import annotations

import tempfile

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, UnsupportedMediaType
from rest_framework.permissions import AllowAny
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from cxgov.api.contract import ContractMixin
from cxgov.api.openapi import VALIDATION_ERROR, ErrorSerializer
from cxgov.api.pagination import UncountedPagination
from cxgov.api.parsers import FILE_PARSER_CLASSES
from cxgov.api.viewsets import (
    ServiceNoDeleteViewSet,
    ServiceViewSetMixin,
    refuse_version_on_create,
    version_read,
)
from voc import filters, permissions, selectors, services
from voc.errors import DeliveryUnsigned, ImportRejected
from voc.models import (
    Alert,
    Channel,
    ClosedLoopCase,
    DeliveryStatus,
    ImportJob,
    ImportStatus,
    KpiRollup,
    KpiTarget,
    Metric,
    OperationalValue,
    Promise,
    Response,
    Segment,
    Theme,
    Touchpoint,
    WebhookSource,
)
from voc.models.imports import ImportFormat

from . import serializers as s

# The bulk import's body, read raw (not through a serializer): a list of responses, each with
# the CSV import's columns as keys, or {"responses": [...]}.
_RESPONSES = {"type": "array", "minItems": 1, "items": {"type": "object"}}
BULK_BODY = {
    "oneOf": [
        _RESPONSES,
        {"type": "object", "properties": {"responses": _RESPONSES}, "required": ["responses"]},
    ]
}


class ReadOnlyViewSet(
    ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Scoped reads only: these resources change in the admin or through their services."""


class MetricViewSet(ReadOnlyViewSet):
    """Metric definitions: NPS, CSAT, CES, custom and operational metrics."""

    queryset = Metric.objects.all()
    serializer_class = s.MetricSerializer
    filterset_class = filters.MetricFilter
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code"]


class TouchpointViewSet(ReadOnlyViewSet):
    queryset = Touchpoint.objects.all()
    serializer_class = s.TouchpointSerializer
    filterset_class = filters.TouchpointFilter
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code", "journey_stage"]


class ChannelViewSet(ReadOnlyViewSet):
    queryset = Channel.objects.all()
    serializer_class = s.ChannelSerializer
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code"]


class SegmentViewSet(ReadOnlyViewSet):
    queryset = Segment.objects.all()
    serializer_class = s.SegmentSerializer
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code"]


class RollupViewSet(ReadOnlyViewSet):
    """KPI rollups: n, counts, score and 95% interval per metric, period and dimension value.
    `small_sample` is true below CXGOV_VOC_MIN_SAMPLE responses: never show such a value bare."""

    queryset = KpiRollup.objects.select_related("metric")
    serializer_class = s.RollupSerializer
    filterset_class = filters.RollupFilter
    ordering_fields = ["period_start"]


_TARGET_WRITE_DOC = (
    "Writes need voc.manage_targets (admins and the core CX team). A target's success "
    "statement, metric and scope are fixed once set; its values, dates, granularity and note "
    "may change. A target an initiative links to cannot be deleted (400 naming how many)."
)


@extend_schema_view(
    create=extend_schema(request=s.TargetInputSerializer, responses={201: s.TargetStatusSerializer},
                         description=_TARGET_WRITE_DOC),
    update=extend_schema(request=s.TargetInputSerializer, responses=s.TargetStatusSerializer,
                         description=_TARGET_WRITE_DOC),
    partial_update=extend_schema(request=s.TargetInputSerializer,
                                 responses=s.TargetStatusSerializer, description=_TARGET_WRITE_DOC),
    destroy=extend_schema(description=_TARGET_WRITE_DOC),
)  # fmt: skip
class TargetViewSet(ServiceViewSetMixin, viewsets.ModelViewSet):
    """KPI targets, each belonging to a governance success statement. Set, change and remove
    them here or on the success statement's page (core team and admins)."""

    queryset = KpiTarget.objects.select_related("metric")
    serializer_class = s.TargetStatusSerializer
    filterset_class = filters.TargetFilter
    ordering_fields = ["target_date"]
    rules = {
        "create": permissions.can_manage_targets,
        "update": permissions.can_manage_targets,
        "partial_update": permissions.can_manage_targets,
        "destroy": permissions.can_manage_targets,
    }
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def _input(self, *, partial: bool) -> dict:
        form = s.TargetInputSerializer(
            data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        form.is_valid(raise_exception=True)
        return form.validated_data

    def _answer(self, target: KpiTarget, code: int) -> ApiResponse:
        target = self.get_queryset().get(pk=target.pk)
        return ApiResponse(self.get_serializer(target).data, status=code)

    def create(self, request, *args, **kwargs):
        data = dict(self._input(partial=False))
        refuse_version_on_create(data)
        target = services.target_create(by=request.user, **data)
        return self._answer(target, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        target = self.get_object()
        data = dict(self._input(partial=partial))
        read = version_read(data)
        services.target_update(target=target, by=request.user, data=data, version_read=read)
        return self._answer(target, status.HTTP_200_OK)

    def perform_destroy(self, instance) -> None:
        services.target_delete(target=instance, by=self.request.user)

    def get_serializer(self, *args, **kwargs):
        # Status, latest value, expected value and realism for the whole page, read once
        # (four queries on rollups, whatever the page's size).
        if args:
            shown = args[0] if isinstance(args[0], list | tuple) else [args[0]]
            if shown and isinstance(shown[0], KpiTarget):
                kwargs.setdefault("context", self.get_serializer_context())
                kwargs["context"]["readings"] = selectors.target_readings(list(shown))
                kwargs["context"]["realism"] = selectors.targets_realism(list(shown))
        return super().get_serializer(*args, **kwargs)


class AlertViewSet(ReadOnlyViewSet):
    """Off-track crossings and changes outside the noise, raised nightly, once each, each
    marked for the steering committee's next meeting (`meeting`; null when none was
    scheduled: filter `awaiting_steering=true` for those no meeting has covered yet)."""

    queryset = Alert.objects.select_related("meeting")
    serializer_class = s.AlertSerializer
    filterset_class = filters.AlertFilter
    ordering_fields = ["period_start", "raised_at"]


class ImportJobViewSet(ReadOnlyViewSet):
    """Response imports and their progress: poll one until its status is final."""

    queryset = ImportJob.objects.all()
    serializer_class = s.ImportJobSerializer
    ordering_fields = ["created_at"]


_IMPORT_ANSWERS = {
    201: OpenApiResponse(s.ImportJobSerializer, description="Imported: the job with its counts."),
    202: OpenApiResponse(
        s.ImportJobSerializer,
        description="Queued for a worker (a large file): poll /api/v1/response-imports/{id}/.",
    ),
    400: OpenApiResponse(
        VALIDATION_ERROR,
        description="Refused, nothing written: `detail`, `errors` (row and column for CSV, "
        "record and field for JSON, with the problem) and `error_count`; or an option named "
        "with its message.",
    ),
}


def _csv_body(request) -> tempfile.SpooledTemporaryFile:
    """A raw text/csv body, copied in chunks (never whole in memory), up to the import's size
    limit."""
    limit = settings.CXGOV_VOC_IMPORT_MAX_BYTES
    # Closed by the caller: the job stores it, and the request's end collects it.
    body = tempfile.SpooledTemporaryFile(max_size=8 * 1024**2)  # noqa: SIM115
    stream, size = request.stream, 0
    while stream is not None and (chunk := stream.read(1024**2)):
        size += len(chunk)
        if size > limit:
            raise ImportRejected(f"The body is over the limit of {limit / 1024**2:.0f} MB.")
        body.write(chunk)
    body.seek(0)
    return body


class ResponseViewSet(ReadOnlyViewSet):
    """Responses behind a KPI (filter by metric, dimension and time). Comments only for the
    roles allowed to read them. Imports: POST import/ (CSV) or bulk/ (JSON)."""

    queryset = Response.objects.select_related("touchpoint").order_by("-responded_at", "-id")
    serializer_class = s.SurveyResponseSerializer
    filterset_class = filters.ResponseFilter
    pagination_class = UncountedPagination  # no count(*) over millions of rows
    ordering_fields = ["responded_at", "score"]
    rules = {
        "import_csv": permissions.can_import_responses,
        "bulk": permissions.can_import_responses,
    }

    def _answer(self, job: ImportJob) -> ApiResponse:
        job.refresh_from_db()
        data = s.ImportJobSerializer(job).data
        if job.status == ImportStatus.REFUSED:
            return ApiResponse(
                {"detail": job.message, "errors": job.errors, "error_count": job.error_count,
                 "id": job.pk, "status": job.status},
                status=status.HTTP_400_BAD_REQUEST,
            )  # fmt: skip
        done = job.status == ImportStatus.SUCCEEDED
        return ApiResponse(data, status=status.HTTP_201_CREATED if done else 202)

    def _refusal(self, refusal: ImportRejected) -> ApiResponse:
        return ApiResponse(
            {"detail": refusal.message, "errors": refusal.errors,
             "error_count": refusal.error_count},
            status=status.HTTP_400_BAD_REQUEST,
        )  # fmt: skip

    @extend_schema(
        request={"multipart/form-data": s.ImportInputSerializer, "text/csv": OpenApiTypes.BINARY},
        parameters=[s.ImportOptionsSerializer],
        responses=_IMPORT_ANSWERS,
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        url_name="import",
        parser_classes=FILE_PARSER_CLASSES,  # the raw text/csv body is read, not parsed
    )
    def import_csv(self, request):
        """Import a CSV file, as a multipart form (`file` and the options) or as the raw body
        with `Content-Type: text/csv` (the options in the query string). 201 when imported,
        202 when queued (poll the job), 400 with the rows, columns and problems when refused
        (nothing is written)."""
        permissions.can_import_responses.enforce(request.user)
        raw = request.content_type.split(";")[0].strip().lower() == "text/csv"
        if raw:
            form = s.ImportOptionsSerializer(data=request.query_params)
        else:
            form = s.ImportInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            upload = _csv_body(request) if raw else data["file"]
            job = services.import_job_create(
                by=request.user,
                file=upload,
                original_name="request.csv" if raw else upload.name,
                mapping=data.get("mapping") or None,
                delimiter=data.get("delimiter", ""),
                default_metric=data.get("metric"),
                all_or_nothing=data["all_or_nothing"],
                mode=data["mode"],
                cases_from=data["cases_from"],
                naive_in_reporting_zone=data["naive_in_reporting_zone"],
            )
        except ImportRejected as refusal:
            return self._refusal(refusal)
        return self._answer(job)

    @extend_schema(
        request={"application/json": BULK_BODY},
        parameters=[s.ImportCaseOptionsSerializer],
        responses=_IMPORT_ANSWERS,
    )
    @action(detail=False, methods=["post"], url_path="bulk", url_name="bulk")
    def bulk(self, request):
        """Import JSON: {"responses": [{"metric": "nps", "score": 9, "responded_at":
        "2026-03-02T10:00:00Z", "external_id": "A-1", ...}]}, with the CSV import's rules and
        the options in the query string; problems are numbered by record (from 1) and named
        by field."""
        permissions.can_import_responses.enforce(request.user)
        if request.content_type != "application/json":
            raise UnsupportedMediaType(request.content_type)  # read raw, as JSON only
        form = s.ImportCaseOptionsSerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        try:
            records = services.json_records(request.body)
            job = services.import_job_create(
                by=request.user,
                file=services.records_to_csv(records),
                original_name="bulk.json",
                format=ImportFormat.JSON,
                **form.validated_data,
            )
        except ImportRejected as refusal:
            return self._refusal(refusal)
        return self._answer(job)


class CaseViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Closed-loop cases: the core team and admins see and work every case, an owner their
    own (anyone else sees none: 404). PATCH `owner` reassigns (core team); POST transition/
    moves the status (closing needs a `note`). Opened by the importer, never by hand."""

    queryset = ClosedLoopCase.objects.select_related(
        "response", "response__touchpoint", "metric", "touchpoint", "business_unit", "owner"
    ).order_by("due_on", "pk")
    serializer_class = s.CaseSerializer
    filterset_class = filters.CaseFilter
    ordering_fields = ["due_on", "opened_on", "status"]
    rules = {
        "update": permissions.can_reassign_case,
        "partial_update": permissions.can_reassign_case,
        "transition": permissions.can_work_case,
    }
    update_service = staticmethod(services.case_update)
    update_kwarg = "case"

    @extend_schema(request=s.CaseTransitionSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the case to `to_status` (see its allowed_statuses); closing needs a `note`."""
        case = self.get_object()
        data = s.CaseTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.case_transition(case=case, by=request.user, **data.validated_data)
        return ApiResponse(self.get_serializer(self.get_queryset().get(pk=case.pk)).data)


def _delivery_answer(outcome: services.Outcome) -> ApiResponse:
    delivery = outcome.delivery
    if delivery is None:
        body = {"status": "ignored", "detail": outcome.ignored + " Nothing was kept.",
                "delivery": None, "responses_added": 0, "errors": []}  # fmt: skip
        return ApiResponse(body, status=status.HTTP_200_OK)
    if outcome.repeated:
        detail = "This delivery was stored before; nothing was stored again."
    else:
        detail = delivery.message
    body = {
        "status": "stored" if delivery.status == DeliveryStatus.STORED else "refused",
        "detail": detail,
        "delivery": delivery.pk,
        "responses_added": 0 if outcome.repeated else delivery.responses_added,
        "errors": delivery.errors,
    }
    if delivery.status != DeliveryStatus.STORED:
        code = status.HTTP_400_BAD_REQUEST
    else:
        code = status.HTTP_200_OK if outcome.repeated else status.HTTP_201_CREATED
    return ApiResponse(body, status=code)


class WebhookReceiveView(ContractMixin, APIView):
    """A survey platform posts a finished response here (Typeform, SurveyMonkey, Formbricks,
    as the source at this address is set up). No login: the delivery's signature over its raw
    body, with the source's secret, is its credential. 201 when its responses are stored, 200
    when it was stored before or is an event that is no finished response, 400 when the import
    rules refuse it (it is kept, with its reason, on the source's page, to replay once the
    source is fixed), 401 when the signature or its signed time does not check out (nothing
    kept)."""

    authentication_classes: list = []
    # Open to all: the schema then says so (security: [{}]), with no 401/403 of a token.
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="webhooks_receive",
        request={"application/json": {"type": "object", "additionalProperties": True}},
        responses={
            200: s.WebhookDeliverySerializer,
            201: s.WebhookDeliverySerializer,
            400: OpenApiResponse(
                VALIDATION_ERROR,
                description="Refused by the import rules (kept to replay): `detail`, `errors` "
                "(record and field, with the problem); or a body that is not JSON.",
            ),
            401: OpenApiResponse(
                ErrorSerializer,
                description="The signature, or the signed time, does not check out.",
            ),
            404: OpenApiResponse(ErrorSerializer, description="No active source here."),
            413: OpenApiResponse(ErrorSerializer, description="The body is over the limit."),
        },
    )
    def post(self, request, source: str):
        found = WebhookSource.objects.filter(slug=source, is_active=True).first()
        if found is None:
            raise NotFound("No active webhook source has this address.")
        try:
            outcome = services.webhook_receive(
                source=found, body=request.body, headers=request.headers
            )
        except DeliveryUnsigned as refusal:
            return ApiResponse({"detail": refusal.message}, status=status.HTTP_401_UNAUTHORIZED)
        except ImportRejected as refusal:  # not JSON, no delivery id: nothing to keep
            return ApiResponse(
                {"detail": refusal.message, "errors": refusal.errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return _delivery_answer(outcome)


# -- Comment themes and key drivers ---------------------------------------------------------------

_THEME_WRITE_DOC = (
    "Writes need voc.manage_themes (admins and the core CX team); saving queues the tagging "
    "of every comment with the theme's words. Reads need voc.read_some_comments."
)


@extend_schema_view(
    create=extend_schema(request=s.ThemeInputSerializer, responses={201: s.ThemeSerializer},
                         description=_THEME_WRITE_DOC),
    update=extend_schema(request=s.ThemeInputSerializer, responses=s.ThemeSerializer,
                         description=_THEME_WRITE_DOC),
    partial_update=extend_schema(request=s.ThemeInputSerializer, responses=s.ThemeSerializer,
                                 description=_THEME_WRITE_DOC),
)  # fmt: skip
class ThemeViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Comment themes with their mentions (from the rollups), for those who may read comments;
    curated by the core team."""

    queryset = Theme.objects.all()
    serializer_class = s.ThemeSerializer
    rules = {
        "create": permissions.can_manage_themes,
        "update": permissions.can_manage_themes,
        "partial_update": permissions.can_manage_themes,
    }

    def get_queryset(self):
        # Scoped by Theme's queryset: none for those who read no comment.
        return selectors.themes_with_mentions().for_user(self.request.user)

    def _input(self, *, partial: bool) -> dict:
        form = s.ThemeInputSerializer(data=self.request.data, partial=partial)
        form.is_valid(raise_exception=True)
        return form.validated_data

    def _answer(self, theme: Theme, code: int) -> ApiResponse:
        return ApiResponse(self.get_serializer(self.get_queryset().get(pk=theme.pk)).data, code)

    def create(self, request, *args, **kwargs):
        theme = services.theme_create(by=request.user, data=self._input(partial=False))
        return self._answer(theme, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        theme = self.get_object()
        services.theme_update(theme=theme, by=request.user, data=self._input(partial=partial))
        return self._answer(theme, status.HTTP_200_OK)


class DriverView(ContractMixin, APIView):
    """Key drivers of a metric: for each theme, the share of detractors' comments that mention
    it minus the share of the others', in points, with its 95% interval (Newcombe's method 10
    from Wilson intervals), n and a small-sample flag; ranked. Every role reads figures."""

    @extend_schema(
        operation_id="drivers_list",
        parameters=[s.DriverQuerySerializer],
        responses={200: s.DriverTableSerializer},
    )
    def get(self, request):
        form = s.DriverQuerySerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        metric = data["metric"]
        until = data.get("until")
        last = until.replace(day=1) if until else selectors.latest_comment_month(metric)
        touchpoint = data.get("touchpoint")
        if last is None:
            return ApiResponse({"metric": metric.code, "first_month": None, "last_month": None,
                                "touchpoint": touchpoint.pk if touchpoint else None,
                                "detractors": 0, "others": 0, "drivers": []})  # fmt: skip
        table = selectors.key_drivers(
            metric=metric,
            first_month=selectors.months_back(last, int(data["months"])),
            last_month=last,
            touchpoint_id=touchpoint.pk if touchpoint else None,
        )
        return ApiResponse(s.DriverTableSerializer(table).data)


# -- Experience beside operational data ----------------------------------------------------------


class CorrelationView(ContractMixin, APIView):
    """An experience metric beside an operational figure over the same periods: Pearson's and
    Spearman's correlation with their 95% intervals (Fisher's z) and the number of periods,
    `weak` under 8; fewer than 3 paired periods is a 400 naming `periods`. Every role reads
    figures."""

    @extend_schema(
        operation_id="correlation_retrieve",
        parameters=[s.CorrelationQuerySerializer],
        responses={
            200: s.CorrelationSerializer,
            400: OpenApiResponse(VALIDATION_ERROR, description="A parameter named, refused."),
        },
    )
    def get(self, request):
        query = s.CorrelationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = selectors.experience_beside_operational(**query.validated_data)
        return ApiResponse(s.CorrelationSerializer(found).data)


class OperationalValueViewSet(ServiceNoDeleteViewSet):
    """Operational figures (churn, handle time, repeat contacts), one per metric, period and
    touchpoint (none: the whole company). Every role reads them; the core CX team and admins
    enter and correct them (voc.enter_operational_values). A period entered again is a 400
    naming `period_start_on`: correct the figure instead (its `value` and `note`)."""

    queryset = OperationalValue.objects.select_related("metric", "touchpoint").order_by(
        "metric__code", "-period_start", "granularity", "pk"
    )
    serializer_class = s.OperationalValueSerializer
    rules = {
        "create": permissions.can_enter_operational_values,
        "update": permissions.can_enter_operational_values,
        "partial_update": permissions.can_enter_operational_values,
    }
    create_service = staticmethod(services.operational_value_record)
    update_service = staticmethod(services.operational_value_correct)
    update_kwarg = "figure"

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return s.OperationalValueCorrectionSerializer
        return super().get_serializer_class()


class PromiseViewSet(ServiceNoDeleteViewSet):
    """The company's public CX promises, each with the promise check of its last complete
    period (`reading`). Every role reads them; the core CX team and admins record and change
    them (voc.manage_promises). A promise no longer made is set inactive, never deleted."""

    queryset = Promise.objects.select_related("metric", "touchpoint").order_by("statement", "pk")
    serializer_class = s.PromiseSerializer
    ordering_fields = ["statement"]
    rules = {
        "create": permissions.can_manage_promises,
        "update": permissions.can_manage_promises,
        "partial_update": permissions.can_manage_promises,
    }
    create_service = staticmethod(services.promise_create)
    update_service = staticmethod(services.promise_update)
    update_kwarg = "promise"

    def _with_readings(self, promises) -> ApiResponse:
        readings = selectors.promise_readings(
            Promise.objects.filter(pk__in=[p.pk for p in promises])
        )
        context = {**self.get_serializer_context(), "readings": {r.promise.pk: r for r in readings}}
        return s.PromiseSerializer(promises, many=True, context=context).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._with_readings(page))

    def retrieve(self, request, *args, **kwargs):
        return ApiResponse(self._with_readings([self.get_object()])[0])
