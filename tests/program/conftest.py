"""The program's pages read every app: reuse the portfolio's program of bodies and people."""

from tests.portfolio.conftest import make_initiative, program  # noqa: F401
