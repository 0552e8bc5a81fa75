"""The KPI pack on paper, read back from the PDF Chromium prints (A4 and Letter) by a reader we
did not write (poppler's pdftotext, each word with its box): the first page is the pack, not
a blank cover; sections flow, so no page but the last is left mostly empty; the explanation of
status and chance is printed open; no word runs past the right margin."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Meeting, MeetingStatus
from tests.program.test_browser_homes_and_pack import sign_in

MARGIN_PT = 15 / 25.4 * 72  # the print stylesheet's @page margin, 15 mm
# A page that ends this far up its height, with more to come, left most of it blank.
FILLED = 0.6


@dataclass
class PrintedPage:
    width: float
    height: float
    words: list[tuple[str, float, float, float, float]]  # text, xMin, yMin, xMax, yMax

    @property
    def text(self) -> str:
        return " ".join(word for word, *_ in self.words)

    @property
    def bottom(self) -> float:
        return max((y_max for *_, y_max in self.words), default=0.0)


def printed_pages(pdf: bytes, tmp_path) -> list[PrintedPage]:
    path = tmp_path / "pack.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for size, body in re.findall(
        r'<page (width="[\d.]+" height="[\d.]+")>(.*?)</page>', html, re.S
    ):
        width, height = (float(v) for v in re.findall(r"[\d.]+", size))
        words = [
            (unescape(text), float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                body,
            )
        ]
        pages.append(PrintedPage(width, height, words))
    return pages


@pytest.fixture
def demo(transactional_db, demo_data):
    """The demo, committed where the live server's connection reads it."""


@pytest.mark.browser
@pytest.mark.poppler
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_printed_pack_flows_from_its_first_page_and_nothing_is_clipped(
    paper, demo, live_server, browser_page, tmp_path
):
    meeting = (
        Meeting.objects.filter(
            body__tier="steering_committee",
            status=MeetingStatus.SCHEDULED,
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )
    page = browser_page
    sign_in(page, live_server, "steering")
    page.goto(live_server.url + reverse("program:meeting-pack-print", args=[meeting.pk]))
    page.emulate_media(media="print")
    pages = printed_pages(page.pdf(format=paper), tmp_path)

    assert len(pages) >= 3, "the demo's pack is several pages long"
    # No blank cover: the first page opens the pack and its KPI table.
    assert "KPI pack" in pages[0].text and "Every KPI at a glance" in pages[0].text
    # Sections flow: a page ends early only where the next item would not fit, never with
    # most of the page left blank before a long section.
    for number, printed in enumerate(pages[:-1], start=1):
        assert printed.bottom >= FILLED * printed.height, (
            f"{paper} page {number} ends {printed.bottom / printed.height:.0%} down: "
            f"{printed.text[-120:]!r}"
        )
    whole = " ".join(p.text for p in pages)
    # The explanation is printed open, and every section's heading is on paper.
    assert "How the status and the projection are decided" in whole
    assert "The two can disagree" in whole
    for heading in ("Initiatives turned red or amber", "Escalated risks", "Overdue action items"):
        assert heading in whole
    # Nothing clipped: no word past the right margin (a point of rounding allowed).
    for number, printed in enumerate(pages, start=1):
        right = printed.width - MARGIN_PT + 1
        over = [word for word, _x0, _y0, x1, _y1 in printed.words if x1 > right]
        assert not over, f"{paper} page {number}: past the right margin: {over[:5]}"
    assert page.console_errors == []
