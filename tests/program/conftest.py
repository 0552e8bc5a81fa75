"""The program's pages read every app: reuse the portfolio's program of bodies and people.
Every test here fails when a home reads a context key its view never set (a panel that would
otherwise render as empty, silently, as "My bodies" once did)."""

import pytest

from tests.helpers import missing_context_keys
from tests.portfolio.conftest import make_initiative, program  # noqa: F401


@pytest.fixture(autouse=True)
def _no_missing_context_keys():
    with missing_context_keys() as missing:
        yield
    ours = sorted({(t, k) for t, k in missing if t.startswith("program/home/")})
    assert not ours, f"templates read context keys nobody set: {ours}"
