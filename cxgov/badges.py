"""Status badges: one colour per meaning, the same on every page. Each app registers, per kind
of status it shows (an initiative's status, a target's, a case's...), the tone of every value;
templates write `{% badge "target" reading.status reading.status.label %}` (cxgov.templatetags
.badges) and never a badge class of their own, so "Off track" is red wherever it appears."""

from __future__ import annotations

from collections.abc import Mapping

from .registry import NotRegistered, Registry

# The tones the stylesheet colours (.badge--<tone>): good, needs attention, bad, neutral, and
# under way.
TONES = ("success", "warning", "danger", "muted", "info")

BADGES: Registry[dict[str, str]] = Registry("status badges")


def register_badges(kind: str, tones: Mapping[str, str]) -> None:
    """Register each value of a kind of status with its tone; every tone must be known."""
    unknown = {t for t in tones.values() if t not in TONES}
    if unknown:
        raise ValueError(f"{kind}: unknown badge tone(s) {sorted(unknown)}; use one of {TONES}")
    BADGES.register(kind, {str(value): tone for value, tone in tones.items()})


def badge_tone(kind: str, value: object) -> str:
    """The tone of `value` of `kind`: loud (NotRegistered, KeyError) on a kind or value no app
    registered, so a page cannot fall back to a grey badge unnoticed."""
    tones = BADGES[kind]
    key = "" if value is None else str(value)
    if key not in tones:
        raise NotRegistered(f"{kind} has no badge for {key!r}; registered: {sorted(tones)}")
    return tones[key]
