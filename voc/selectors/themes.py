"""Theme reads: the themes with their mentions (from the rollups), and a theme's comments for
someone who may read them (the core team all; a touchpoint's owner those on their touchpoints)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet, Sum

from ..models import DimensionKind, Response, Theme
from ..permissions import can_read_comments


def themes_with_mentions(*, active_only: bool = False) -> QuerySet[Theme]:
    """Every theme with `mention_count` (all months, all metrics) and `detractor_mention_count`,
    read from the overall theme rollups: one query."""
    overall = Q(themerollup__dimension_kind=DimensionKind.OVERALL)
    themes = Theme.objects.annotate(
        mention_count=Sum("themerollup__mentions", filter=overall, default=0),
        detractor_mention_count=Sum("themerollup__detractor_mentions", filter=overall, default=0),
    ).order_by("name")
    if active_only:
        themes = themes.filter(is_active=True)
    return themes


def readable_comments(*, user: Any) -> QuerySet[Response]:
    """The responses whose comment `user` may read, under voc.read_comments: all of them for
    the core team and admins, else those on a touchpoint they own (none without one)."""
    responses = Response.objects.exclude(comment="")
    if can_read_comments(user):
        return responses
    return responses.filter(touchpoint__owner=user)


def theme_comments(*, theme: Theme, user: Any) -> QuerySet[Response]:
    """The comments that mention `theme` and that `user` may read, newest first, shaped for a
    list (metric and touchpoint joined)."""
    return (
        readable_comments(user=user)
        .filter(theme_mentions__theme=theme)
        .select_related("metric", "touchpoint")
        .order_by("-responded_at", "-pk")
    )
