"""A person's own digest: how often they get it, and what it would say if it were sent now."""

from __future__ import annotations

from typing import Any

from django import forms

from cxgov import digest
from cxgov.models import DigestFrequency, DigestPreference
from cxgov.pages import EditView


class DigestPreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often",
        choices=DigestFrequency.choices,
        help_text="Monthly comes on the month's first day, weekly on Mondays; off sends none.",
    )


class DigestPage(EditView):
    rule = digest.can_set_digest_preference
    form_class = DigestPreferenceForm
    template_name = "cxgov/digest/page.html"
    title, submit_label = "Your digest", "Save"
    success_url = "digest"

    def get_success_message(self, saved: DigestPreference) -> str:
        return f"Saved: your digest is now {saved.get_frequency_display().lower()}."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initial": {"frequency": digest.digest_frequency(self.request.user)}}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        user = self.request.user
        frequency = digest.digest_frequency(user)
        # Off still previews the monthly digest, so the person sees what they turned off.
        period = digest.digest_period(
            DigestFrequency.MONTHLY if frequency == DigestFrequency.OFF else frequency
        )
        sections = digest.digest(user=user, since=period.since)
        return super().get_context_data(
            frequency=frequency,
            is_off=frequency == DigestFrequency.OFF,
            period=period,
            sections=sections,
            subject=digest.digest_subject(period),
            **context,
        )

    def save(self, data: dict[str, Any]) -> DigestPreference:
        return digest.digest_preference_set(user=self.request.user, frequency=data["frequency"])
