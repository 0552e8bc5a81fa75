"""The OpenAPI schema is valid without a warning and documents every operation's errors."""

from __future__ import annotations

import yaml

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
