"""One serializer per voc model the API shows."""

from rest_framework import serializers

from cxgov.api.serializers import ModelSerializer
from voc.models import (
    Alert,
    Channel,
    ImportJob,
    KpiRollup,
    KpiTarget,
    Metric,
    Response,
    Segment,
    Touchpoint,
)
from voc.permissions import can_read_comments


class MetricSerializer(ModelSerializer):
    class Meta:
        model = Metric
        fields = [
            "id", "code", "name", "kind", "scale_min", "scale_max", "whole_scores",
            "success_min", "success_max", "direction", "unit", "description",
            "reporting_time_zone", "is_active",
        ]  # fmt: skip


class TouchpointSerializer(ModelSerializer):
    class Meta:
        model = Touchpoint
        fields = [
            "id", "code", "name", "journey_stage", "owner", "business_unit", "description",
            "is_active",
        ]  # fmt: skip


class ChannelSerializer(ModelSerializer):
    class Meta:
        model = Channel
        fields = ["id", "code", "name", "description", "is_active"]


class SegmentSerializer(ModelSerializer):
    class Meta:
        model = Segment
        fields = ["id", "code", "name", "description", "is_active"]


class RollupSerializer(ModelSerializer):
    small_sample = serializers.BooleanField(read_only=True)

    class Meta:
        model = KpiRollup
        fields = [
            "id", "metric", "granularity", "period_start", "dimension_kind", "dimension_id",
            "n", "promoters", "passives", "detractors", "share_count", "score", "low", "high",
            "small_sample",
        ]  # fmt: skip


class TargetSerializer(ModelSerializer):
    class Meta:
        model = KpiTarget
        fields = [
            "id", "success_statement", "metric", "dimension_kind", "dimension_id",
            "granularity", "baseline_value", "baseline_period_start", "target_value",
            "target_date", "note",
        ]  # fmt: skip


class AlertSerializer(ModelSerializer):
    class Meta:
        model = Alert
        fields = [
            "id", "metric", "dimension_kind", "dimension_id", "granularity", "period_start",
            "kind", "target", "message", "raised_at", "for_steering_committee",
        ]  # fmt: skip


class ResponseSerializer(ModelSerializer):
    """A response; its comment only for the roles allowed to read comments."""

    class Meta:
        model = Response
        fields = [
            "id", "metric", "score", "responded_at", "touchpoint", "channel", "segment",
            "business_unit", "external_id", "comment",
        ]  # fmt: skip

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not can_read_comments(request.user, instance.touchpoint):
            data.pop("comment", None)
        return data


class ImportJobSerializer(ModelSerializer):
    progress = serializers.IntegerField(source="progress_percent", read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id", "status", "format", "original_name", "size_bytes", "created_at",
            "started_at", "finished_at", "progress", "total_rows", "inserted_rows",
            "skipped_rows", "error_count", "errors", "message",
        ]  # fmt: skip
        read_only_fields = fields


class ImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV, UTF-8 (with or without BOM).")
    mapping = serializers.JSONField(
        required=False, help_text='Field -> column header, e.g. {"score": "Rating"}.'
    )
    delimiter = serializers.ChoiceField(choices=[",", ";", "\t", "|"], required=False)
    metric = serializers.SlugRelatedField(
        slug_field="code", queryset=Metric.objects.all(), required=False,
        help_text="The metric of every row when the file has no metric column.",
    )  # fmt: skip
    all_or_nothing = serializers.BooleanField(default=True)
