"""Survey platforms that push responses in by webhook: a source (the platform, its signing
secret, which question feeds which metric and which answer or hidden field fills which
dimension) and each delivery it sent, kept with its outcome so a refused one can be replayed
once the source is fixed."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cxgov.querysets import ScopedQuerySet
from cxgov.validators import plain_line

from .. import permissions as rules
from .imports import IMPORT_FIELDS
from .metrics import Metric, MetricKind

# What a source's field mapping may fill: every import field but those the delivery itself
# gives (the metric and score come from the questions, the time and id from the response).
MAPPABLE_FIELDS = tuple(
    f for f in IMPORT_FIELDS if f not in {"metric", "score", "responded_at", "external_id"}
)


class WebhookPlatform(models.TextChoices):
    TYPEFORM = "typeform", "Typeform"
    SURVEYMONKEY = "surveymonkey", "SurveyMonkey"
    FORMBRICKS = "formbricks", "Formbricks"


class WebhookSourceQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """A source holds its platform's secret and its deliveries customers' answers: only
        those who import responses see them."""
        return self if rules.can_import_responses(user) else self.none()


class WebhookSource(models.Model):
    slug = models.SlugField(
        max_length=50,
        unique=True,
        help_text="The address's last part: /api/v1/webhooks/<slug>/.",
    )
    name = models.CharField(max_length=120, validators=plain_line("The name"))
    platform = models.CharField(max_length=16, choices=WebhookPlatform.choices)
    secret = models.CharField(
        max_length=200,
        validators=plain_line("The secret"),
        help_text="Typeform: the webhook's secret. SurveyMonkey: the app's secret. Formbricks: "
        "the webhook's signing secret (whsec_...).",
    )
    api_key = models.CharField(
        max_length=200,
        blank=True,
        validators=plain_line("The API key"),
        help_text="SurveyMonkey only: the app's API key (client id), which signs with the secret.",
    )
    access_token = models.CharField(
        max_length=500,
        blank=True,
        validators=plain_line("The access token"),
        help_text="SurveyMonkey only: the token that reads a response's answers (its webhook "
        "says which response, not what it answered).",
    )
    api_url = models.URLField(
        blank=True,
        help_text="SurveyMonkey only: its API address, https://api.surveymonkey.com by default.",
    )
    questions = models.JSONField(
        default=dict,
        blank=True,
        help_text="Question (its ref or id on the platform) -> the code of the metric its "
        "score feeds.",
    )
    fields = models.JSONField(
        default=dict,
        blank=True,
        help_text="Answer or hidden field (ref, id or name) -> the import field it fills "
        "(touchpoint, channel, segment, business_unit, comment, customer_key).",
    )
    defaults = models.JSONField(
        default=dict,
        blank=True,
        help_text="Import field -> the value every response from this source takes when the "
        "delivery does not fill it (e.g. channel -> web).",
    )
    is_active = models.BooleanField(default=True, help_text="An inactive source refuses all.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WebhookSourceQuerySet.as_manager()
    # Who changed the mapping and when; never the secrets.
    history = HistoricalRecords(excluded_fields=["secret", "access_token"])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("voc:webhook-source", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.questions:
            errors["questions"] = "Map at least one question to the metric its score feeds."
        else:
            codes = {str(code) for code in self.questions.values()}
            known = set(
                Metric.objects.filter(code__in=codes, is_active=True)
                .exclude(kind=MetricKind.OPERATIONAL)
                .values_list("code", flat=True)
            )
            unknown = sorted(codes - known)
            if unknown:
                errors["questions"] = (
                    f"No survey metric has the code {', '.join(unknown)}: use the code of an "
                    "active NPS, CSAT, CES or custom metric."
                )
        for name in ("fields", "defaults"):
            targets = self.fields.values() if name == "fields" else self.defaults.keys()
            wrong = sorted({str(t) for t in targets} - set(MAPPABLE_FIELDS))
            if wrong:
                errors[name] = (
                    f"{', '.join(wrong)}: not a field a response takes; use "
                    f"{', '.join(MAPPABLE_FIELDS)}."
                )
        if self.platform == WebhookPlatform.SURVEYMONKEY:
            if not self.api_key:
                errors["api_key"] = "SurveyMonkey signs with the app's API key and secret."
            if not self.access_token:
                errors["access_token"] = "SurveyMonkey's webhook names the response; reading "
                "its answers takes an access token."
        elif self.platform == WebhookPlatform.FORMBRICKS and not self.secret.startswith("whsec_"):
            errors["secret"] = "A Formbricks signing secret begins with whsec_."
        if errors:
            raise ValidationError(errors)


class DeliveryStatus(models.TextChoices):
    RECEIVED = "received", "Being stored"
    STORED = "stored", "Stored"
    REFUSED = "refused", "Refused"


class WebhookDelivery(models.Model):
    """One delivery a source signed, as received: its body is kept so a refused delivery can
    be replayed with the source's mapping fixed. A platform's retry carries the same delivery
    id and lands on the same row."""

    source = models.ForeignKey(WebhookSource, on_delete=models.CASCADE, related_name="deliveries")
    delivery_id = models.CharField(max_length=200, help_text="The platform's id for the event.")
    received_at = models.DateTimeField(auto_now_add=True)
    body = models.TextField()
    status = models.CharField(max_length=8, choices=DeliveryStatus.choices)
    message = models.TextField(blank=True)
    errors = models.JSONField(default=list, blank=True)
    import_job = models.ForeignKey(
        "voc.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(default=1)
    responses_added = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "delivery_id"], name="webhook_delivery_once_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} delivery {self.delivery_id}"
