"""The search page behind the header's search box: every registered kind of record, only what
the person may open, each result with its matching text."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cxgov.pages import require_role
from cxgov.search import MAX_QUERY_LENGTH, MIN_QUERY_LENGTH, search


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    require_role(request)
    q = request.GET.get("q", "").strip()
    problem = ""
    if len(q) > MAX_QUERY_LENGTH:
        problem = f"Search for at most {MAX_QUERY_LENGTH} characters."
    elif q and len(q) < MIN_QUERY_LENGTH:
        problem = f"Type at least {MIN_QUERY_LENGTH} characters."
    results = search(user=request.user, q=q) if q and not problem else []
    context = {"q": q, "problem": problem, "results": results}
    return render(request, "program/search/index.html", context, status=400 if problem else 200)
