"""Survey platforms push responses in: a delivery's signature is checked against its source's
secret, its payload read in the platform's documented shape, and its answers become JSON
import records that go through the same importer as a file (voc.services.imports): the same
messages, the same idempotency by external id, the same case opening. A delivery is kept with
its outcome; a refused one is replayed from its stored body once the source is fixed.

Signature schemes, each compared in constant time:
- Typeform: `Typeform-Signature: sha256=<base64 HMAC-SHA256 of the raw body with the secret>`.
- SurveyMonkey: `Sm-Signature: <base64 HMAC-SHA1 of the raw body with "api_key&secret">` and
  `Sm-Apikey`; its event names the response, whose answers are read from its API.
- Formbricks (Standard Webhooks): `webhook-id`, `webhook-timestamp` and `webhook-signature:
  v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the whsec_ secret's decoded key>`.
A signed time outside CXGOV_WEBHOOK_TOLERANCE_SECONDS is a replay; a delivery seen again (the
platform's retry, the same delivery id) stores nothing twice.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cxgov.services import model_update, validated_save

from ..errors import DeliveryUnsigned, ImportRejected, VocError
from ..models import (
    DeliveryStatus,
    ImportStatus,
    WebhookDelivery,
    WebhookPlatform,
    WebhookSource,
)
from ..permissions import can_manage_webhook_sources
from .imports import import_job_create_signed
from .responses import records_to_csv

SURVEYMONKEY_API = "https://api.surveymonkey.com"


@dataclass
class Submission:
    """One finished survey response, as the platform described it: its id and time, and its
    answers and hidden fields by every key the source may map them with."""

    external_id: str
    responded_at: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    """What a delivery came to: `delivery` None when it was not kept (an event that is no
    finished response); `repeated` when it was already stored."""

    delivery: WebhookDelivery | None
    repeated: bool = False
    ignored: str = ""


def _hmac64(key: bytes, message: bytes, digest: Any) -> str:
    return base64.b64encode(hmac.new(key, message, digest).digest()).decode("ascii")


def _same(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def _within_window(signed_at: dt.datetime, now: dt.datetime) -> None:
    tolerance = settings.CXGOV_WEBHOOK_TOLERANCE_SECONDS
    if abs((now - signed_at).total_seconds()) > tolerance:
        raise DeliveryUnsigned(
            f"The delivery was signed at {signed_at:%Y-%m-%d %H:%M:%S} UTC, more than "
            f"{tolerance} seconds from now: refused as a replay."
        )


def _json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ImportRejected("The delivery's body is not JSON.") from None
    if not isinstance(data, dict):
        raise ImportRejected("The delivery's body is not a JSON object.")
    return data


def _text(value: Any) -> Any:
    """An answer as the importer reads it: a choice by its label, several joined."""
    if isinstance(value, dict):
        value = value.get("label", value.get("other", ""))
    if isinstance(value, list):
        return ", ".join(str(_text(v)) for v in value)
    return value


# -- Typeform -------------------------------------------------------------------------------------


def _typeform_verify(source: WebhookSource, body: bytes, headers: Mapping[str, str], now) -> None:
    given = headers.get("Typeform-Signature", "")
    expected = "sha256=" + _hmac64(source.secret.encode("utf-8"), body, hashlib.sha256)
    if not given or not _same(expected, given):
        raise DeliveryUnsigned("The Typeform-Signature header does not match the body.")


def _typeform_other(data: dict[str, Any]) -> str:
    if data.get("event_type") != "form_response":
        return f"A Typeform {str(data.get('event_type'))[:40]} event is no response."
    return ""


def _typeform_read(source: WebhookSource, data: dict[str, Any]) -> Submission:
    form = data.get("form_response")
    if not isinstance(form, dict):
        raise ImportRejected("The Typeform delivery has no form_response.")
    values: dict[str, Any] = {}
    for name, value in (form.get("hidden") or {}).items():
        values[str(name)] = value
    for answer in form.get("answers") or []:
        if not isinstance(answer, dict):
            continue
        kind = answer.get("type")
        value = _text(answer.get(kind)) if kind else None
        question = answer.get("field") or {}
        for key in (question.get("ref"), question.get("id")):
            if key:
                values[str(key)] = value
    return Submission(
        external_id=str(form.get("token") or ""),
        responded_at=str(form.get("submitted_at") or ""),
        values=values,
    )


# -- SurveyMonkey ---------------------------------------------------------------------------------


def _surveymonkey_verify(source: WebhookSource, body: bytes, headers, now) -> None:
    key = f"{source.api_key}&{source.secret}".encode()
    expected = _hmac64(key, body, hashlib.sha1)
    given = headers.get("Sm-Signature", "")
    if not given or not _same(expected, given):
        raise DeliveryUnsigned("The Sm-Signature header does not match the body.")
    if not _same(source.api_key, headers.get("Sm-Apikey", "")):
        raise DeliveryUnsigned("The Sm-Apikey header is not this source's API key.")
    try:
        signed_at = parse_datetime(str(json.loads(body).get("event_datetime")))
    except (ValueError, AttributeError, TypeError):
        signed_at = None
    if signed_at is None or timezone.is_naive(signed_at):
        raise DeliveryUnsigned("The SurveyMonkey event has no event_datetime with an offset.")
    _within_window(signed_at, now)


def _surveymonkey_other(data: dict[str, Any]) -> str:
    if data.get("event_type") != "response_completed":
        return f"A SurveyMonkey {str(data.get('event_type'))[:40]} event is no finished response."
    return ""


def _surveymonkey_read(source: WebhookSource, data: dict[str, Any]) -> Submission:
    resources = data.get("resources") or {}
    survey, response = resources.get("survey_id"), data.get("object_id")
    if not survey or not response:
        raise ImportRejected("The SurveyMonkey event names no survey_id and object_id.")
    base = (source.api_url or SURVEYMONKEY_API).rstrip("/")
    url = f"{base}/v3/surveys/{survey}/responses/{response}/details"
    try:
        answer = requests.get(
            url,
            params={"simple": "true"},
            headers={"Authorization": f"Bearer {source.access_token}"},
            timeout=settings.CXGOV_WEBHOOK_FETCH_TIMEOUT,
        )
        answer.raise_for_status()
        details = answer.json()
    except (requests.RequestException, ValueError) as exc:
        raise ImportRejected(
            f"Reading response {str(response)[:40]} from SurveyMonkey failed ({exc}): check the "
            "access token and the API address, then replay."
        ) from None
    values: dict[str, Any] = dict(details.get("custom_variables") or {})
    for page in details.get("pages") or []:
        for question in page.get("questions") or []:
            given = [a.get("simple_text", a.get("text", "")) for a in question.get("answers") or []]
            if given and question.get("id"):
                values[str(question["id"])] = given[0] if len(given) == 1 else ", ".join(given)
    return Submission(
        external_id=str(details.get("id") or response),
        responded_at=str(details.get("date_modified") or details.get("date_created") or ""),
        values=values,
    )


# -- Formbricks (Standard Webhooks) ---------------------------------------------------------------


def _formbricks_verify(source: WebhookSource, body: bytes, headers, now) -> None:
    msg_id = headers.get("webhook-id", "")
    stamp = headers.get("webhook-timestamp", "")
    given = headers.get("webhook-signature", "")
    if not (msg_id and stamp and given):
        raise DeliveryUnsigned(
            "The delivery lacks the webhook-id, webhook-timestamp or webhook-signature header."
        )
    try:
        key = base64.b64decode(source.secret.removeprefix("whsec_"), validate=True)
    except (binascii.Error, ValueError):
        raise DeliveryUnsigned("The source's signing secret is not a whsec_ key.") from None
    expected = _hmac64(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256)
    offered = [part.partition(",")[2] for part in given.split() if part.startswith("v1,")]
    # A key being rotated sends two signatures: either may match, each compared in constant time.
    if not any(_same(expected, signature) for signature in offered):
        raise DeliveryUnsigned("The webhook-signature header does not match the body.")
    if not stamp.isdigit():
        raise DeliveryUnsigned("The webhook-timestamp header is not a number of seconds.")
    _within_window(dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC), now)


def _formbricks_other(data: dict[str, Any]) -> str:
    if data.get("event") != "responseFinished":
        return f"A Formbricks {str(data.get('event'))[:40]} event is no finished response."
    return ""


def _formbricks_read(source: WebhookSource, data: dict[str, Any]) -> Submission:
    response = data.get("data")
    if not isinstance(response, dict):
        raise ImportRejected("The Formbricks delivery has no data.")
    values: dict[str, Any] = {}
    for group in ("meta", "contactAttributes"):
        for name, value in (response.get(group) or {}).items():
            if not isinstance(value, dict):
                values[str(name)] = value
    for name, value in (response.get("data") or {}).items():
        values[str(name)] = _text(value)
    return Submission(
        external_id=str(response.get("id") or ""),
        responded_at=str(response.get("updatedAt") or response.get("createdAt") or ""),
        values=values,
    )


@dataclass(frozen=True)
class _Platform:
    verify: Callable[..., None]
    # Why an event is not a finished response ("" when it is): answered, not kept.
    other: Callable[[dict[str, Any]], str]
    read: Callable[[WebhookSource, dict[str, Any]], Submission]
    # Where the platform puts a delivery's id: a header, or a key of the body.
    delivery_header: str = ""
    delivery_key: str = ""


PLATFORMS: dict[str, _Platform] = {
    WebhookPlatform.TYPEFORM: _Platform(
        _typeform_verify, _typeform_other, _typeform_read, delivery_key="event_id"
    ),
    WebhookPlatform.SURVEYMONKEY: _Platform(
        _surveymonkey_verify, _surveymonkey_other, _surveymonkey_read, delivery_key="event_id"
    ),
    WebhookPlatform.FORMBRICKS: _Platform(
        _formbricks_verify, _formbricks_other, _formbricks_read, delivery_header="webhook-id"
    ),
}


def webhook_records(*, source: WebhookSource, submission: Submission) -> list[dict[str, Any]]:
    """The import records of one response: one per mapped question it answered (metric and
    score), each with the mapped dimensions, the source's defaults under them."""
    shared: dict[str, Any] = dict(source.defaults)
    for key, target in source.fields.items():
        value = submission.values.get(key)
        if value not in (None, ""):
            shared[target] = value
    records = [
        {**shared, "metric": code, "score": submission.values[ref],
         "responded_at": submission.responded_at, "external_id": submission.external_id}
        for ref, code in source.questions.items()
        if submission.values.get(ref) not in (None, "")
    ]  # fmt: skip
    if not records:
        given = ", ".join(sorted(submission.values)[:20]) or "none"
        raise ImportRejected(
            f"The response answers none of the questions mapped to a metric "
            f"({', '.join(sorted(source.questions))}); its questions and fields: {given}. Map "
            "its score question on the source's page, then replay the delivery."
        )
    return records


