"""Strict filters for every API list: a filter that cannot be applied is a 400, never ignored.

django-filter on its own treats `?active=maybe` and an empty `?letter=` as "no filter" and
answers the whole list, and DRF's ordering filter drops unknown fields silently: a client with
a typo gets an unfiltered answer and cannot tell. Every app's filtersets extend `FilterSet`
here, and the API's filter backends (settings.REST_FRAMEWORK) refuse any other.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django_filters import ModelMultipleChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters
from rest_framework.exceptions import ValidationError

EMPTY = "Give a value, or leave the parameter out."
NOT_TRUE_FALSE = "Give true or false, not {value!r}."
NOT_AN_ID = "Select a valid choice. That choice is not one of the available choices."
MAX_ID = 2**63 - 1  # the largest primary key PostgreSQL (bigint) and SQLite can hold


def _is_id(value: str) -> bool:
    value = value.strip()
    return value.isascii() and value.isdigit() and int(value) <= MAX_ID


class FilterSet(django_filters.FilterSet):
    """The base of every filterset: a parameter that is present must be a usable value."""

    def is_valid(self) -> bool:
        refusals = self._refusals()
        if refusals:
            # Validate the rest without them: an id past the database's integer range would
            # not be refused by the form but crash the query that checks it.
            data = self.data.copy()
            for name in refusals:
                data.pop(name, None)
            self.data = data
        valid = super().is_valid()
        for name, message in refusals.items():
            self._refuse(name, message)
        return valid and not self.form.errors

    def _refusals(self) -> dict[str, str]:
        refusals = {}
        for name, values in self.data.lists() if hasattr(self.data, "lists") else ():
            filter_ = self.filters.get(name)
            if filter_ is None:
                continue
            if all(not value.strip() for value in values):
                refusals[name] = EMPTY
            elif issubclass(filter_.field_class, forms.NullBooleanField):
                # The widget reads "true"/"false"; anything it reads as "unknown" is refused.
                read = filter_.field.widget.value_from_datadict
                wrong = [value for value in values if read({name: value}, {}, name) is None]
                if wrong:
                    refusals[name] = NOT_TRUE_FALSE.format(value=wrong[0])
            elif isinstance(
                filter_, django_filters.ModelChoiceFilter | ModelMultipleChoiceFilter
            ) and not filter_.extra.get("to_field_name"):
                wrong = [value for value in values if not _is_id(value)]
                if wrong:
                    refusals[name] = NOT_AN_ID
        return refusals

    def _refuse(self, name: str, message: str) -> None:
        # Replace django-filter's own message for the parameter: one clear reason each.
        self.form.errors[name] = self.form.error_class([message])
        self.form.cleaned_data.pop(name, None)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, holding every view to the strict FilterSet."""

    filterset_base = FilterSet

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is not None and not issubclass(filterset_class, FilterSet):
            raise ImproperlyConfigured(
                f"{view.__class__.__name__}.filterset_class {filterset_class.__name__} must "
                "extend cxgov.api.filters.FilterSet, so a bad filter is a 400, not ignored."
            )
        return filterset_class


class OrderingFilter(filters.OrderingFilter):
    """Ordering by a field the view does not offer is a 400 listing the ones it does."""

    def get_ordering(self, request, queryset, view):
        values = request.query_params.getlist(self.ordering_param)
        if values and all(not value.strip() for value in values):
            raise ValidationError({self.ordering_param: [EMPTY]})
        return super().get_ordering(request, queryset, view)

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = [item[0] for item in self.get_valid_fields(queryset, view, {"request": request})]
        unknown = [term for term in fields if term.removeprefix("-") not in valid]
        if unknown:
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Cannot order by {', '.join(unknown)}; order by one of "
                        f"{', '.join(valid)} (prefix - to reverse)."
                    ]
                }
            )
        return fields
