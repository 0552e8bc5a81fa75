"""The governance-health page: the score, each signal beside it, and each body's card."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cxgov.pages import require_role
from cxgov.program.health import governance_health, health_summary, health_trend_chart


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Is our governance working? The program's score from its measured signals, then each
    active body's, each value linking to the records behind it."""
    require_role(request)
    board = governance_health(user=request.user)
    context = {
        "board": board,
        "summary": health_summary(score=board.program.score, weakest=board.program.weakest),
        "trend": health_trend_chart(),
    }
    return render(request, "program/health/index.html", context)
