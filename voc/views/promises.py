"""CX promise pages: every promise beside the measured reality (every role reads them), and the
core team recording or changing one. Thin doors onto voc.selectors.promise_board and
voc.services.promise_create / promise_update."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cxgov.pages import EditView, require_role

from .. import permissions as rules
from .. import selectors, services
from ..forms import PromiseForm
from ..models import Promise, PromiseVerdict
from ..models.targets import TARGET_STATUS_RULE


@require_GET
def promise_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    readings = selectors.promise_board()
    active = [r for r in readings if r.promise.is_active]
    counts = {v: sum(1 for r in active if r.verdict == v) for v in PromiseVerdict}
    context = {
        "readings": readings,
        "counts": counts,
        "verdicts": PromiseVerdict,
        "rule": TARGET_STATUS_RULE,
        "min_sample": settings.CXGOV_VOC_MIN_SAMPLE,
        "may_manage": rules.can_manage_promises(request.user),
    }
    return render(request, "voc/promises/list.html", context)


class _PromiseForm(EditView):
    rule = rules.can_manage_promises
    form_class = PromiseForm
    template_name = "voc/promises/form.html"
    success_message = "The promise was saved: {saved}"

    def rule_object(self) -> None:
        return None


class PromiseCreate(_PromiseForm):
    title, submit_label = "Record a CX promise", "Record the promise"

    def save(self, data: dict[str, Any]) -> Promise:
        return services.promise_create(by=self.request.user, **data)


class PromiseEdit(_PromiseForm):
    queryset = Promise.objects.select_related("metric", "touchpoint")
    title, submit_label = "Change the promise", "Save the promise"

    def get_form_kwargs(self) -> dict[str, Any]:
        p = self.object
        return {
            "initial": {
                "statement": p.statement,
                "touchpoint": p.touchpoint_id,
                "metric": p.metric_id,
                "note": p.note,
                "is_active": p.is_active,
            }
        }

    def save(self, data: dict[str, Any]) -> Promise:
        return services.promise_update(promise=self.object, by=self.request.user, data=data)
