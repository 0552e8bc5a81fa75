"""`make run`'s start script: the web server and the worker learn the address links use."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[2] / "bin" / "run"

# Stand-ins for the venv's python and celery: each writes the address it was given. The web
# server (python) then stands until the worker has written, as a real one keeps serving: when it
# ends, bin/run stops the worker, which could otherwise be killed before it writes.
FAKE = """#!/bin/sh
echo "$(basename "$0") $CXGOV_BASE_URL" >> "$RECORD"
if [ "$(basename "$0")" = python ]; then
  i=0
  while ! grep -q '^celery ' "$RECORD" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
fi
"""


@pytest.fixture
def fake_venv(tmp_path):
    for name in ("python", "celery"):
        tool = tmp_path / name
        tool.write_text(FAKE)
        tool.chmod(0o755)
    return tmp_path


def _run(fake_venv, tmp_path, **env) -> list[str]:
    record = tmp_path / "record.txt"
    base = {k: v for k, v in os.environ.items() if k != "CXGOV_BASE_URL"}
    subprocess.run(
        ["bash", str(RUN)],
        env={**base, "PY": str(fake_venv / "python"), "RECORD": str(record), **env},
        check=True,
        capture_output=True,
        timeout=30,
    )
    return sorted(record.read_text().splitlines())


def test_links_point_at_the_served_port_when_no_base_url_is_given(fake_venv, tmp_path):
    assert _run(fake_venv, tmp_path, HOST="127.0.0.1", PORT="8123") == [
        "celery http://127.0.0.1:8123",
        "python http://127.0.0.1:8123",
    ]


def test_a_given_base_url_is_kept(fake_venv, tmp_path):
    lines = _run(fake_venv, tmp_path, PORT="8123", CXGOV_BASE_URL="https://cx.example.com")
    assert lines == ["celery https://cx.example.com", "python https://cx.example.com"]
