"""CSV cells a spreadsheet could run as a formula get a leading apostrophe; nothing else does.

The lists are written by hand from OWASP's "CSV injection" advice and from what spreadsheets
do on entry: they trim leading blanks (ASCII, no-break and ideographic spaces) and fold
full-width forms to ASCII, so " =1+1" and "＝1+1" run like "=1+1".
"""

from __future__ import annotations

import csv
import io

import pytest

from cxgov.exports import csv_cell, csv_lines

RUNS_AS_FORMULA = [
    "=1+1",
    "+1 555",
    "-2 cost",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "   +1",
    " -1",
    " @A1",
    "\u00a0=1+1",  # no-break space
    "\u3000=1+1",  # ideographic space
    "\u2003=1+1",  # em space
    "\n=1+1",
    "\u200b=1+1",  # zero-width space
    "\ufeff=1+1",  # byte-order mark
    "＝1+1",  # full-width equals
    "＋1",
    "－1",
    "＠A1",
    " ＝1+1",
    '\u3000＝HYPERLINK("http://x")',
    "﹦1+1",  # small equals
]
PLAIN = [
    "",
    "Plain title",
    "1+1",
    "a=b",
    " plain with a space in front",
    "\u3000ideographic space then text",
    "   ",
    "Ｐlain full-width letter",
    "(=1)",
    "'=already quoted",
]


@pytest.mark.parametrize("text", RUNS_AS_FORMULA)
def test_a_cell_that_a_spreadsheet_runs_as_a_formula_is_escaped(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", PLAIN)
def test_a_plain_cell_is_kept_as_it_is(text):
    assert csv_cell(text) == text


def test_every_cell_of_a_streamed_export_is_escaped_header_included():
    lines = "".join(csv_lines(["name", "=header"], [[" =1+1", 7], ["＝1+1", None]]))
    assert list(csv.reader(io.StringIO(lines))) == [
        ["name", "'=header"],
        ["' =1+1", "7"],
        ["'＝1+1", ""],
    ]
