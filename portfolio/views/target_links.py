"""The KPI targets an initiative moves: htmx swaps the section in place; a plain request gets
the full page (the form page on a refusal, a redirect on success)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from cxgov.pages import DeleteView, get_scoped_or_404

from .. import selectors, services
from ..forms import TargetLinkForm
from ..models import Initiative, TargetLink
from .initiatives import _FormPage, _link_form, _OnInitiative, _targets_for


def _targets_context(request: HttpRequest, initiative: Initiative, **extra: Any) -> dict[str, Any]:
    """The initiative page's targets section, as htmx swaps it in."""
    return {
        "i": initiative,
        "detail": {
            "target_links": selectors.target_link_rows(initiative=initiative),
            "can_edit": True,
        },
        "link_form": extra.pop("link_form", None) or _link_form(request),
        **extra,
    }


class _TargetsSection(_OnInitiative):
    """For a page whose htmx answer is the initiative page's targets section; back to that
    section after a plain request."""

    partial_template_name = "portfolio/_target_links.html"
    section = "targets"

    def get_partial_context(self, **context: Any) -> dict[str, Any]:
        if "form" in context:
            context["link_form"] = context.pop("form")
        return _targets_context(self.request, self.initiative(), **context)


class TargetLinkCreate(_TargetsSection, _FormPage):
    title, submit_label = "Link {object} to a KPI target", "Link target"
    lead = (
        "The change it expects, in the metric's unit, and by when (not before it starts on "
        "{object.start_date:%-d %b %Y})."
    )

    form_class = TargetLinkForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"targets": _targets_for(self.request.user)}

    def get_success_message(self, saved: TargetLink) -> str:
        return (
            f"{self.object} is linked to {saved.target.metric}: a "
            f"{saved.get_direction_display().lower()} of {saved.expected_change:g} expected."
        )

    def save(self, data: dict[str, Any]) -> TargetLink:
        return services.target_link_create(by=self.request.user, initiative=self.object, **data)


LINKS = TargetLink.objects.select_related(
    "initiative__working_group", "target__metric", "target__success_statement"
)


class _OnLink(_TargetsSection):
    """For a page about one link, for those who may edit its initiative."""

    def get_object(self) -> TargetLink:
        return get_scoped_or_404(LINKS.all(), self.request.user, pk=self.kwargs["pk"])

    def initiative(self) -> Initiative:
        return self.object.initiative


class TargetLinkEdit(_OnLink, _FormPage):
    form_class = TargetLinkForm
    title, submit_label = "Edit the link from {object.initiative} to {object.target}", "Save link"
    lead = "Target: {object.target} ({object.target.success_statement})."
    success_message = "The link to {object.target.metric} was saved."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"link": self.object}

    def refused(self, form: TargetLinkForm, *, status: int) -> HttpResponse:
        # The edit form has a page of its own, not a place in the section: it is redrawn there.
        return self.render_page(form, status=status)

    def save(self, data: dict[str, Any]) -> TargetLink:
        return services.target_link_update(link=self.object, by=self.request.user, data=data)


class TargetLinkDelete(_OnLink, DeleteView):
    http_method_names = ["post"]
    success_message = "{object.initiative} no longer claims to move {object.target}."

    def delete(self) -> None:
        services.target_link_delete(link=self.object, by=self.request.user)
