"""The notifications API: each person's own in-app list (any other is a 404), marked read one
at a time (POST .../read/) or all at once (POST read-all/)."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cxgov.api.contract import ContractMixin
from cxgov.api.filters import FilterSet
from cxgov.models import Notification
from cxgov.notifications import (
    can_mark_read,
    notification_mark_read,
    notifications_mark_all_read,
)


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "occasion",
            "subject",
            "body",
            "link",
            "created_at",
            "emailed_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields


class NotificationFilter(FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = ["kind"]


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class NotificationViewSet(
    ContractMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Your notifications, newest first."""

    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    search_fields = ["subject", "body"]
    ordering_fields = ["created_at"]
    rules = {"read": can_mark_read, "read_all": can_mark_read}

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark this notification read."""
        notification = notification_mark_read(notification=self.get_object(), by=request.user)
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[])
    def read_all(self, request):
        """Mark all your notifications read; answers how many were unread."""
        return Response({"marked": notifications_mark_all_read(by=request.user)})
