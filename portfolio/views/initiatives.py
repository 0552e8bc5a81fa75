"""One initiative's pages: proposing it, its detail page, editing it and posting a status update.

The helpers here (`_get_initiative`, `_form_page`, `_link_form`) are shared by the pages of
the things an initiative holds (milestones, risks, target links)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cxgov.dates import today
from cxgov.pages import EditView
from cxgov.permissions import can_configure
from governance.models import GovernanceBody, Tier

from .. import permissions as rules
from .. import selectors, services
from ..forms import InitiativeForm, MethodsForm, StatusUpdateForm, TargetLinkForm
from ..models import Initiative, StatusUpdate

# Helpers


def _get_initiative(request: HttpRequest, pk: int) -> Initiative:
    return selectors.initiative_for_page(user=request.user, pk=pk)


# One initiative


def _groups_for(user, *, keep: GovernanceBody | None = None):
    """The working groups `user` may propose in (all, for configurers), plus one kept."""
    groups = GovernanceBody.objects.active().filter(tier=Tier.WORKING_GROUP)
    if not can_configure(user):
        groups = groups.filter(pk__in=rules.serving_groups(user))
    if keep is not None:
        groups = groups | GovernanceBody.objects.filter(pk=keep.pk)
    return groups.order_by("name").distinct()


class InitiativeCreate(EditView):
    rule = rules.can_propose_initiative
    form_class = InitiativeForm
    template_name = "portfolio/initiative_form.html"
    title, submit_label = "Propose an initiative", "Propose"
    success_message = "{saved} was proposed; the steering committee approves it."

    def get_form_kwargs(self) -> dict[str, Any]:
        user = self.request.user
        return {"groups": _groups_for(user), "initial": {"owner": user.pk, "start_date": today()}}

    def save(self, data: dict[str, Any]) -> Initiative:
        return services.initiative_propose(by=self.request.user, **data)


def _targets_for(user):
    from voc.models import KpiTarget

    return KpiTarget.objects.for_user(user)


def _link_form(request: HttpRequest, data=None) -> TargetLinkForm:
    return TargetLinkForm(data, targets=_targets_for(request.user))


@require_GET
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _get_initiative(request, pk)
    detail = selectors.initiative_detail(initiative=initiative, user=request.user)
    context = {
        "detail": detail,
        "i": initiative,
        "methods": selectors.initiative_methods(initiative=initiative),
    }
    if detail.can_edit:
        context["link_form"] = _link_form(request)
    return render(request, "portfolio/initiative_detail.html", context)


class _OnInitiative:
    """For a page (an EditView or DeleteView) about one initiative (the URL's pk), for those
    who may edit it; back to the initiative's page (at `section`) after the write."""

    rule = rules.can_edit_initiative
    section = ""

    def get_object(self) -> Initiative:
        return _get_initiative(self.request, self.kwargs["pk"])

    def initiative(self) -> Initiative:
        return self.object

    def rule_object(self) -> Initiative:
        return self.initiative()

    def get_success_url(self, saved: Any) -> str:
        url = self.initiative().get_absolute_url()
        return f"{url}#{self.section}" if self.section else url


class InitiativeEdit(_OnInitiative, EditView):
    form_class = InitiativeForm
    template_name = "portfolio/initiative_form.html"
    title, submit_label = "Edit {object}", "Save changes"
    success_message = "{object} was saved."

    def get_form_kwargs(self) -> dict[str, Any]:
        groups = _groups_for(self.request.user, keep=self.object.working_group)
        return {"groups": groups, "initiative": self.object}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(initiative=self.object, **context)

    def save(self, data: dict[str, Any]) -> Initiative:
        version = data.pop("version")
        return services.initiative_update(
            initiative=self.object, by=self.request.user, data=data, version_read=version
        )


class _FormPage(EditView):
    """A form on portfolio/form_page.html: under its initiative's breadcrumbs (the priorities'
    where there is none), with a `lead` line (a format string, like the title)."""

    template_name = "portfolio/form_page.html"
    lead = ""

    def initiative(self) -> Initiative | None:
        return None

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(
            initiative=self.initiative(), lead=self.lead.format(object=self.object), **context
        )


class StatusUpdateCreate(_OnInitiative, _FormPage):
    form_class = StatusUpdateForm
    title, submit_label = "Status update for {object}", "Post update"
    lead = "The latest update sets the initiative's health and progress."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initiative": self.object}

    def get_success_message(self, saved: StatusUpdate) -> str:
        text = f"Status update posted: {saved.get_health_display().lower()}."
        if self.form.cleaned_data.get("needs_help"):
            text += " The core CX team sees your request for help."
        return text

    def save(self, data: dict[str, Any]) -> StatusUpdate:
        return services.status_update_create(by=self.request.user, initiative=self.object, **data)


class InitiativeMethods(_OnInitiative, _FormPage):
    form_class = MethodsForm
    title, submit_label = "Methods used by {object}", "Save methods"
    lead = "Tick the standards library's CX methods this initiative follows."
    success_message = "The methods {object} uses were saved."
    section = "methods"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initiative": self.object}

    def initiative(self) -> Initiative:
        return self.object

    def save(self, data: dict[str, Any]) -> list:
        return services.initiative_methods_set(
            initiative=self.object, by=self.request.user, methods=data["methods"]
        )
