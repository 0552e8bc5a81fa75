"""Comment-theme pages: the themes with their mentions, one theme with the comments that
mention it (for those who may read comments), a theme created or changed by the core team.
Thin doors: ask voc.read_some_comments or voc.manage_themes, call voc.services.theme_*."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cxgov import charts
from cxgov.pages import REFUSALS, EditView, get_scoped_or_404, refusal_message, require

from .. import permissions as rules
from .. import selectors, services
from ..forms import ThemeForm
from ..models import SuggestedTheme, Theme

COMMENTS_PAGE = 25
MONTHS_SHOWN = 12


@require_GET
def theme_list(request: HttpRequest) -> HttpResponse:
    """Every theme, its keywords and how many comments mention it."""
    require(rules.can_read_some_comments, request)
    themes = list(selectors.themes_with_mentions())
    last = selectors.last_comment_month()
    if last is not None:
        monthly = selectors.themes_monthly_mentions(last=last, months=MONTHS_SHOWN)
        for theme in themes:
            counts = monthly.get(theme.pk, [0] * MONTHS_SHOWN)
            theme.spark = charts.sparkline(
                counts,
                title=f"{theme.name}: comments a month",
                description=f"Comments mentioning {theme.name} in the {MONTHS_SHOWN} months to "
                f"{last:%B %Y}: " + ", ".join(str(c) for c in counts),
            )
    may_manage = rules.can_manage_themes(request.user)
    context = {
        "themes": themes,
        "last": last,
        "months": MONTHS_SHOWN,
        "may_manage": may_manage,
        # Their examples are any touchpoint's comments: shown to those who curate (and read
        # every comment), the core team.
        "suggestions": selectors.open_suggestions() if may_manage else [],
    }
    return render(request, "voc/themes/list.html", context)


def _trend(theme: Theme, last) -> Any:
    """The theme over time: the share of each month's comments that mention it, with its
    Wilson interval; a month under the minimum sample drawn hollow."""
    points = []
    for month in selectors.theme_months(theme=theme, last=last, months=MONTHS_SHOWN):
        share = month.share
        points.append(
            charts.TrendPoint(
                label=f"{month.month:%b %y}",
                value=share.value,
                low=share.low,
                high=share.high,
                marked=share.small_sample,
                note=f"{month.mentions} of {month.comments} comments",
            )
        )
    return charts.trend_chart(
        points,
        title=f"Share of comments mentioning {theme.name}, by month",
        floor=0,
        ceiling=100,
        value_format="{:.1f}%",
        axis_unit="%",
    )


@require_GET
def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One theme: its keywords, and the comments that mention it which the person may read,
    each with its score and sentiment."""
    require(rules.can_read_some_comments, request)
    theme = get_object_or_404(selectors.themes_with_mentions(), pk=pk)
    comments = selectors.theme_comments(theme=theme, user=request.user)
    page = Paginator(comments, COMMENTS_PAGE).get_page(request.GET.get("page"))
    last = selectors.last_comment_month()
    context = {
        "theme": theme,
        "trend": _trend(theme, last) if last else None,
        "page": page,
        "all_comments": rules.can_read_comments(request.user),
        "may_manage": rules.can_manage_themes(request.user),
    }
    if not context["all_comments"]:
        context["own_touchpoints"] = list(
            request.user.owned_touchpoints.order_by("name").values_list("name", flat=True)
        )
    return render(request, "voc/themes/detail.html", context)


class _ThemeForm(EditView):
    rule = rules.can_manage_themes
    form_class = ThemeForm
    template_name = "voc/themes/form.html"
    success_message = (
        "{saved.name} is saved; the comments that mention it are tagged in the background."
    )

    def rule_object(self) -> None:
        return None


class ThemeCreate(_ThemeForm):
    title, submit_label = "New comment theme", "Create the theme"

    def save(self, data: dict[str, Any]) -> Theme:
        return services.theme_create(by=self.request.user, data=data)


class ThemeEdit(_ThemeForm):
    queryset = Theme.objects.all()
    title, submit_label = "Change {object}", "Save the theme"

    def get_form_kwargs(self) -> dict[str, Any]:
        theme = self.object
        return {"initial": {name: getattr(theme, name) for name in services.THEME_FIELDS}}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(theme=self.object, **context)

    def save(self, data: dict[str, Any]) -> Theme:
        return services.theme_update(theme=self.object, by=self.request.user, data=data)


# -- Suggested themes --------------------------------------------------------------------------


def _decide(request: HttpRequest, pk: int, decide) -> HttpResponse:
    """Ask the rule, run one decision on an open suggestion, come back with what happened."""
    suggestion = get_scoped_or_404(SuggestedTheme.objects.all(), request.user, pk=pk)
    require(rules.can_manage_themes, request)
    try:
        message, url = decide(suggestion)
    except REFUSALS as refusal:
        messages.error(request, refusal_message(refusal))
        return HttpResponseRedirect(reverse("voc:theme-list") + "#suggestions")
    messages.success(request, message)
    return HttpResponseRedirect(url)


@require_POST
def suggestion_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """The suggestion becomes a theme (its name as typed, its top terms as keywords)."""

    def accept(suggestion):
        theme = services.suggestion_accept(
            suggestion=suggestion, by=request.user, name=request.POST.get("name", "")
        )
        return (
            f"{theme.name} is a theme now; its comments are being tagged.",
            theme.get_absolute_url(),
        )

    return _decide(request, pk, accept)


@require_POST
def suggestion_rename(request: HttpRequest, pk: int) -> HttpResponse:
    """The suggestion stays open under the name typed in its one name field."""

    def rename(suggestion):
        renamed = services.suggestion_rename(
            suggestion=suggestion, by=request.user, label=request.POST.get("name", "")
        )
        return f"Renamed to {renamed.label}.", reverse("voc:theme-list") + "#suggestions"

    return _decide(request, pk, rename)


@require_POST
def suggestion_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    def dismiss(suggestion):
        services.suggestion_dismiss(suggestion=suggestion, by=request.user)
        return (
            f"{suggestion.label} dismissed; the same topic is not suggested again.",
            reverse("voc:theme-list") + "#suggestions",
        )

    return _decide(request, pk, dismiss)


@require_POST
def suggestions_find(request: HttpRequest) -> HttpResponse:
    """Queue a search for topics in the comments no theme matches."""
    require(rules.can_manage_themes, request)
    services.themes_suggest_queue()
    messages.success(request, "Looking for topics in the unmatched comments; reload in a minute.")
    return HttpResponseRedirect(reverse("voc:theme-list") + "#suggestions")
