"""Every API request held to its operation in the OpenAPI schema: a query parameter or a body
field the operation does not document is a 400 naming it, never silently ignored.

DRF ignores what a view does not read: `?responded_after=` (the filter is `responded_from`)
answered the whole list, and a PATCH of a read-only or workflow field (a case's `status`, which
moves only through transition/) answered 200 and changed nothing. The query parameters and the
body fields each operation takes are read, once per process and operation, from drf-spectacular,
the generator that serves /api/schema/: what is refused is exactly what the schema does not
offer. Every API view asks through `ContractMixin` (tests/cxgov/test_api_contract.py walks the
URL conf).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import ComponentRegistry
from drf_spectacular.settings import spectacular_settings
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings
from rest_framework.utils.mediatypes import media_type_matches

BODY_METHODS = {"POST", "PUT", "PATCH"}
# Taken by DRF on every request, never documented per operation: `?format=json`.
ALWAYS_TAKEN = frozenset({api_settings.URL_FORMAT_OVERRIDE})


@dataclass(frozen=True)
class Operation:
    """What one documented operation takes: its query parameters, and its body's top-level
    fields (None for a body the schema leaves open, like a bulk import's list)."""

    query: frozenset[str]
    body: frozenset[str] | None


_endpoints: tuple[SchemaGenerator, dict[tuple[Callable, str], tuple[str, str]]] | None = None
_operations: dict[tuple[Callable, str], Operation | None] = {}


def _endpoints_by_callback() -> tuple[SchemaGenerator, dict[tuple[Callable, str], tuple]]:
    global _endpoints
    if _endpoints is None:
        generator = SchemaGenerator()
        generator._initialise_endpoints()  # walks the URL conf as the schema view does
        found = {
            (callback, method): (path, path_regex)
            for path, path_regex, method, callback in generator.endpoints
        }
        _endpoints = (generator, found)
    return _endpoints


def _object_fields(schema: dict, registry: ComponentRegistry) -> frozenset[str] | None:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = registry.build({}).get("schemas", {}).get(name, {})
    if schema.get("type") != "object" or schema.get("additionalProperties"):
        return None
    return frozenset(schema.get("properties", {}))


def _read_operation(callback: Callable, method: str) -> Operation | None:
    generator, endpoints = _endpoints_by_callback()
    if (callback, method) not in endpoints:
        return None  # not in the schema (the API root)
    path, path_regex = endpoints[(callback, method)]
    view = generator.create_view(callback, method)
    view.request = spectacular_settings.GET_MOCK_REQUEST(method, path, view, None)
    registry = ComponentRegistry()
    prefix = "^" + (spectacular_settings.SCHEMA_PATH_PREFIX or "").lstrip("^")
    operation = view.schema.get_operation(path, path_regex, prefix, method, registry)
    if not operation:
        return None
    query = frozenset(p["name"] for p in operation.get("parameters", ()) if p["in"] == "query")
    request_body = operation.get("requestBody")
    if request_body is None:
        body: frozenset[str] | None = frozenset()
    else:
        # Every documented media type of an operation carries the same schema.
        schema = next(iter(request_body["content"].values()), {}).get("schema", {})
        body = _object_fields(schema, registry)
    return Operation(query=query, body=body)


def documented_operation(callback: Callable, method: str) -> Operation | None:
    """The operation the schema documents for this URL's view and method (HEAD reads GET's)."""
    method = "GET" if method == "HEAD" else method
    key = (callback, method)
    if key not in _operations:
        _operations[key] = _read_operation(callback, method)
    return _operations[key]


def _taken(names: frozenset[str]) -> str:
    return f"it takes {', '.join(sorted(names))}" if names else "it takes none"


def _parsed(request: Any) -> bool:
    """Whether the view's parsers read this body into fields. A body in another media type
    is the view's to read raw (the response import's text/csv) or DRF's to refuse (415)."""
    media = (request.content_type or "").split(";")[0].strip().lower()
    return any(media_type_matches(parser.media_type, media) for parser in request.parsers)


def refuse_undocumented_input(request: Any) -> None:
    """Raise a 400 naming each query parameter and body field the operation does not take."""
    match = getattr(request, "resolver_match", None) or getattr(
        request._request, "resolver_match", None
    )
    if match is None:
        return
    operation = documented_operation(match.func, request.method)
    if operation is None:
        return
    errors: dict[str, list[str]] = {}
    for name in request.query_params:
        if name not in operation.query and name not in ALWAYS_TAKEN:
            errors[name] = [
                f"This operation has no query parameter {name!r}; {_taken(operation.query)}."
            ]
    if request.method in BODY_METHODS and operation.body is not None and _parsed(request):
        fields = request.data.keys() if hasattr(request.data, "keys") else ()
        for name in fields:
            if name not in operation.body:
                errors[name] = [
                    "This operation does not take this field (it is read-only, changes "
                    f"through its own action, or does not exist); {_taken(operation.body)}."
                ]
    if errors:
        raise ValidationError(errors)


class ContractMixin:
    """For every API view: after authentication and permissions, refuse what the schema does
    not document for the operation."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_undocumented_input(request)
