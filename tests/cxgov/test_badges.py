"""Status badges have the same colours on every page: each status kind's values are registered
once with a tone (cxgov.badges), every value of every status enum has one, templates draw them
with {% badge %} only, and the stylesheet colours every tone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from cxgov.badges import BADGES, TONES, badge_tone
from cxgov.registry import NotRegistered
from governance.models import CharterStatus, MissionStatus
from portfolio.models import Health, Status
from voc.models import CaseStatus
from voc.models.targets import TargetStatus

ROOT = Path(__file__).resolve().parent.parent.parent

ENUMS = {
    "initiative": Status,
    "health": Health,
    "target": TargetStatus,
    "case": CaseStatus,
    "charter": CharterStatus,
    "mission": MissionStatus,
}


@pytest.mark.parametrize("kind", list(ENUMS))
def test_every_value_of_every_status_has_a_tone(kind):
    assert set(ENUMS[kind].values) <= set(BADGES[kind])


def test_the_same_meaning_has_the_same_colour_across_kinds():
    bad = {
        badge_tone(k, v) for k, v in [("target", "off_track"), ("health", "red"), ("risk", "high")]
    }
    good = {badge_tone(k, v) for k, v in [("target", "on_track"), ("health", "green")]}
    assert bad == {"danger"} and good == {"success"}


def test_the_tag_draws_the_registered_tone_and_refuses_an_unknown_value():
    html = Template('{% load badges %}{% badge "risk" band "Severity" 16 %}').render(
        Context({"band": "high"})
    )
    assert html == '<span class="badge badge--danger">Severity 16</span>'
    with pytest.raises(NotRegistered):
        badge_tone("target", "on_trak")


@pytest.mark.parametrize(
    "kind, value", [("target", "on_trak"), ("no_such_kind", "high"), ("initiative", None)]
)
def test_the_tag_draws_an_unregistered_value_neutral_and_logs_it(kind, value, caplog):
    """A value or kind no app registered is a defect to see in the logs, not a 500 on the page."""
    html = Template('{% load badges %}{% badge kind value "Odd" %}').render(
        Context({"kind": kind, "value": value})
    )
    assert html == '<span class="badge badge--muted">Odd</span>'
    [record] = [r for r in caplog.records if r.name == "cxgov.badges"]
    assert record.levelname == "ERROR" and kind in record.getMessage()


def test_the_stylesheet_colours_every_tone():
    css = (ROOT / "static/css/cxgov.css").read_text()
    assert [t for t in TONES if f".badge--{t} {{" not in css] == []


def test_no_template_writes_a_status_badge_class_by_hand():
    """A status's colour comes from {% badge %}; a template writing badge--status-…,
    badge--target-… (or any kind's value) by hand is how "On track" once showed grey."""
    kinds = "|".join(sorted(BADGES.keys()) + ["status"])
    pattern = re.compile(rf"badge--({kinds})-")
    found = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts
        and "node_modules" not in path.parts
        and pattern.search(path.read_text())
    ]
    assert found == []