def _store(delivery: WebhookDelivery) -> WebhookDelivery:
    """Read the delivery's body and import its records; record the outcome on the delivery."""
    source = delivery.source
    delivery.errors, delivery.responses_added = [], 0
    try:
        submission = PLATFORMS[source.platform].read(source, _json(delivery.body.encode()))
        job = import_job_create_signed(
            file=records_to_csv(webhook_records(source=source, submission=submission)),
            original_name=f"{source.slug} delivery {delivery.delivery_id}"[:255],
        )
    except ImportRejected as refusal:
        delivery.status, delivery.message = DeliveryStatus.REFUSED, refusal.message
        delivery.errors = refusal.errors
    else:
        delivery.import_job = job
        delivery.message, delivery.errors = job.message, job.errors
        if job.status == ImportStatus.SUCCEEDED:
            delivery.status, delivery.responses_added = DeliveryStatus.STORED, job.inserted_rows
        else:
            delivery.status = DeliveryStatus.REFUSED
    delivery.save()
    return delivery


def webhook_receive(
    *,
    source: WebhookSource,
    body: bytes,
    headers: Mapping[str, str],
    now: dt.datetime | None = None,
) -> Outcome:
    """Take a delivery posted to a source's address. Raises DeliveryUnsigned (nothing kept) when
    its signature or signed time does not check out; otherwise keeps it with its outcome. A
    delivery already stored is not stored again; one refused before is tried again (the
    platform's retry after the source was fixed)."""
    platform = PLATFORMS[source.platform]
    platform.verify(source, body, headers, now or timezone.now())
    data = _json(body)
    other = platform.other(data)
    if other:
        return Outcome(delivery=None, ignored=other)
    delivery_id = (
        headers.get(platform.delivery_header, "")
        if platform.delivery_header
        else str(data.get(platform.delivery_key) or "")
    )[:200]
    if not delivery_id:
        raise ImportRejected(f"The {source.get_platform_display()} delivery carries no id.")
    text = body.decode("utf-8")
    try:
        with transaction.atomic():
            delivery, created = WebhookDelivery.objects.get_or_create(
                source=source,
                delivery_id=delivery_id,
                defaults={"body": text, "status": DeliveryStatus.RECEIVED},
            )
    except IntegrityError:  # the same delivery, posted twice at once: the other run stores it
        delivery, created = (
            WebhookDelivery.objects.get(source=source, delivery_id=delivery_id),
            False,
        )
    if not created:
        if delivery.status == DeliveryStatus.STORED:
            return Outcome(delivery=delivery, repeated=True)
        delivery.body, delivery.attempts = text, delivery.attempts + 1
    return Outcome(delivery=_store(delivery))


