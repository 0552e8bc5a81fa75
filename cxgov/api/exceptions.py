"""Turn every refused API call into JSON a person can act on, in DRF's shape.

DRF already answers its own errors as {"detail": ...} or {field: [messages]}. This adds the
errors our models and services raise: Django's ValidationError (from clean() and services)
becomes a 400 with per-field messages, and a domain error (a subclass of DomainError) a 400
with its message, so the API never answers a refused action with a bare 500. An edit made from
a stale read (cxgov.concurrency.EditConflict) is a 409 with the record as it now is.

Requests Django itself refuses (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields) get
the same JSON: 413 for the size, 400 for the rest. A list-shaped ValidationError (DRF's search
filter raises one) is put under "non_field_errors", so every 400 is an object.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from cxgov.concurrency import EditConflict
from cxgov.errors import DomainError


def validation_error_detail(error: DjangoValidationError) -> dict | list:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": list(error.messages)}


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(
            f"The request body is larger than the limit of {limit:,} bytes; send less at once."
        )


def _model_of(serializer_class) -> type | None:
    return getattr(getattr(serializer_class, "Meta", None), "model", None)


def conflict_response(exc: EditConflict, view) -> Response:
    """A 409 with the record as it is now, in the view's own shape, and the version to send
    back to change it knowingly. The shape is the view's serializer's, or one of its
    `conflict_serializers` for a record the view changes through an action (a charter's
    versions)."""
    current = exc.current
    model = type(current)
    body = {"detail": exc.message, "version": exc.version}
    if hasattr(view, "get_serializer_class"):
        if _model_of(view.get_serializer_class()) is model:
            # The view's own shape, with its annotations and joins.
            current = view.get_queryset().filter(pk=current.pk).first() or current
            body["current"] = view.get_serializer(current).data
        else:
            for serializer_class in getattr(view, "conflict_serializers", ()):
                if _model_of(serializer_class) is model:
                    context = view.get_serializer_context()
                    body["current"] = serializer_class(current, context=context).data
    return Response(body, status=status.HTTP_409_CONFLICT)


def exception_handler(exc, context):
    if isinstance(exc, EditConflict):  # the service's transaction wrote nothing
        return conflict_response(exc, context.get("view"))
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ValidationError({"detail": str(exc) or "This request was refused."})
    elif isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, list):
        exc = exceptions.ValidationError({"non_field_errors": exc.detail})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_detail(exc))
    elif isinstance(exc, DomainError):
        exc = exceptions.ValidationError({"detail": exc.message, **exc.field_errors()})
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, IntegrityError):
        set_rollback()
        return Response(
            {"detail": "This change conflicts with existing data (a duplicate or a broken link)."},
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)
