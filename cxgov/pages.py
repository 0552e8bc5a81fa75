"""Helpers for the pages of every app: thin views that parse, ask a rule, call one service.

- `swaps` tells an htmx swap (answer with the partial) from a plain request (the full page).
- `get_scoped_or_404` fetches through the model's `for_user` scope: out of scope is a 404.
- `refusal_message` turns any refusal into the one sentence a page shows.
- `KnownCountPaginator` pages a huge table with a count it is given, never count(*).
- `page_filters` and `filter_errors` are a list page's filter form: what it sent, what it refused.
- `EditView` and `DeleteView` are the create, edit and delete pages: configured per page with
  the object's lookup, the rule, the form, the service, the template and where to go next.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render, resolve_url
from django.utils.functional import cached_property
from django.views import View

from .errors import DomainError
from .forms import add_service_error
from .permissions import Rule, user_roles

# What a service raises to refuse input: shown on the page, never a 500.
REFUSALS = (ValidationError, DomainError)


def require_role(request: HttpRequest) -> None:
    if not user_roles(request.user):
        raise PermissionDenied("Your account has no cxgov role yet; ask an administrator.")


def require(rule: Rule, request: HttpRequest, obj: Any = None) -> None:
    """Answer 403 with the rule's own message unless it allows the request's user."""
    rule.enforce(request.user, obj)


def get_scoped_or_404(queryset: QuerySet, user: Any, **lookup: Any) -> Model:
    """The object if `user` may see it, else 404 (the same answer as for one that does not
    exist, so a scope never confirms what is outside it). No role at all is a 403."""
    if not user_roles(user):
        raise PermissionDenied("Your account has no cxgov role yet; ask an administrator.")
    scoped = queryset.for_user(user) if hasattr(queryset, "for_user") else queryset
    return get_object_or_404(scoped, **lookup)


def swaps(request: HttpRequest) -> bool:
    """htmx asks for a partial to swap in; a history restore needs the whole page."""
    return bool(getattr(request, "htmx", False)) and not request.htmx.history_restore_request


def refusal_message(refusal: Exception) -> str:
    """One sentence for a refusal shown away from a form (a row's error, a flash message)."""
    if isinstance(refusal, DomainError):
        return refusal.message
    if isinstance(refusal, ValidationError):
        return " ".join(refusal.messages)
    return str(refusal)


def page_filters(params: QueryDict, filterset_class: Any) -> QueryDict:
    """The filters a list page's form sent: every field is sent, and an empty one means "any"."""
    kept = QueryDict(mutable=True)
    for name, values in params.lists():
        if name in filterset_class.base_filters:
            values = [value for value in values if value.strip()]
            if values:
                kept.setlist(name, values)
    return kept


def filter_errors(filterset: Any) -> list[str]:
    """Each refused filter as "Label: message", so the page names the field at fault."""
    form = filterset.form

    def label(name: str) -> str:
        field = form.fields.get(name)
        return str(field.label) if field and field.label else name.replace("_", " ").capitalize()

    return [
        f"{label(name)}: {message}" for name, errors in form.errors.items() for message in errors
    ]


class KnownCountPaginator(Paginator):
    """A paginator told how many rows there are (a rollup's n, say) instead of running
    count(*) over a table of millions; pages are still read with LIMIT and OFFSET."""

    def __init__(self, object_list: Any, per_page: int, *, count: int, **kwargs: Any):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def _posted_nothing(request: HttpRequest) -> bool:
    """A POST with no field but the CSRF token: it did not come from the form a page drew."""
    return not any(name != "csrfmiddlewaretoken" for name in request.POST)


class _ObjectPage(View):
    """What the edit and delete pages share: the method check first (405 before anything
    else), then the object (out of scope is a 404), then the rule (403 with its message)."""

    http_method_names = ["get", "post"]
    # The object the page is about (the one edited, or the one a new object hangs under),
    # looked up through its `for_user` scope by the URL's keyword arguments; None on a page
    # about no object (a plain "new ..." page).
    queryset: QuerySet | None = None
    # The rule asked before anything is shown or saved: with `rule_object()`.
    rule: Rule
    # Format strings; `{object}` is the page's object, `{saved}` what the service returned.
    title = ""
    success_message = ""
    # Where to go after the write: a URL name or path; by default the saved object's page.
    success_url: str | None = None
    # What an htmx swap gets back instead of a redirect or the full page, if the page has one.
    partial_template_name: str | None = None

    object: Any = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.object = self.get_object()
        require(self.rule, request, self.rule_object())
        early = self.precondition()
        if early is not None:
            return early
        return super().dispatch(request, *args, **kwargs)

    def get_object(self) -> Any:
        if self.queryset is None:
            return None
        return get_scoped_or_404(self.queryset.all(), self.request.user, **self.kwargs)

    def rule_object(self) -> Any:
        """What the rule is asked about: the page's object unless the rule is about another."""
        return self.object

    def precondition(self) -> HttpResponse | None:
        """An answer instead of the page, where the object as it stands has no such page (a
        charter already in review has no "draft the next version")."""
        return None

    def get_title(self) -> str:
        return self.title.format(object=self.object)

    def get_success_message(self, saved: Any) -> str:
        return self.success_message.format(object=self.object, saved=saved)

    def get_success_url(self, saved: Any) -> str:
        return resolve_url(self.success_url or saved)

    def swaps(self) -> bool:
        return self.partial_template_name is not None and swaps(self.request)

    def get_partial_context(self, **context: Any) -> dict[str, Any]:
        """The partial's context; `notice` on success, the refused `form` (edit) or `error`
        (delete) otherwise."""
        return context

    def render_partial(self, *, status: int = 200, **context: Any) -> HttpResponse:
        assert self.partial_template_name is not None
        return render(
            self.request,
            self.partial_template_name,
            self.get_partial_context(**context),
            status=status,
        )

    def done(self, saved: Any) -> HttpResponse:
        """After the write: the partial with a notice for htmx, else a message and a redirect."""
        notice = self.get_success_message(saved)
        if self.swaps():
            return self.render_partial(notice=notice)
        messages.success(self.request, notice)
        return HttpResponseRedirect(self.get_success_url(saved))


class EditView(_ObjectPage):
    """A create or edit page: GET draws the form, POST binds it (always, so an empty POST is
    refused with the errors named, never drawn afresh) and runs the service in `save`.

    A refusal, by the form or by the service, redraws the page with the error next to its
    field and nothing saved; the page's object is re-read so it shows what is stored, not the
    refused input. Set per page: `queryset` (or `get_object`), `rule` (and `rule_object`),
    `form_class` and `get_form_kwargs`, `save`, `template_name` and `get_context_data`,
    `title`, `submit_label`, `success_message`, `success_url` (or `get_success_url`), and
    `partial_template_name` with `get_partial_context` where htmx swaps a section.

        class BusinessUnitEdit(EditView):
            queryset = BusinessUnit.objects.all()
            rule = rules.can_change_business_units
            form_class = BusinessUnitForm
            template_name = "governance/business_unit_form.html"
            title, submit_label = "Edit {object}", "Save"
            success_message, success_url = "{object} was saved.", "governance:business-unit-list"

            def get_form_kwargs(self):
                return {"business_unit": self.object}

            def save(self, data):
                return services.business_unit_update(
                    business_unit=self.object, by=self.request.user, data=data
                )
    """

    form_class: type[forms.Form]
    template_name: str
    submit_label = ""
    # The answer to a form the person filled in and the form or the service refused.
    invalid_status = 200

    form: forms.Form

    def get_form_kwargs(self) -> dict[str, Any]:
        return {}

    def get_form(self) -> forms.Form:
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data, **self.get_form_kwargs())

    def save(self, data: dict[str, Any]) -> Any:
        """Call the one service with keyword arguments; return what it saved (not None)."""
        raise NotImplementedError(f"{type(self).__name__} must say which service saves it.")

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {"title": self.get_title(), "submit": self.submit_label, **context}

    def render_page(self, form: forms.Form, *, status: int = 200) -> HttpResponse:
        context = self.get_context_data(form=form)
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.form = self.get_form()
        return self.render_page(self.form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.form = form = self.get_form()
        if form.is_valid():
            try:
                saved = self.save(form.cleaned_data)
            except REFUSALS as refusal:
                # On the form next to its field, nothing saved; the object is read again so
                # the page does not show the refused input as if it were stored.
                add_service_error(form, refusal)
                if self.object is not None:
                    self.object.refresh_from_db()
            else:
                return self.done(saved)
        # Nothing at all posted is a bad request; a person's refused input is the page's own
        # answer (the page redrawn, 200 unless the page says otherwise).
        status = 400 if _posted_nothing(request) else self.invalid_status
        return self.refused(self.form, status=status)

    def refused(self, form: forms.Form, *, status: int) -> HttpResponse:
        """The refused form with its errors: in the partial for htmx, else the whole page."""
        if self.swaps():
            return self.render_partial(form=form, status=status)
        return self.render_page(form, status=status)


class DeleteView(_ObjectPage):
    """A delete: GET asks to confirm (where the page has a `template_name`; else POST only),
    POST runs the service in `delete`. A refusal is shown as one sentence, `refusal` on the
    confirmation page (400) or a message back on `success_url`'s page; nothing is deleted.

        class TargetLinkDelete(DeleteView):
            http_method_names = ["post"]
            queryset = TargetLink.objects.all()
            rule = rules.can_edit_initiative
            success_message = "{object.initiative} no longer claims to move {object.target}."

            def delete(self):
                services.target_link_delete(link=self.object, by=self.request.user)
    """

    template_name: str | None = None
    refused_status = 400

    def delete(self) -> None:
        raise NotImplementedError(f"{type(self).__name__} must say which service deletes it.")

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {"title": self.get_title(), "object": self.object, **context}

    def render_page(self, *, refusal: str = "", status: int = 200) -> HttpResponse:
        assert self.template_name is not None, "a DeleteView without a page answers POST only"
        context = self.get_context_data(refusal=refusal)
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_page()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.delete()
        except REFUSALS as refusal:
            error = refusal_message(refusal)
            self.object.refresh_from_db()
            if self.swaps():
                return self.render_partial(error=error, status=self.refused_status)
            if self.template_name is not None:
                return self.render_page(refusal=error, status=self.refused_status)
            messages.error(request, error)
            return HttpResponseRedirect(self.get_success_url(self.object))
        return self.done(self.object)
