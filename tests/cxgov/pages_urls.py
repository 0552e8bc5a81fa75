"""A URL conf of kit edit and delete pages over business units, for tests/cxgov/test_pages.py.

The pages are configured the way an app configures its own: a scoped queryset, a rule, a form,
a service. The scope is the queryset's (active units only) on top of `for_user`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import path

from cxgov.pages import DeleteView, EditView
from cxgov.permissions import configurers_only
from cxgov.urls import urlpatterns as site_urlpatterns
from governance import services
from governance.models import BusinessUnit

can_change_units = configurers_only("Only the people who configure the program change units.")


class UnitForm(forms.Form):
    name = forms.CharField(max_length=120)
    code = forms.SlugField(max_length=40)
    description = forms.CharField(required=False, widget=forms.Textarea)


def unit_delete(*, unit: BusinessUnit, by: Any) -> None:
    """A unit that still has members is refused; otherwise it goes."""
    can_change_units.enforce(by)
    with transaction.atomic():
        if unit.memberships.exists():
            raise ValidationError(f"{unit} still has members.")
        unit.delete()


class UnitCreate(EditView):
    rule = can_change_units
    form_class = UnitForm
    template_name = "kit_pages/unit_form.html"
    title, submit_label = "New unit", "Add"
    success_message = "{saved} was added."
    success_url = "kit-unit-list"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initial": {"code": self.request.GET.get("code", "")}}

    def save(self, data: dict[str, Any]) -> BusinessUnit:
        return services.business_unit_create(by=self.request.user, **data)


class UnitEdit(EditView):
    queryset = BusinessUnit.objects.filter(is_active=True)
    rule = can_change_units
    form_class = UnitForm
    template_name = "kit_pages/unit_form.html"
    partial_template_name = "kit_pages/_unit_card.html"
    title, submit_label = "Edit {object}", "Save"
    success_message = "{object} was saved."
    success_url = "kit-unit-list"

    def get_form_kwargs(self) -> dict[str, Any]:
        fields = ("name", "code", "description")
        return {"initial": {name: getattr(self.object, name) for name in fields}}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(unit=self.object, **context)

    def get_partial_context(self, **context: Any) -> dict[str, Any]:
        return {"unit": self.object, **context}

    def save(self, data: dict[str, Any]) -> BusinessUnit:
        return services.business_unit_update(
            business_unit=self.object, by=self.request.user, data=data
        )


class UnitDelete(DeleteView):
    queryset = BusinessUnit.objects.filter(is_active=True)
    rule = can_change_units
    template_name = "kit_pages/unit_delete.html"
    title = "Remove {object}"
    success_message = "{object} was removed."
    success_url = "kit-unit-list"

    def delete(self) -> None:
        unit_delete(unit=self.object, by=self.request.user)


class UnitDeleteButton(UnitDelete):
    """The same delete as a button on another page: POST only, htmx swaps the unit's card."""

    http_method_names = ["post"]
    template_name = None
    partial_template_name = "kit_pages/_unit_card.html"

    def get_partial_context(self, **context: Any) -> dict[str, Any]:
        return {"unit": self.object, **context}


def unit_list(request):
    from django.http import HttpResponse

    return HttpResponse("units")


urlpatterns = [
    path("units/", unit_list, name="kit-unit-list"),
    path("units/new/", UnitCreate.as_view(), name="kit-unit-create"),
    path("units/<int:pk>/edit/", UnitEdit.as_view(), name="kit-unit-edit"),
    path("units/<int:pk>/delete/", UnitDelete.as_view(), name="kit-unit-delete"),
    path("units/<int:pk>/remove/", UnitDeleteButton.as_view(), name="kit-unit-remove"),
    # The site's own routes, for the error pages' and the base template's links.
    *site_urlpatterns,
]
