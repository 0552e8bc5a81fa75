"""Dates read the same everywhere: "1 Dec 2026", as the templates write them ("j M Y"), never
"01 Dec 2026". Messages, e-mails, digests, charts and the KPI pack format dates in Python, so
their formats are read here: a zero-padded day (%d before a month name) is refused."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PADDED_DAY = re.compile(r"%d %[bB]")


def test_no_python_date_format_pads_the_day_before_a_month_name():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for app in ("cxgov", "governance", "portfolio", "voc")
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if PADDED_DAY.search(line)
    ]
    assert not found, "write %-d (1 Dec 2026), as the templates do:\n" + "\n".join(found)