def webhook_delivery_replay(*, delivery: WebhookDelivery, by: Any) -> WebhookDelivery:
    """Try a refused delivery again from its stored body, with the source as it is now
    configured (the core team fixed its mapping, or the metric it names now exists)."""
    can_manage_webhook_sources.enforce(by)
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update().select_related("source").get(pk=delivery.pk)
        )
        if delivery.status != DeliveryStatus.REFUSED:
            raise VocError("Only a refused delivery can be replayed; this one is stored.")
        delivery.attempts += 1
        delivery.save(update_fields=["attempts"])
    return _store(delivery)


# What a page or the admin may set on a source; the secrets only when given (blank keeps them).
SOURCE_FIELDS = ("name", "slug", "platform", "api_url", "questions", "fields", "defaults",
                 "is_active")  # fmt: skip
SECRET_FIELDS = ("secret", "api_key", "access_token")


def webhook_source_create(*, by: Any, data: Mapping[str, Any]) -> WebhookSource:
    """Set up a survey platform's source: its address, secret and mapping (all model rules)."""
    can_manage_webhook_sources.enforce(by)
    return validated_save(WebhookSource(created_by=by, **data))


def webhook_source_update(
    *, source: WebhookSource, by: Any, data: Mapping[str, Any]
) -> WebhookSource:
    """Change a source's mapping or settings; a secret left blank stays as it was."""
    can_manage_webhook_sources.enforce(by)
    changes = {k: v for k, v in data.items() if k not in SECRET_FIELDS or v}
    with transaction.atomic():
        source, _ = model_update(
            instance=source, fields=(*SOURCE_FIELDS, *SECRET_FIELDS), data=changes
        )
    return source
