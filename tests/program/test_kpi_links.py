"""Wherever a page names a KPI target, its name links to the metric's page (at the target's
scope) and to the target's line of sight: the homes, the line of sight, the meeting's KPI pack,
the VoC dashboard, the target's own page, the success statement and the initiative that moves
it. The program's pages name both through one include; the apps' pages get the line of sight
from the program through the "voc.target" block."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import Meeting
from tests.program.test_line_of_sight import org  # noqa: F401  (the fixture)


def hrefs(html: str) -> set[str]:
    return {unescape(h) for h in re.findall(r'href="([^"]*)"', html)}


def _links_both(html: str, target, *, here: str = "") -> list[str]:
    """What the page lacks of the target's two links: its metric's page (at whatever scope
    and period the page shows) and its line of sight (unless the page is that)."""
    missing = []
    found = hrefs(html)
    metric_page = reverse("voc:metric", args=[target.metric.code])
    if not any(h.split("?")[0] == metric_page for h in found):
        missing.append(f"metric page {metric_page}")
    sight = reverse("program:line-of-sight-target", args=[target.pk])
    if sight not in found and sight != here:
        missing.append(f"line of sight {sight}")
    return missing


@pytest.fixture
def pages(org):  # noqa: F811
    program = org["program"]
    meeting = Meeting.objects.create(
        body=program.steering,
        starts_at=timezone.now() + dt.timedelta(days=2),
        time_zone="Europe/London",
    )
    both = (org["nps"], org["csat"])
    # page: (who reads it, the targets it names)
    return {
        "/": (program.core, both),
        reverse("program:line-of-sight"): (program.core, both),
        reverse("program:line-of-sight-target", args=[org["nps"].pk]): (program.core, both[:1]),
        reverse("program:meeting-pack", args=[meeting.pk]): (program.chair, both),
        reverse("voc:index"): (program.core, both),
        reverse("voc:target", args=[org["nps"].pk]): (program.core, both[:1]),
        reverse("governance:success-statement-detail", args=[org["nps"].success_statement_id]): (
            program.core,
            both,
        ),
        reverse("portfolio:initiative-detail", args=[org["done"].pk]): (program.core, both),
    }


def test_every_page_naming_a_kpi_links_it_to_its_metric_and_its_line_of_sight(client, pages):
    problems = []
    for url, (reader, targets) in pages.items():
        client.force_login(reader)
        answer = client.get(url)
        assert answer.status_code == 200, url
        html = answer.content.decode()
        for target in targets:
            problems += [
                f"{url}, {target.metric.name}: no link to its {m}"
                for m in _links_both(html, target, here=url)
            ]
    assert not problems, "\n".join(problems)


def test_the_executive_admin_and_viewer_homes_link_their_kpis_too(client, org):  # noqa: F811
    program = org["program"]
    for reader in (program.executive, program.admin, program.viewer):
        client.force_login(reader)
        html = client.get("/").content.decode()
        for target in (org["nps"], org["csat"]):
            assert not _links_both(html, target), reader.username
