"""The kit's digest registry: a person gets the sections meant for a role they hold, each with
its items since the moment asked, and sections with nothing to say are left out."""

from __future__ import annotations

import datetime as dt

import pytest

from cxgov import digest as kit
from cxgov.digest import DigestSection, digest, register_digest_section, sections_for
from cxgov.registry import Registry
from cxgov.roles import Role

SINCE = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


@pytest.fixture
def registry(monkeypatch) -> Registry:
    """An empty registry in place of the one the apps filled, for the mechanism alone."""
    fresh: Registry[DigestSection] = Registry("digest sections")
    monkeypatch.setattr(kit, "digest_sections", fresh)
    return fresh


def _section(key: str, roles, items) -> DigestSection:
    return register_digest_section(
        DigestSection(key=key, title=key.title(), roles=frozenset(roles), items=items)
    )


def test_governance_registers_the_overdue_actions_section_for_every_role():
    section = kit.digest_sections["governance.overdue-actions"]
    assert section.title == "Your overdue action items"
    assert section.roles == frozenset(Role)


def test_a_person_gets_the_sections_of_the_roles_they_hold(
    registry, core_team_user, viewer_user, no_role_user
):
    _section("core", [Role.CORE_TEAM, Role.ADMIN], lambda *, user, since: ["core item"])
    _section(
        "everyone", list(Role), lambda *, user, since: [f"{user.username} since {since:%d %b}"]
    )
    assert [s.key for s in sections_for(core_team_user)] == ["core", "everyone"]
    assert [s.key for s in sections_for(viewer_user)] == ["everyone"]
    assert sections_for(no_role_user) == []
    assert [(s.key, items) for s, items in digest(user=viewer_user, since=SINCE)] == [
        ("everyone", ["vic since 01 Mar"])
    ]


def test_a_section_with_nothing_to_say_is_left_out(registry, core_team_user):
    _section("quiet", [Role.CORE_TEAM], lambda *, user, since: [])
    _section("busy", [Role.CORE_TEAM], lambda *, user, since: ["one"])
    assert [(s.key, items) for s, items in digest(user=core_team_user, since=SINCE)] == [
        ("busy", ["one"])
    ]


def test_a_section_for_no_role_is_refused(registry):
    with pytest.raises(ValueError, match="for no role"):
        _section("nobody", [], lambda *, user, since: [])
    assert len(registry) == 0
