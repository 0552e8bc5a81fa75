"""KPI target pages: set one on a success statement, read it with its status and history,
change its numbers and dates, remove it. Thin doors: ask voc.manage_targets, call one service.
(Their own module, beside the dashboard's voc/views.py.)"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cxgov.history import history_entries
from cxgov.pages import REFUSALS, get_scoped_or_404, refusal_message, require, submit
from governance.models import SuccessStatement

from .. import permissions as rules
from .. import selectors, services
from ..forms import TargetForm
from ..models import KpiTarget
from ..models.targets import TARGET_STATUS_RULE

SCOPE_FIELDS = ("dimension_kind", "dimension_id")


def _on_scope(save):
    """Run a service; a refusal of the scope's kind or id is shown on the form's scope."""

    def run(data: dict[str, Any]):
        try:
            return save(data)
        except ValidationError as refusal:
            if not hasattr(refusal, "error_dict"):
                raise
            errors = {
                ("scope" if name in SCOPE_FIELDS else name): messages_
                for name, messages_ in refusal.error_dict.items()
            }
            raise ValidationError(errors) from refusal

    return run


def _target(request: HttpRequest, pk: int) -> KpiTarget:
    return get_scoped_or_404(
        KpiTarget.objects.select_related("metric", "success_statement"), request.user, pk=pk
    )


@require_http_methods(["GET", "POST"])
def target_create(request: HttpRequest, statement_pk: int) -> HttpResponse:
    statement = get_scoped_or_404(SuccessStatement.objects.all(), request.user, pk=statement_pk)
    require(rules.can_manage_targets, request)
    bound = request.POST if request.method == "POST" else None
    form = TargetForm(bound, dimensions=selectors.dimension_values(active_only=True), new=True)
    target = submit(
        request,
        form,
        _on_scope(
            lambda data: services.target_create(
                by=request.user, success_statement=statement, **form.service_data()
            )
        ),
    )
    if target is not None:
        messages.success(request, f"The target {target} was set.")
        return redirect("voc:target", target.pk)
    context = {
        "form": form,
        "statement": statement,
        "title": "Add a KPI target",
        "submit": "Add the target",
        "rule": TARGET_STATUS_RULE,
    }
    return render(request, "voc/target_form.html", context, status=400 if form.errors else 200)


@require_GET
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = _target(request, pk)
    reading = selectors.targets_with_status(KpiTarget.objects.filter(pk=target.pk))[0]
    context = {
        "target": target,
        "reading": reading,
        "scope_name": selectors.scope_name(target.dimension_kind, target.dimension_id),
        "rule": TARGET_STATUS_RULE,
        "history": history_entries(obj=target),
    }
    return render(request, "voc/target_detail.html", context)


@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = _target(request, pk)
    require(rules.can_manage_targets, request, target)
    initial = {name: getattr(target, name) for name in services.TARGET_FIELDS}
    bound = request.POST if request.method == "POST" else None
    form = TargetForm(bound, initial=initial, dimensions={}, new=False)
    saved = submit(
        request,
        form,
        lambda data: services.target_update(target=target, by=request.user, data=data),
        refresh=target,
    )
    if saved is not None:
        messages.success(request, f"The target {saved} was changed.")
        return redirect("voc:target", saved.pk)
    context = {
        "form": form,
        "target": target,
        "statement": target.success_statement,
        "scope_name": selectors.scope_name(target.dimension_kind, target.dimension_id),
        "title": "Change the KPI target",
        "submit": "Save the target",
        "rule": TARGET_STATUS_RULE,
    }
    return render(request, "voc/target_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    target = _target(request, pk)
    require(rules.can_manage_targets, request, target)
    refusal = ""
    if request.method == "POST":
        statement_pk = target.success_statement_id
        try:
            services.target_delete(target=target, by=request.user)
        except REFUSALS as error:
            refusal = refusal_message(error)
        else:
            messages.success(request, "The target was removed.")
            return redirect("governance:success-statement-detail", statement_pk)
    context = {
        "target": target,
        "scope_name": selectors.scope_name(target.dimension_kind, target.dimension_id),
        "links": target.initiative_links.count(),
        "refusal": refusal,
    }
    return render(request, "voc/target_delete.html", context, status=400 if refusal else 200)
