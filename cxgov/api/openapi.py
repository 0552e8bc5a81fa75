"""The OpenAPI schema's AutoSchema: the errors every operation can answer, documented once.

The error answers come from the shared API base, not from any one view, so they are documented
here once for all: 400 (a query parameter no filter can hold, or refused input on a write),
401 (no or a bad token), 403 (no role, or a rule refused), 404 (no such object, or one outside
the reader's scope; a page past the last), 409 (a write that conflicts with stored data), 413
(a body over the size limit; for a versioned record also a stale `version`, with the record
as it is now), 415 (a body in no format the API reads). schemathesis holds
the live API to it (tests/test_api_fuzz.py).
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

from cxgov.concurrency import Versioned


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in a sentence a person can act on.")


# A refused input: each field or query parameter at fault (or "detail", "non_field_errors")
# with its messages; nested input gives nested messages.
VALIDATION_ERROR = {
    "type": "object",
    "description": "Field or parameter name → its messages (or `detail` → a message).",
    "additionalProperties": {
        "anyOf": [
            {"type": "string"},
            {"type": "integer"},  # e.g. an import's error_count beside its errors
            {"type": "array", "items": {}},
            {"type": "object"},
        ]
    },
}

ERROR_DESCRIPTIONS = {
    "400": "Refused input: a field or query parameter named with its message.",
    "401": "No credentials, or a token that is unknown or expired.",
    "403": "Your role, or a rule about this object, does not allow this.",
    "404": "No such object, or one you cannot see; or a page past the last.",
    "409": "The change conflicts with stored data (a duplicate or a broken link).",
    "409-versioned": "The record changed since you read it (your `version` is stale): "
    "nothing was saved; `current` is the record now and `version` the one to send back. "
    "Or the change conflicts with stored data (a duplicate or a broken link).",
    "413": "The request body is over the size limit.",
    "415": "The body is not in a media type this operation takes (JSON; the CSV import: "
    "multipart or text/csv), or a part of it cannot be read.",
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema plus the errors the shared API base answers."""

    def _error_codes(self) -> list[str]:
        codes = ["400"]  # any operation: a null character in a query parameter
        if self.get_auth():
            codes += ["401", "403"]
        if "{" in self.path or self._is_list_view():
            codes.append("404")  # an object out of scope; a page past the last
        if self.method in WRITE_METHODS:
            codes += ["409", "413"]
        if self.method in WRITE_METHODS - {"DELETE"}:
            codes.append("415")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code in responses:
                continue
            body = VALIDATION_ERROR if code == "400" else ErrorSerializer
            description = ERROR_DESCRIPTIONS[code]
            conflict = self._conflict_body() if code == "409" else None
            if conflict is not None:
                body, description = conflict, ERROR_DESCRIPTIONS["409-versioned"]
            responses[code] = self._get_response_for_code(
                OpenApiResponse(body, description=description), code
            )
        return responses

    def _conflict_body(self):
        """A write to a Versioned record: its 409 carries the version and the record now."""
        serializer_class = getattr(self.view, "serializer_class", None)
        model = getattr(getattr(serializer_class, "Meta", None), "model", None)
        if model is None or not issubclass(model, Versioned) or self.method == "DELETE":
            return None
        return conflict_serializer(serializer_class)


def conflict_answer(serializer_class: type[serializers.Serializer]) -> OpenApiResponse:
    """The 409 of an action that changes a versioned record the view's serializer is not
    about (`extend_schema(responses={409: conflict_answer(...)})`)."""
    return OpenApiResponse(
        conflict_serializer(serializer_class), description=ERROR_DESCRIPTIONS["409-versioned"]
    )


# One component per model: drf-spectacular refuses two classes under one name.
_conflict_serializers: dict[type, serializers.Serializer] = {}


def conflict_serializer(serializer_class: type[serializers.Serializer]) -> serializers.Serializer:
    """The body of a versioned record's 409: what changed, the version now, the record now."""
    if serializer_class not in _conflict_serializers:
        model = serializer_class.Meta.model
        _conflict_serializers[serializer_class] = inline_serializer(
            name=f"{model.__name__}Conflict",
            fields={
                "detail": serializers.CharField(help_text="What changed, by whom and when."),
                "version": serializers.IntegerField(
                    required=False, help_text="The version stored now: send it to change it."
                ),
                "current": serializer_class(required=False, help_text="The record as it is now."),
            },
        )
    return _conflict_serializers[serializer_class]


class TokenScheme(OpenApiAuthenticationExtension):
    """The API token: `Authorization: Bearer <token>` (what generated clients send by default)
    or `Token <token>`, both said in the scheme (drf-spectacular's own says `Token` is
    required, which is no longer so)."""

    target_class = "cxgov.api.authentication.ExpiringTokenAuthentication"
    name = "tokenAuth"
    priority = 1  # over drf-spectacular's own for TokenAuthentication

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "The token from POST /api/v1/auth/token/, as `Bearer <token>` "
            "(what generated clients send) or `Token <token>`.",
        }


def close_request_bodies(result, generator, request, public):
    """drf-spectacular postprocessing hook: a request body takes only the fields it lists
    (`additionalProperties: false`), as cxgov.api.contract enforces, so a generated client or
    schemathesis does not send fields that would be refused. A PATCH body's fields have no
    default: a generated client fills in a field's default, so a PATCH of one field would
    send the others' defaults too and change them (a target's scope, a note)."""
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema.setdefault("additionalProperties", False)
            if name.startswith("Patched"):
                for field in schema.get("properties", {}).values():
                    field.pop("default", None)
    return result
