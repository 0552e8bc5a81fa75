"""The one way cxgov's API viewsets are built: scoped reads, writes through services.

A viewset names its `queryset` (already shaped with select_related/prefetch_related) and, for
writes, the service functions that do them. The model's `objects.for_user(user)` scoping is
applied to every read, and a write never calls `serializer.save()` straight onto the model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework import mixins, viewsets

from cxgov.permissions import user_roles


class ServiceViewSetMixin:
    """Reads scoped per user; create/update/destroy delegated to service functions.

    - `create_service(*, by, **validated_data)` returns the new object.
    - `update_service(*, <update_kwarg>=instance, by, **validated_data)` returns the object.
    - `destroy_service(*, <update_kwarg>=instance, by)`.
    """

    create_service: Callable[..., Any] | None = None
    update_service: Callable[..., Any] | None = None
    destroy_service: Callable[..., Any] | None = None
    update_kwarg: str = "instance"

    def get_queryset(self):
        queryset = super().get_queryset()
        manager_scope = getattr(queryset, "for_user", None)
        if manager_scope is not None:
            return manager_scope(self.request.user)
        return queryset if user_roles(self.request.user) else queryset.none()

    def perform_create(self, serializer) -> None:
        serializer.instance = type(self).create_service(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer) -> None:
        serializer.instance = type(self).update_service(
            **{self.update_kwarg: serializer.instance},
            by=self.request.user,
            **serializer.validated_data,
        )

    def perform_destroy(self, instance) -> None:
        type(self).destroy_service(**{self.update_kwarg: instance}, by=self.request.user)


class ServiceModelViewSet(ServiceViewSetMixin, viewsets.ModelViewSet):
    """List, retrieve, create, update and destroy, each write through a service."""


class ServiceNoDeleteViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Records that are ended or disbanded, never deleted, so their history stays."""


class ServiceCreateReadViewSet(
    ServiceViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Records that are written once and then only read (assessments, imports)."""
