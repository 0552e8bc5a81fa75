"""The program's API: GET /api/v1/meetings/{id}/pack/, a meeting's KPI pack as JSON under the
meetings resource (whoever may see the meeting may read its pack; a meeting of a body they may
not see is a 404); and GET /api/v1/search/?q=, search across every app's registered records."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView, get_object_or_404
from rest_framework.response import Response

from cxgov.api.contract import ContractMixin
from cxgov.api.openapi import ErrorSerializer
from cxgov.search import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH, RESULTS_PER_MODEL, search
from governance.models import Meeting

from .pack.document import FROZEN, LATE, LIVE, pack_data
from .pack.schema import PackDocumentSerializer
from .pack.sections import SECTIONS


@extend_schema_field(PackDocumentSerializer)
class PackField(serializers.JSONField):
    """The pack's document as stored or read (cxgov/program/pack/document.py), answered as it
    is; its shape, section by section, is documented by PackDocumentSerializer."""


class KpiPackSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(help_text="The meeting's id.")
    state = serializers.ChoiceField(
        choices=[LIVE, FROZEN, LATE],
        help_text="live: the meeting has not opened, read afresh on every request (as_of and "
        "data_age say how fresh); frozen: stored when the meeting opened, what it saw, never "
        "changed; late: the meeting took place without a pack, read as of its start where "
        "history exists (pack.late.today lists the sections read as they stand today).",
    )
    built_at = serializers.DateTimeField(allow_null=True)
    frozen_at = serializers.DateTimeField(allow_null=True)
    pack = PackField(
        help_text="The pack: meeting, as_of, since, previous_meeting, and sections "
        f"({', '.join(SECTIONS)}), each with title, applies and reason (why it is empty on "
        "another body's pack). A KPI with no data has latest null (never zero); a "
        "projection below the minimum number of periods has probability null and a reason."
    )


class MeetingPackView(ContractMixin, GenericAPIView):
    queryset = Meeting.objects.select_related("body")
    serializer_class = KpiPackSerializer
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user)

    @extend_schema(
        operation_id="meetings_pack_retrieve",
        tags=["meetings"],
        responses={
            200: KpiPackSerializer,
            404: OpenApiResponse(
                ErrorSerializer, description="No such meeting, or one you cannot see."
            ),
        },
    )
    def get(self, request, pk: int):
        """The meeting's KPI pack: read live until the meeting opens, frozen from then."""
        meeting = get_object_or_404(self.get_queryset(), pk=pk)
        data, stored, state = pack_data(meeting=meeting, user=request.user)
        body = {
            "meeting": meeting.pk,
            "state": state,
            "built_at": stored.built_at if stored else None,
            "frozen_at": stored.frozen_at if stored else None,
            "pack": data,
        }
        return Response(self.get_serializer(body).data)


# -- GET /api/v1/search/?q= ---------------------------------------------------------------------


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        min_length=MIN_QUERY_LENGTH,
        max_length=MAX_QUERY_LENGTH,
        trim_whitespace=True,
        help_text=f"What to look for: {MIN_QUERY_LENGTH} to {MAX_QUERY_LENGTH} characters. On "
        'PostgreSQL every word must match, each as a prefix ("onboard" finds '
        '"onboarding"), ranked; elsewhere the whole text, case-insensitive.',
    )


class SearchHitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="object.pk")
    label = serializers.CharField(help_text="How the result reads.")
    url = serializers.CharField(help_text="The page it leads to (one you may open).")
    snippet = serializers.CharField(
        help_text="The matching text, HTML-escaped, each match inside <mark>...</mark>."
    )


class SearchGroupSerializer(serializers.Serializer):
    kind = serializers.CharField(source="searchable.key", help_text="e.g. portfolio.initiative")
    title = serializers.CharField(help_text="e.g. Initiatives")
    hits = SearchHitSerializer(many=True)


class SearchAnswerSerializer(serializers.Serializer):
    q = serializers.CharField()
    results = SearchGroupSerializer(
        many=True,
        help_text=f"Per kind of record, in a fixed order, the best {RESULTS_PER_MODEL} matches "
        "you may open; kinds without a match are left out.",
    )


class SearchView(ContractMixin, GenericAPIView):
    serializer_class = SearchAnswerSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(
        operation_id="search",
        tags=["search"],
        parameters=[SearchQuerySerializer],
        responses={200: SearchAnswerSerializer},
    )
    def get(self, request):
        """Search across initiatives, bodies, charters, success statements, meetings,
        decisions, action items and closed-loop cases: only what you may open. An empty or
        over-long `q` is refused (400) naming `q`."""
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data["q"]
        found = search(user=request.user, q=q)
        return Response(self.get_serializer({"q": q, "results": found}).data)
