"""The kit's blocks: an upper layer fills a place in a lower layer's page; each block renders
in the page's context with the object, in registration order, or not at all when its context
says so."""

from __future__ import annotations

import pytest
from django.template import engines
from django.test import RequestFactory

from cxgov import blocks as kit
from cxgov.blocks import Block, register_block


@pytest.fixture
def places(monkeypatch) -> dict:
    """No places but the test's own, for the mechanism alone."""
    fresh: dict = {}
    monkeypatch.setattr(kit, "places", fresh)
    return fresh


def render(text: str, **context) -> str:
    return engines["django"].from_string(text).render(context)


def test_the_apps_fill_the_meeting_and_success_statement_pages():
    assert kit.place("governance.meeting").keys() == ["program.kpi-pack"]
    assert kit.place("governance.success_statement").keys() == ["voc.targets"]


def test_blocks_render_in_order_with_the_object_and_their_context(places, tmp_path, settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]],
        }
    ]
    (tmp_path / "first.html").write_text("[first {{ object }} for {{ reader }}]")
    (tmp_path / "second.html").write_text("[second {{ object }}: {{ count }}]")
    (tmp_path / "hidden.html").write_text("[hidden]")
    register_block("test.page", Block(key="first", template="first.html"))
    register_block(
        "test.page", Block(key="hidden", template="hidden.html", context=lambda o, u: None)
    )
    register_block(
        "test.page",
        Block(key="second", template="second.html", context=lambda obj, user: {"count": len(obj)}),
    )
    request = RequestFactory().get("/")
    request.user = None
    html = render(
        '{% load blocks %}{% blocks "test.page" thing %}|{{ object|default:"no object here" }}',
        thing="abc",
        reader="Vic",
        request=request,
    )
    # The page's own context reaches the block; the object is set inside the blocks only.
    assert html == "[first abc for Vic][second abc: 3]|no object here"


def test_a_place_nobody_filled_renders_nothing(places):
    assert render('{% load blocks %}{% blocks "test.empty" 1 %}') == ""
