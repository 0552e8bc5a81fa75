"""CSV exports every app shares: cells a spreadsheet cannot run as formulas, streamed rows."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _runs_as_formula(text: str) -> bool:
    """True if a spreadsheet may read `text` as a formula: it starts with a formula character,
    or does so once the blanks and invisible characters in front are dropped (" =1+1",
    "\u3000=1+1") and full-width forms read as their ASCII twins ("＝1+1", "＋1"), as
    spreadsheets that trim or fold input do."""
    if text.startswith(FORMULA_STARTS):
        return True
    for char in text:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            continue  # a blank (space, no-break, ideographic) or an invisible format mark
        return unicodedata.normalize("NFKC", char).startswith(FORMULA_STARTS)
    return False


def csv_cell(value: Any) -> str:
    """The cell's text, with a leading apostrophe where a spreadsheet would see a formula."""
    text = "" if value is None else str(value)
    return "'" + text if _runs_as_formula(text) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The header and each row as CSV lines, every cell escaped, for a StreamingHttpResponse:
    a large export never sits in memory."""
    writer = csv.writer(_Echo())
    yield writer.writerow([csv_cell(name) for name in header])
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])
