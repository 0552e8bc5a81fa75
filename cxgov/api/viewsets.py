"""How cxgov's API viewsets are built: scoped reads, declared rules, writes through services.

A viewset names its `queryset` (already shaped with select_related/prefetch_related), the
`rules` of its writes (see cxgov.permissions.RolePermission) and the service functions that do
them. Every read goes through the model's `for_user(user)` scope, so an object outside it is a
404; a write never calls `serializer.save()` straight onto the model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError

from cxgov.api.contract import ContractMixin
from cxgov.concurrency import Versioned
from cxgov.permissions import Rule


class ServiceViewSetMixin(ContractMixin):
    """Reads scoped per user; create/update/destroy delegated to service functions; input the
    schema does not document refused (cxgov.api.contract).

    - `create_service(*, by, **validated_data)` returns the new object (its keyword
      arguments are the serializer's writable fields).
    - `update_service(*, <update_kwarg>=instance, by, data=validated_data)` returns the
      object; the service checks `data` against its allow-list. For a `Versioned` model the
      change must carry the `version` the client read (a 400 naming it if missing), handed
      to the service as `version_read=`; a stale one is the service's EditConflict, a 409.
    - `destroy_service(*, <update_kwarg>=instance, by)`.
    - `rules`: {action: Rule} for every write the viewset allows; see RolePermission.
    """

    # Reads answered from the cache for the same person and session until the data changes
    # (cxgov.caching.PageCacheMiddleware; signed-in sessions only, never a token).
    cached_actions = ("list", "retrieve")

    rules: dict[str, Rule] = {}
    create_service: Callable[..., Any] | None = None
    update_service: Callable[..., Any] | None = None
    destroy_service: Callable[..., Any] | None = None
    update_kwarg: str = "instance"

    def get_queryset(self):
        queryset = super().get_queryset()
        if not hasattr(queryset, "for_user"):
            raise ImproperlyConfigured(
                f"{type(self).__name__}'s model has no for_user scope: give its manager a "
                "queryset that extends cxgov.querysets.ScopedQuerySet."
            )
        return queryset.for_user(self.request.user)

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        refuse_version_on_create(data)
        serializer.instance = type(self).create_service(by=self.request.user, **data)

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        versioned = {}
        if isinstance(serializer.instance, Versioned):
            versioned["version_read"] = version_read(data)
        serializer.instance = type(self).update_service(
            **{self.update_kwarg: serializer.instance},
            by=self.request.user,
            data=data,
            **versioned,
        )

    def perform_destroy(self, instance) -> None:
        type(self).destroy_service(**{self.update_kwarg: instance}, by=self.request.user)


def version_read(data: dict[str, Any]) -> int:
    """Take the `version` out of a change's validated data; a change without one is refused."""
    if data.get("version") is None:
        raise ValidationError(
            {"version": ["Send the version of the record you read, to change it."]}
        )
    return data.pop("version")


def refuse_version_on_create(data: dict[str, Any]) -> None:
    if "version" in data:
        raise ValidationError(
            {"version": ["A new record starts at version 1: send a version only to change one."]}
        )


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
