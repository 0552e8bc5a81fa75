"""Survey-platform webhook pages: the sources and their addresses, one source's mapping and
deliveries (a refused one with its reason, replayed once the source is fixed), a source set up
or changed. Thin doors: ask voc.manage_webhook_sources, call voc.services.webhook_*."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cxgov.pages import EditView, get_scoped_or_404, refusal_message, require

from .. import permissions as rules
from .. import services
from ..errors import VocError
from ..forms import WebhookSourceForm
from ..models import DeliveryStatus, WebhookDelivery, WebhookSource

# The deliveries a source's page lists, newest first.
DELIVERIES_SHOWN = 50


def _address(request: HttpRequest, source: WebhookSource) -> str:
    return request.build_absolute_uri(reverse("webhook-receive", kwargs={"source": source.slug}))


@require_GET
def webhook_list(request: HttpRequest) -> HttpResponse:
    """Every source with its platform, address and how its deliveries went."""
    require(rules.can_manage_webhook_sources, request)
    sources = WebhookSource.objects.annotate(
        stored=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.STORED)),
        refused=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.REFUSED)),
    ).order_by("name")
    rows = [(source, _address(request, source)) for source in sources]
    return render(request, "voc/webhooks/list.html", {"rows": rows, "may_import": True})


@require_GET
def webhook_source(request: HttpRequest, pk: int) -> HttpResponse:
    """One source: its address and mapping, and its latest deliveries with their outcome."""
    # Out of scope is a 404, as on its edit page (WebhookSource's scope asks the same rule).
    source = get_scoped_or_404(WebhookSource.objects.all(), request.user, pk=pk)
    require(rules.can_manage_webhook_sources, request)
    deliveries = WebhookDelivery.objects.filter(source=source).select_related("import_job")[
        :DELIVERIES_SHOWN
    ]
    context = {
        "source": source,
        "address": _address(request, source),
        "deliveries": deliveries,
        "may_import": True,
    }
    return render(request, "voc/webhooks/source.html", context)


@require_POST
def webhook_replay(request: HttpRequest, pk: int) -> HttpResponse:
    """Try a refused delivery again with the source as it is now set up."""
    require(rules.can_manage_webhook_sources, request)
    delivery = get_scoped_or_404(
        WebhookDelivery.objects.select_related("source"), request.user, pk=pk
    )
    try:
        delivery = services.webhook_delivery_replay(delivery=delivery, by=request.user)
    except VocError as refusal:
        messages.error(request, refusal_message(refusal))
    else:
        if delivery.status == DeliveryStatus.STORED:
            messages.success(request, f"Delivery {delivery.delivery_id} stored: {delivery.message}")
        else:
            messages.error(
                request, f"Delivery {delivery.delivery_id} refused again: {delivery.message}"
            )
    return HttpResponseRedirect(delivery.source.get_absolute_url() + f"#delivery-{delivery.pk}")


class _SourceForm(EditView):
    rule = rules.can_manage_webhook_sources
    form_class = WebhookSourceForm
    template_name = "voc/webhooks/form.html"

    def rule_object(self) -> None:
        return None

    def get_success_message(self, saved: WebhookSource) -> str:
        return f"{saved.name} is set up: its platform posts to {_address(self.request, saved)}."

    @staticmethod
    def _data(cleaned: dict[str, Any]) -> dict[str, Any]:
        data = dict(cleaned)
        data["fields"] = data.pop("dimensions")
        return data


class WebhookSourceCreate(_SourceForm):
    title, submit_label = "Set up a survey platform", "Set up the source"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"new": True}

    def save(self, data: dict[str, Any]) -> WebhookSource:
        return services.webhook_source_create(by=self.request.user, data=self._data(data))


class WebhookSourceEdit(_SourceForm):
    queryset = WebhookSource.objects.all()
    title, submit_label = "Change {object}", "Save the source"

    def get_form_kwargs(self) -> dict[str, Any]:
        source = self.object
        initial = {
            name: getattr(source, name)
            for name in ("name", "slug", "platform", "api_url", "questions", "defaults",
                         "is_active")
        }  # fmt: skip
        return {"new": False, "initial": {**initial, "dimensions": source.fields}}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(source=self.object, **context)

    def save(self, data: dict[str, Any]) -> WebhookSource:
        return services.webhook_source_update(
            source=self.object, by=self.request.user, data=self._data(data)
        )
