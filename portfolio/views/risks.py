"""Risk pages: recording, editing and escalating an initiative's risks."""

from __future__ import annotations

from typing import Any

from cxgov.pages import get_scoped_or_404

from .. import services
from ..forms import EscalateForm, RiskForm
from ..models import Initiative, Risk
from .initiatives import _FormPage, _OnInitiative


class RiskCreate(_OnInitiative, _FormPage):
    form_class = RiskForm
    title, submit_label = "Raise a risk on {object}", "Raise risk"
    success_message = "Risk “{saved}” raised."
    section = "risks"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initial": {"owner": self.request.user.pk}}

    def save(self, data: dict[str, Any]) -> Risk:
        return services.risk_create(by=self.request.user, initiative=self.object, **data)


class _OnRisk(_OnInitiative):
    """For a page about one risk, for those who may edit its initiative."""

    section = "risks"

    def get_object(self) -> Risk:
        risks = Risk.objects.select_related("initiative__working_group", "owner")
        return get_scoped_or_404(risks, self.request.user, pk=self.kwargs["pk"])

    def initiative(self) -> Initiative:
        return self.object.initiative


class RiskEdit(_OnRisk, _FormPage):
    form_class = RiskForm
    title, submit_label = "Edit risk “{object}”", "Save risk"
    success_message = "Risk “{object}” saved."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"risk": self.object}

    def save(self, data: dict[str, Any]) -> Risk:
        return services.risk_update(risk=self.object, by=self.request.user, data=data)


class RiskEscalate(_OnRisk, _FormPage):
    form_class = EscalateForm
    title, submit_label = "Escalate “{object}” to the steering committee", "Escalate"
    lead = "Severity {object.severity} (likelihood {object.likelihood} × impact {object.impact})."
    success_message = "“{object}” goes to the steering committee's next meeting."

    def save(self, data: dict[str, Any]) -> Risk:
        return services.risk_escalate(risk=self.object, by=self.request.user, note=data["note"])
