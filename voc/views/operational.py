"""Operational-figure pages: the figures per period, beside the experience metric each
explains; enter one for a period, correct one. Thin doors: ask voc.enter_operational_values,
call voc.services.operational_value_record or operational_value_correct."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cxgov.pages import EditView, require_role

from .. import permissions as rules
from .. import selectors, services
from ..forms import OperationalValueForm
from ..models import OperationalValue


@require_GET
def operational_list(request: HttpRequest) -> HttpResponse:
    """Each operational figure with its latest periods and the experience metric it explains."""
    require_role(request)
    context = {
        "figures": selectors.operational_figures(),
        "may_enter": rules.can_enter_operational_values(request.user),
        "may_import": rules.can_import_responses(request.user),
    }
    return render(request, "voc/operational_list.html", context)


class _FigureForm(EditView):
    rule = rules.can_enter_operational_values
    form_class = OperationalValueForm
    template_name = "voc/operational_form.html"
    invalid_status = 400

    def rule_object(self) -> None:
        return None

    def get_success_url(self, saved: OperationalValue) -> str:
        return reverse("voc:operational-list") + f"#figure-{saved.metric.code}"

    def get_success_message(self, saved: OperationalValue) -> str:
        unit = f" {saved.metric.unit}" if saved.metric.unit else ""
        return (
            f"{saved.metric.name} for the {saved.get_granularity_display().lower()} of "
            f"{saved.period_start:%-d %b %Y}"
            + (f" at {saved.touchpoint.name}" if saved.touchpoint_id else "")
            + f" is {saved.value:g}{unit}."
        )


class OperationalValueCreate(_FigureForm):
    title, submit_label = "Enter an operational figure", "Enter the figure"

    def get_form_kwargs(self) -> dict[str, Any]:
        # "Enter a figure" beside a figure on the list preselects it (?metric=<id>).
        chosen = self.request.GET.get("metric", "")
        return {"new": True, "initial": {"metric": int(chosen)} if chosen.isdigit() else {}}

    def save(self, data: dict[str, Any]) -> OperationalValue:
        return services.operational_value_record(by=self.request.user, **data)


class OperationalValueEdit(_FigureForm):
    queryset = OperationalValue.objects.select_related("metric", "touchpoint")
    title, submit_label = "Correct an operational figure", "Save the figure"

    def get_form_kwargs(self) -> dict[str, Any]:
        figure = self.object
        return {"new": False, "initial": {"value": figure.value, "note": figure.note}}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(figure=self.object, **context)

    def save(self, data: dict[str, Any]) -> OperationalValue:
        return services.operational_value_correct(
            by=self.request.user, figure=self.object, data=data
        )
