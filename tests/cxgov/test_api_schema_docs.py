"""The OpenAPI schema is valid without a warning and documents every operation's errors."""

from __future__ import annotations

import yaml
from django.core.exceptions import FieldDoesNotExist
from rest_framework import serializers as drf

from tests.cxgov.api_routes import api_viewsets
from tests.cxgov.test_settings import ROOT, run_python

WRITES = {"post", "put", "patch", "delete"}


def test_spectacular_validates_the_schema_without_a_warning(tmp_path):
    out = tmp_path / "schema.yaml"
    result = run_python(
        "",
        {"DEBUG": "true", "CXGOV_VAR_DIR": str(tmp_path)},
        str(ROOT / "manage.py"),
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(out),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    schema = yaml.safe_load(out.read_text())
    operations = [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) > 30
    for path, method, operation in operations:
        codes = set(operation["responses"])
        where = f"{method.upper()} {path}"
        assert "400" in codes, where
        if operation.get("security") != [{}] and path != "/api/v1/auth/token/":
            assert {"401", "403"} <= codes, where
        if "{" in path:
            assert "404" in codes, where
        if method in WRITES:
            assert {"409", "413"} <= codes, where


def test_a_nested_object_on_a_nullable_link_is_documented_as_nullable():
    """A link that can be null (a person deleted: SET_NULL) shown as a nested object must be
    documented nullable, or a generated client fails to parse the answer (a maturity
    assessment whose assessor was deleted broke a page of assessments)."""
    undocumented = []
    viewsets = api_viewsets()
    assert len(viewsets) > 30
    for _prefix, viewset in viewsets:
        serializer_class = viewset.serializer_class
        model = getattr(getattr(serializer_class, "Meta", None), "model", None)
        if model is None:
            continue
        for name, field in serializer_class().fields.items():
            if not isinstance(field, drf.Serializer) or field.allow_null:
                continue
            try:
                link = model._meta.get_field(field.source)
            except FieldDoesNotExist:
                continue
            if link.concrete and link.null:
                undocumented.append(f"{serializer_class.__name__}.{name}")
    assert not undocumented
