"""Every API create goes through its service with the serializer's validated data as keyword
arguments: a field the serializer lets a client leave out must be one the service does not
require, or a valid request answers 500 (POST /api/v1/cadences/ without a time zone did).
Checked for every viewset on the router, so a new resource inherits the check."""

from __future__ import annotations

import inspect

from tests.cxgov.api_routes import api_viewsets


def required_service_arguments(service) -> set[str]:
    return {
        name
        for name, parameter in inspect.signature(service).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
        and parameter.default is inspect.Parameter.empty
        and name != "by"
    }


def fields_a_client_may_leave_out(viewset) -> set[str]:
    view = viewset()
    view.action, view.format_kwarg, view.request, view.kwargs = "create", None, None, {}
    serializer = view.get_serializer_class()()
    return {
        field.source
        for field in serializer.fields.values()
        if not field.read_only and not field.required
    }


def test_no_create_service_requires_what_its_serializer_makes_optional():
    checked, problems = 0, []
    for prefix, viewset in api_viewsets():
        service = getattr(viewset, "create_service", None)
        if service is None or not hasattr(viewset, "create"):
            continue
        checked += 1
        clash = required_service_arguments(service) & fields_a_client_may_leave_out(viewset)
        if clash:
            problems.append(f"{prefix}: {service.__name__} requires {sorted(clash)}")
    assert checked >= 10
    assert not problems, "\n".join(problems)
