"""The program's API: /api/v1/stories/, the success stories of the CX storyline; GET
/api/v1/meetings/{id}/pack/, a meeting's KPI pack as JSON under the
meetings resource (whoever may see the meeting may read its pack; a meeting of a body they may
not see is a 404); and GET /api/v1/search/?q=, search across every app's registered records."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView, get_object_or_404
from rest_framework.response import Response

from cxgov.api.contract import ContractMixin
from cxgov.api.openapi import ErrorSerializer
from cxgov.api.serializers import CharField, ModelSerializer, PrimaryKeyRelatedField
from cxgov.api.viewsets import ServiceNoDeleteViewSet
from cxgov.search import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH, RESULTS_PER_MODEL, search
from cxgov.validators import SHORT_TEXT, plain_text
from governance.models import Meeting
from portfolio.models import TargetLink
from voc.models import Response as SurveyResponse

from .models import SuccessStory
from .pack.document import FROZEN, LATE, LIVE, pack_data
from .pack.schema import PackDocumentSerializer
from .pack.sections import SECTIONS
from .permissions import can_change_story, can_tell_story
from .services import story_create, story_update
from .storyline import story_readings


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


# -- /api/v1/stories/: the success stories of the CX storyline -------------------------------------


class StoryChangeSerializer(serializers.Serializer):
    """The KPI's before and after, from the line of sight (null when the link is gone or its
    expected-by date has not passed)."""

    start_period = serializers.DateField()
    end_period = serializers.DateField()
    before = serializers.FloatField(allow_null=True, source="start_value")
    after = serializers.FloatField(allow_null=True, source="end_value")
    realized = serializers.FloatField(allow_null=True)
    low = serializers.FloatField(allow_null=True, help_text="95% interval of the change.")
    high = serializers.FloatField(allow_null=True)
    expected = serializers.FloatField(help_text="The change the initiative expected (signed).")
    small_sample = serializers.BooleanField()
    verdict = serializers.CharField()


class StorySerializer(ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(read_only=True)
    link = PrimaryKeyRelatedField(
        queryset=TargetLink.objects.all(),
        help_text="The initiative's link to the KPI target it moved (/api/v1/target-links/).",
    )
    narrative = CharField(validators=plain_text("The story", SHORT_TEXT))
    response = PrimaryKeyRelatedField(
        queryset=SurveyResponse.objects.all(),
        required=False,
        allow_null=True,
        help_text="The response whose comment is quoted: one you may read (voc.read_comments).",
    )
    quote = CharField(
        required=False,
        allow_blank=True,
        validators=plain_text("The quote", SHORT_TEXT),
        help_text="The customer's words (empty: the whole comment). Answered null to a reader "
        "who may not read the comment; the customer key is never answered.",
    )
    quote_visible = serializers.SerializerMethodField()
    change = serializers.SerializerMethodField()

    class Meta:
        model = SuccessStory
        fields = ["id", "title", "initiative", "link", "narrative", "response", "quote",
                  "quote_visible", "change", "told_by", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["told_by", "created_at", "updated_at"]

    def _reading(self, story: SuccessStory):
        """The story as the requester sees it: read with the page's stories by the viewset,
        or alone (a story just told or changed)."""
        readings = self.context.setdefault("readings", {})
        if story.pk not in readings:
            user = self.context["request"].user
            readings.update({r.story.pk: r for r in story_readings([story], user=user)})
        return readings[story.pk]

    def get_quote_visible(self, story: SuccessStory) -> bool:
        return self._reading(story).quote_visible

    @extend_schema_field(StoryChangeSerializer(allow_null=True))
    def get_change(self, story: SuccessStory) -> dict | None:
        c = self._reading(story).comparison
        return None if c is None else StoryChangeSerializer(c).data

    def to_representation(self, story: SuccessStory) -> dict:
        data = super().to_representation(story)
        if not self._reading(story).quote_visible:
            data["quote"] = None
        return data


class StoryViewSet(ServiceNoDeleteViewSet):
    """Success stories: an initiative, the KPI it moved with its realized change (from the line
    of sight) and a customer's quote. Whoever may see the initiative reads its story; the quote
    only for those who may read the comment. Told and changed by those who may change the
    initiative (program.tell_story / program.change_story); quoting a comment you may not read
    is refused (400, naming `response`)."""

    queryset = SuccessStory.objects.select_related(
        "initiative", "link__target__metric", "link__initiative", "response__touchpoint"
    ).order_by("-created_at", "-pk")
    serializer_class = StorySerializer
    rules = {
        "create": can_tell_story,
        "update": can_change_story,
        "partial_update": can_change_story,
    }
    create_service = staticmethod(story_create)
    update_service = staticmethod(story_update)
    update_kwarg = "story"

    def get_serializer(self, *args, **kwargs):
        # A page of stories is read together: the line of sight's changes in two queries.
        page = args[0] if args else None
        if isinstance(page, list) and "context" not in kwargs:
            readings = {r.story.pk: r for r in story_readings(page, user=self.request.user)}
            kwargs["context"] = {**self.get_serializer_context(), "readings": readings}
        return super().get_serializer(*args, **kwargs)
