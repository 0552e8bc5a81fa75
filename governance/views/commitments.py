"""A working-group member's commitment: state it and agree to it (or, for the group's lead and
the core team, draft one for a member to agree to). A thin door onto governance.services."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from cxgov.pages import EditView

from .. import permissions as rules
from .. import services
from ..forms import CommitmentForm
from ..models import Commitment, GovernanceBody


class CommitmentState(EditView):
    queryset = GovernanceBody.objects.all()
    rule = rules.can_state_commitment
    form_class = CommitmentForm
    template_name = "governance/commitment_form.html"
    title, submit_label = "Commitment to {object}", "Save the commitment"
    success_message = "Saved: {saved}."

    def _person(self) -> Any:
        """Whose commitment the page is about: ?person= for a lead drafting one, else the
        reader's own."""
        pk = self.request.GET.get("person", "")
        if pk.isdigit() and rules.can_manage_body(self.request.user, self.object):
            return get_user_model().objects.filter(pk=pk).first() or self.request.user
        return self.request.user

    def rule_object(self) -> Commitment:
        return Commitment(body=self.object, person=self._person())

    def get_form_kwargs(self) -> dict[str, Any]:
        person = self._person()
        stated = Commitment.objects.filter(body=self.object, person=person).first()
        initial: dict[str, Any] = {"person": person.pk}
        if stated is not None:
            initial |= {
                "contribution": stated.contribution,
                "hours_per_month": stated.hours_per_month,
                "manager": stated.manager_id,
                # Only the member agrees: a lead drafting sees the box unticked.
                "agree": stated.agreed and person.pk == self.request.user.pk,
            }
        return {"initial": initial}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(body=self.object, **context)

    def get_success_url(self, saved: Commitment) -> str:
        return self.object.get_absolute_url() + "#commitments"

    def save(self, data: dict[str, Any]) -> Commitment:
        return services.commitment_state(by=self.request.user, body=self.object, **data)
