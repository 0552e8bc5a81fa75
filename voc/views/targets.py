"""KPI target pages: set one on a success statement, read it with its status and history,
change its numbers and dates, remove it. Thin doors: ask voc.manage_targets, call one service."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cxgov.history import history_entries
from cxgov.pages import DeleteView, EditView, get_scoped_or_404
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


TARGETS = KpiTarget.objects.select_related("metric", "success_statement")


def _target(request: HttpRequest, pk: int) -> KpiTarget:
    return get_scoped_or_404(TARGETS.all(), request.user, pk=pk)


def _scope_name(target: KpiTarget) -> str:
    return selectors.scope_name(target.dimension_kind, target.dimension_id)


class _TargetForm(EditView):
    rule = rules.can_manage_targets
    form_class = TargetForm
    template_name = "voc/target_form.html"
    invalid_status = 400  # the target pages answer any refused input with 400

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(rule=TARGET_STATUS_RULE, **context)

    def get_success_url(self, saved: KpiTarget) -> str:
        return reverse("voc:target", args=[saved.pk])

    def get_success_message(self, saved: KpiTarget) -> str:
        # Set or changed, the target is held against its history at once: never refused.
        saved = KpiTarget.objects.select_related("metric").get(pk=saved.pk)
        realism = selectors.targets_realism([saved])[saved.pk]
        return f"{super().get_success_message(saved)} {realism.sentence}"


class TargetCreate(_TargetForm):
    title, submit_label = "Add a KPI target", "Add the target"
    success_message = "The target {saved} was set."

    def get_object(self) -> SuccessStatement:
        return get_scoped_or_404(
            SuccessStatement.objects.all(), self.request.user, pk=self.kwargs["statement_pk"]
        )

    def rule_object(self) -> None:
        return None  # any target, on any statement

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"dimensions": selectors.dimension_values(active_only=True), "new": True}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(statement=self.object, **context)

    def save(self, data: dict[str, Any]) -> KpiTarget:
        return _on_scope(
            lambda data: services.target_create(
                by=self.request.user, success_statement=self.object, **self.form.service_data()
            )
        )(data)


@require_GET
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = _target(request, pk)
    reading = selectors.targets_with_status(
        KpiTarget.objects.filter(pk=target.pk), with_outlook=True
    )[0]
    context = {
        "target": target,
        "reading": reading,
        "scope_name": reading.scope,
        "rule": TARGET_STATUS_RULE,
        "realism": selectors.targets_realism([target])[target.pk],
        "history": history_entries(obj=target),
    }
    return render(request, "voc/target_detail.html", context)


class TargetEdit(_TargetForm):
    queryset = TARGETS
    title, submit_label = "Change the KPI target", "Save the target"
    success_message = "The target {saved} was changed."

    def get_form_kwargs(self) -> dict[str, Any]:
        initial = {name: getattr(self.object, name) for name in services.TARGET_FIELDS}
        initial["version"] = self.object.version
        return {"initial": initial, "dimensions": {}, "new": False}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        target = self.object
        return super().get_context_data(
            target=target,
            statement=target.success_statement,
            scope_name=_scope_name(target),
            realism=selectors.targets_realism([target])[target.pk],
            **context,
        )

    def save(self, data: dict[str, Any]) -> KpiTarget:
        read = data.pop("version")
        return services.target_update(
            target=self.object, by=self.request.user, data=data, version_read=read
        )


class TargetDelete(DeleteView):
    queryset = TARGETS
    rule = rules.can_manage_targets
    template_name = "voc/target_delete.html"
    success_message = "The target was removed."

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        target = self.object
        return {
            "target": target,
            "scope_name": _scope_name(target),
            "links": target.initiative_links.count(),
            **context,
        }

    def get_success_url(self, saved: KpiTarget) -> str:
        return reverse("governance:success-statement-detail", args=[saved.success_statement_id])

    def delete(self) -> None:
        services.target_delete(target=self.object, by=self.request.user)
