"""Standards library pages: the library, an item with its versions, an old version, a
version's file, and publishing or editing an item. Thin doors onto governance.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cxgov.dates import today
from cxgov.pages import EditView, get_scoped_or_404, require_role

from .. import permissions as rules
from .. import selectors, services
from ..forms import StandardForm
from ..models import Standard, StandardKind, StandardVersion


@require_GET
def standard_list(request: HttpRequest) -> HttpResponse:
    require_role(request)
    context = {"sections": selectors.standards_library(user=request.user)}
    return render(request, "governance/standard_list.html", context)


def _version(request: HttpRequest, pk: int, number: int) -> StandardVersion:
    standard = get_scoped_or_404(Standard.objects.all(), request.user, pk=pk)
    version = standard.versions.select_related("owner", "edited_by").filter(number=number).first()
    if version is None:
        raise Http404(f"{standard} has no version {number}.")
    return version


@require_GET
def standard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    standard = get_scoped_or_404(Standard.objects.select_related("owner"), request.user, pk=pk)
    context = {
        "standard": standard,
        "review_overdue": standard.is_review_overdue(today()),
        "versions": selectors.standard_versions(standard=standard),
    }
    return render(request, "governance/standard_detail.html", context)


@require_GET
def standard_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _version(request, pk, number)
    context = {"standard": version.standard, "version": version}
    return render(request, "governance/standard_version.html", context)


@require_GET
def standard_file(request: HttpRequest, pk: int, number: int) -> FileResponse:
    """A version's file, as stored, under the name it was uploaded with, as an attachment
    (never shown inline, so a document cannot act as a page of the site)."""
    version = _version(request, pk, number)
    if not version.file:
        raise Http404(f"{version} has no file.")
    try:
        opened = version.file.open("rb")
    except FileNotFoundError:
        raise Http404(f"The file of {version} is no longer stored.") from None
    return FileResponse(
        opened,
        as_attachment=True,
        filename=version.file_name or None,
        content_type=version.content_type or "application/octet-stream",
    )


class _StandardPage(EditView):
    rule = rules.can_edit_standards
    form_class = StandardForm
    template_name = "governance/standard_form.html"

    def get_form(self) -> forms.Form:
        if self.request.method == "POST":
            return self.form_class(self.request.POST, self.request.FILES, **self.get_form_kwargs())
        return self.form_class(**self.get_form_kwargs())


class StandardCreate(_StandardPage):
    title, submit_label = "Add to the standards library", "Publish"
    success_message = "{saved} was published as version 1."

    def get_form_kwargs(self) -> dict[str, Any]:
        kind = self.request.GET.get("kind", "")
        initial = {"owner": self.request.user.pk}
        if kind in StandardKind.values:
            initial["kind"] = kind
        return {"initial": initial}

    def save(self, data: dict[str, Any]) -> Standard:
        return services.standard_create(by=self.request.user, **data)


class StandardEdit(_StandardPage):
    queryset = Standard.objects.all()
    title, submit_label = "Edit {object}", "Save as a new version"
    success_message = "{saved} was saved as version {saved.version}."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"standard": self.object}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(standard=self.object, **context)

    def save(self, data: dict[str, Any]) -> Standard:
        read = data.pop("version")
        if not data.get("file"):
            data.pop("file", None)
        return services.standard_update(
            standard=self.object, by=self.request.user, data=data, version_read=read
        )
