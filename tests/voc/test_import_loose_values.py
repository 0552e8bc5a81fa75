"""The importer holds the program's rules for loose values (cxgov.validators) on the values a
file sets, on SQLite's path and on PostgreSQL's COPY path alike: a response dated outside the
program's range, a control character in an external id, a customer key or a comment (a comment
keeps tab and line breaks), a comment over LONG_TEXT. Each names its row and column; a refused
file writes nothing."""

from __future__ import annotations

import pytest

from cxgov.validators import latest_date

from .test_importing import csv_file, dimensions, good_row, rejected  # noqa: F401

pytestmark = pytest.mark.django_db

RANGE = f"choose a date from 1990-01-01 to {latest_date().isoformat()}"


def out_of_range(when: str) -> str:
    return f"'{when}' is outside the dates this program takes: {RANGE}"


LOOSE = [
    (good_row(1, when="1900-01-01T10:00:00Z"), "responded_at", out_of_range("1900-01-01T10:00:00Z")),
    (good_row(1, when="2999-12-31T10:00:00Z"), "responded_at", out_of_range("2999-12-31T10:00:00Z")),
    (good_row(1, when="1989-12-31T23:59:59+00:00"), "responded_at",
     out_of_range("1989-12-31T23:59:59+00:00")),
    (good_row(1).replace("ext-1", "ext\x01-1"), "external_id",
     "contains the control character U+0001; it takes a single line of plain text"),
    (good_row(1).replace("ext-1", "ext\x1b-1"), "external_id",
     "contains the control character U+001B; it takes a single line of plain text"),
    (good_row(1).replace("cust-1", "cust\x7f-1"), "customer_key",
     "contains the control character U+007F; it takes a single line of plain text"),
    (good_row(1, extra="bell\x07ringing"), "comment",
     "contains the control character U+0007; it takes text"),
    (good_row(1, extra="x" * 10_001), "comment", "longer than 10,000 characters"),
]  # fmt: skip


@pytest.mark.parametrize("row, column, message", LOOSE)
def test_a_loose_value_in_a_file_is_refused_naming_row_and_column(dimensions, row, column, message):  # noqa: F811
    error = rejected(csv_file(good_row(0), row))
    assert error.errors == [{"row": 3, "column": column, "message": message}]


def test_a_comment_keeps_tabs_and_line_breaks_and_the_range_ends_are_taken(dimensions):  # noqa: F811
    from voc.models import Response
    from voc.services import import_responses

    last = latest_date().isoformat()
    result = import_responses(
        source=csv_file(
            good_row(1, when="1990-01-01T00:00:00Z", extra='"tab\there\r\nand a line"'),
            good_row(2, when=f"{last}T10:00:00Z"),
        )
    )
    assert result.inserted == 2
    assert Response.objects.get(external_id="ext-1").comment == "tab\there\r\nand a line"


def test_a_nul_in_an_external_id_is_refused_and_nothing_is_written(dimensions):  # noqa: F811
    error = rejected(csv_file(good_row(0), good_row(1).replace("ext-1", "ext\x00-1")))
    assert error.errors, error.message
    assert "U+0000" in str(error.errors) or "NUL" in error.message or "0x00" in error.message


@pytest.mark.postgres
@pytest.mark.parametrize("row, column, message", LOOSE)
def test_on_postgresql_the_copy_path_refuses_the_same_values(dimensions, row, column, message):  # noqa: F811
    from django.db import connection

    assert connection.vendor == "postgresql"
    error = rejected(csv_file(good_row(0), row))
    assert error.errors == [{"row": 3, "column": column, "message": message}]
