"""No app's template names what a layer above it owns: a URL (`{% url 'voc:...' %}`), a
permission rule (`{% may "portfolio...." %}`) or a template (`{% include "program/..." %}`).
Governance sits below voc, voc below portfolio, every app below the program; a lower page
shows what an upper layer adds through cxgov.blocks instead."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each app, and the layers above it (by URL namespace, rule prefix and template folder).
ABOVE = {
    "governance": ("voc", "portfolio", "program"),
    "voc": ("portfolio", "program"),
    "portfolio": ("program",),
}
NAMING = re.compile(
    r"""\{%\s*(?:url\s+['"](?P<url>[\w-]+):"""
    r"""|may\s+['"](?P<rule>[\w-]+)\."""
    r"""|(?:include|extends)\s+['"](?P<template>[\w-]+)/)"""
)


def upward_names(app: str, text: str) -> list[str]:
    """Each tag in `text` naming a URL, rule or template of a layer above `app`."""
    return [
        match.group(0)
        for match in NAMING.finditer(text)
        if (match.group("url") or match.group("rule") or match.group("template")) in ABOVE[app]
    ]


def test_the_scanner_finds_each_kind_of_upward_name():
    planted = (
        "{% url 'program:meeting-pack' meeting.pk %} {% url \"voc:target\" t.pk %} "
        '{% may "voc.manage_targets" as x %} {% include "portfolio/_health.html" %} '
        "{% url 'governance:meeting-detail' m.pk %} {% url 'home' %} {% may \"governance.x\" %}"
    )
    assert upward_names("governance", planted) == [
        "{% url 'program:",
        '{% url "voc:',
        '{% may "voc.',
        '{% include "portfolio/',
    ]
    assert upward_names("portfolio", planted) == ["{% url 'program:"]


def test_no_app_template_names_a_layer_above_it():
    found = []
    for app in ABOVE:
        for template in sorted((ROOT / app / "templates").rglob("*.html")):
            found += [
                f"{template.relative_to(ROOT)}: {name}"
                for name in upward_names(app, template.read_text())
            ]
    assert not found, "templates naming a layer above their app (use cxgov.blocks):\n" + "\n".join(
        found
    )
