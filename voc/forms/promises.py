"""The CX promise form: the words customers read, where they meet it and the metric that tells.
The form parses; voc.services.promise_create/promise_update and the model decide."""

from __future__ import annotations

from django import forms

from cxgov.forms import model_field

from ..models import Metric, MetricKind, Promise, Touchpoint


class PromiseForm(forms.Form):
    statement = model_field(Promise, "statement")
    touchpoint = forms.ModelChoiceField(
        queryset=Touchpoint.objects.order_by("name"),
        help_text=Promise._meta.get_field("touchpoint").help_text,
    )
    metric = forms.ModelChoiceField(
        queryset=Metric.objects.exclude(kind=MetricKind.OPERATIONAL).order_by("name"),
        help_text=Promise._meta.get_field("metric").help_text,
    )
    note = model_field(Promise, "note", widget=forms.Textarea(attrs={"rows": 3}))
    is_active = model_field(Promise, "is_active", label="Still made to customers")
