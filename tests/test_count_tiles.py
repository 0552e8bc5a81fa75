"""A count tile links to what it counts: every tile of every home and dashboard (`<dl
class="stats">`), read from the templates themselves, so a new tile without a link fails."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Tiles that state facts about one thing rather than count a list one could open.
NOT_COUNTS = {
    "governance/templates/governance/person_detail.html",  # one person's load
    "governance/templates/governance/maturity_detail.html",  # one assessment's score and level
    "voc/templates/voc/_import_progress.html",  # one import's rows, not stored lists
    # The case list's own tiles sit above the list they count; filtering "unassigned" has no
    # filter yet (the Overdue tile links to its filter).
    "voc/templates/voc/cases/case_list.html",
}


def stats_templates() -> list[Path]:
    found = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        if 'class="stats' in path.read_text():
            found.append(path)
    return found


def tiles(source: str) -> list[tuple[str, str]]:
    lists = re.findall(r'<dl class="stats[^"]*"[^>]*>(.*?)</dl>', source, flags=re.S)
    return [
        (re.sub(r"<[^>]+>|\{[%{].*?[%}]\}", "", dt).strip(), dd)
        for block in lists
        for dt, dd in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", block, flags=re.S)
    ]


def test_the_scan_finds_the_homes_tiles():
    names = {str(p.relative_to(ROOT)) for p in stats_templates()}
    assert "cxgov/program/templates/program/home/_governance.html" in names
    assert names >= NOT_COUNTS, "an exempt template no longer has tiles: drop it from the list"


def test_every_count_tile_links_to_what_it_counts():
    unlinked = [
        f"{path.relative_to(ROOT)}: {label}"
        for path in stats_templates()
        if str(path.relative_to(ROOT)) not in NOT_COUNTS
        for label, value in tiles(path.read_text())
        if "<a href=" not in value
    ]
    assert unlinked == []
