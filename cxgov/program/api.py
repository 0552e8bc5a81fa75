"""GET /api/v1/meetings/{id}/pack/: a meeting's KPI pack as JSON, under the meetings resource.
Whoever may see the meeting may read its pack; a meeting of a body they may not see is a 404."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView, get_object_or_404
from rest_framework.response import Response

from cxgov.api.contract import ContractMixin
from cxgov.api.openapi import ErrorSerializer
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
