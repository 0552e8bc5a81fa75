"""Survey platforms push responses in: real signed HTTP requests (raw bodies, the platforms'
documented headers, signed here from the documentation, not with the service's code) to
/api/v1/webhooks/<source>/, and SurveyMonkey's answers read from an HTTP server on loopback.
A delivery goes through the import's own rules: the same messages as the JSON bulk import,
one response per metric and external id however often it comes, a case for a recent
detractor's comment."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone

from cxgov.roles import Role
from tests.factories import UserFactory
from voc import services
from voc.errors import VocError
from voc.models import (
    ClosedLoopCase,
    DeliveryStatus,
    ImportJob,
    Response,
    WebhookDelivery,
    WebhookSource,
)

from .factories import ChannelFactory, TouchpointFactory

pytestmark = pytest.mark.django_db

TYPEFORM_SECRET = "tf-secret-123"
SM_KEY, SM_SECRET = "sm-client-id", "sm-client-secret"
FB_KEY = b"formbricks-signing-key-32-bytes!"
FB_SECRET = "whsec_" + base64.b64encode(FB_KEY).decode()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def core(db):
    return UserFactory(username="cora", roles=[Role.CORE_TEAM])


@pytest.fixture
def checkout(db):
    owner = UserFactory(username="otto", roles=[Role.WORKING_GROUP_MEMBER])
    ChannelFactory(code="web", name="Web")
    return TouchpointFactory(code="checkout", name="Checkout", owner=owner)


def source(core, platform: str, **fields) -> WebhookSource:
    data = {
        "name": f"{platform} survey",
        "slug": platform,
        "platform": platform,
        "secret": {"formbricks": FB_SECRET, "surveymonkey": SM_SECRET}.get(
            platform, TYPEFORM_SECRET
        ),
        "questions": {"q-nps": "nps"},
        "fields": {"touchpoint": "touchpoint", "q-why": "comment"},
        "defaults": {"channel": "web"},
        **fields,
    }
    return services.webhook_source_create(by=core, data=data)


def now_text(offset_minutes: int = 0) -> str:
    moment = timezone.now() - dt.timedelta(minutes=offset_minutes)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- Typeform: Typeform-Signature: sha256=base64(HMAC-SHA256(secret, raw body)) -------------------


def typeform_body(token="tok-1", nps=3, event_id="ev-1", why="Checkout kept failing.") -> bytes:
    answers = [
        {"type": "number", "number": nps, "field": {"id": "A1", "type": "opinion_scale",
                                                   "ref": "q-nps"}},
        {"type": "text", "text": why, "field": {"id": "A2", "type": "long_text", "ref": "q-why"}},
    ]  # fmt: skip
    payload = {
        "event_id": event_id,
        "event_type": "form_response",
        "form_response": {
            "form_id": "lT4Z3j",
            "token": token,
            "landed_at": now_text(5),
            "submitted_at": now_text(1),
            "hidden": {"touchpoint": "checkout"},
            "definition": {"id": "lT4Z3j", "title": "How did we do?", "fields": []},
            "answers": answers,
        },
    }
    return json.dumps(payload).encode()


def typeform_post(client, body: bytes, secret: str = TYPEFORM_SECRET, slug: str = "typeform"):
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return client.post(
        reverse("webhook-receive", kwargs={"source": slug}),
        data=body,
        content_type="application/json",
        headers={"Typeform-Signature": "sha256=" + base64.b64encode(digest).decode()},
    )


def test_typeform_delivery_stores_a_response_with_its_dimensions_and_opens_a_case(
    client, core, checkout
):
    source(core, "typeform")
    answer = typeform_post(client, typeform_body())
    assert answer.status_code == 201, answer.content
    assert answer.json()["status"] == "stored"
    assert answer.json()["responses_added"] == 1
    response = Response.objects.select_related("metric", "touchpoint", "channel").get()
    assert (response.metric.code, response.score, response.external_id) == ("nps", 3, "tok-1")
    assert (response.touchpoint.code, response.channel.code) == ("checkout", "web")
    assert response.comment == "Checkout kept failing."
    # A recent detractor with a comment: the touchpoint's owner follows it up, as for a file.
    case = ClosedLoopCase.objects.get()
    assert (case.response_id, case.owner.username) == (response.pk, "otto")
    job = ImportJob.objects.get()
    assert (job.format, job.mode, job.created_by, job.cases_opened) == ("json", "live", None, 1)


def test_a_delivery_seen_twice_stores_one_response(client, core, checkout):
    source(core, "typeform")
    assert typeform_post(client, typeform_body()).status_code == 201
    again = typeform_post(client, typeform_body())
    assert again.status_code == 200
    assert again.json()["detail"] == "This delivery was stored before; nothing was stored again."
    # Another delivery of the same response (a resend from the platform): skipped by its id.
    resent = typeform_post(client, typeform_body(event_id="ev-2"))
    assert resent.status_code == 201
    assert resent.json()["responses_added"] == 0
    assert "1 already stored" in resent.json()["detail"]
    assert Response.objects.count() == 1
    assert WebhookDelivery.objects.count() == 2
    assert ClosedLoopCase.objects.count() == 1


@pytest.mark.parametrize(
    "signature",
    ["", "sha256=", "sha256=AAAA", "sha1=whatever"],
    ids=["missing", "empty", "wrong", "other-scheme"],
)
def test_a_typeform_delivery_not_signed_with_the_secret_is_refused_and_not_kept(
    client, core, checkout, signature
):
    source(core, "typeform")
    headers = {"Typeform-Signature": signature} if signature else {}
    answer = client.post(
        "/api/v1/webhooks/typeform/", data=typeform_body(), content_type="application/json",
        headers=headers,
    )  # fmt: skip
    assert answer.status_code == 401
    assert answer.json() == {"detail": "The Typeform-Signature header does not match the body."}
    assert (WebhookDelivery.objects.count(), Response.objects.count()) == (0, 0)


def test_a_body_changed_after_signing_or_another_secret_is_refused(client, core, checkout):
    source(core, "typeform")
    body = typeform_body()
    digest = hmac.new(TYPEFORM_SECRET.encode(), body, hashlib.sha256).digest()
    tampered = body.replace(b'"number": 3', b'"number": 10')
    answer = client.post(
        "/api/v1/webhooks/typeform/", data=tampered, content_type="application/json",
        headers={"Typeform-Signature": "sha256=" + base64.b64encode(digest).decode()},
    )  # fmt: skip
    assert answer.status_code == 401
    assert typeform_post(client, body, secret="another-secret").status_code == 401
    assert (WebhookDelivery.objects.count(), Response.objects.count()) == (0, 0)


def test_unknown_or_inactive_source_is_404(client, core, checkout):
    source(core, "typeform", is_active=False)
    assert typeform_post(client, typeform_body()).status_code == 404
    assert typeform_post(client, typeform_body(), slug="nowhere").status_code == 404
    assert WebhookDelivery.objects.count() == 0


def test_an_event_that_is_no_response_is_answered_and_not_kept(client, core, checkout):
    source(core, "typeform")
    body = json.dumps({"event_id": "ping", "event_type": "form_ping"}).encode()
    answer = typeform_post(client, body)
    assert answer.status_code == 200
    assert answer.json()["status"] == "ignored"
    assert WebhookDelivery.objects.count() == 0


def test_a_signed_body_that_is_not_json_is_400(client, core, checkout):
    source(core, "typeform")
    answer = typeform_post(client, b"not json at all")
    assert answer.status_code == 400
    assert answer.json()["detail"] == "The delivery's body is not JSON."
    assert WebhookDelivery.objects.count() == 0


def test_a_refused_delivery_gives_the_bulk_imports_message_is_kept_and_replays_once_fixed(
    client, api_client, core, checkout
):
    # The NPS question wrongly mapped to CSAT (1 to 5): a 9 is out of its range.
    tf = source(core, "typeform", questions={"q-nps": "csat"})
    answer = typeform_post(client, typeform_body(nps=9))
    assert answer.status_code == 400
    refused = WebhookDelivery.objects.get()
    assert refused.status == DeliveryStatus.REFUSED
    assert answer.json()["detail"] == refused.message
    assert answer.json()["errors"] == refused.errors
    # The JSON bulk import says exactly the same of the same record.
    api_client.force_authenticate(core)
    record = {"metric": "csat", "score": 9, "responded_at": now_text(1), "external_id": "tok-1",
              "touchpoint": "checkout", "channel": "web", "comment": "Checkout kept failing."}  # fmt: skip
    bulk = api_client.post("/api/v1/responses/bulk/", {"responses": [record]}, format="json")
    assert bulk.status_code == 400
    assert bulk.json()["errors"] == refused.errors
    assert bulk.json()["detail"] == refused.message
    assert Response.objects.count() == 0

    # Replaying unchanged refuses again; fixing the mapping, then replaying, stores it.
    assert services.webhook_delivery_replay(delivery=refused, by=core).status == "refused"
    services.webhook_source_update(source=tf, by=core, data={"questions": {"q-nps": "nps"}})
    replayed = services.webhook_delivery_replay(delivery=refused, by=core)
    assert (replayed.status, replayed.responses_added, replayed.attempts) == ("stored", 1, 3)
    assert Response.objects.get().score == 9
    with pytest.raises(VocError, match="Only a refused delivery can be replayed"):
        services.webhook_delivery_replay(delivery=replayed, by=core)


def test_a_response_answering_no_mapped_question_is_refused_naming_its_questions(
    client, core, checkout
):
    source(core, "typeform", questions={"q-satisfaction": "csat"})
    answer = typeform_post(client, typeform_body())
    assert answer.status_code == 400
    assert answer.json()["detail"] == (
        "The response answers none of the questions mapped to a metric (q-satisfaction); its "
        "questions and fields: A1, A2, q-nps, q-why, touchpoint. Map its score question on the "
        "source's page, then replay the delivery."
    )
    assert WebhookDelivery.objects.get().status == DeliveryStatus.REFUSED


def test_only_the_core_team_replays(core, checkout):
    tf = source(core, "typeform", questions={"q-nps": "csat"})
    delivery = WebhookDelivery.objects.create(
        source=tf, delivery_id="x", body=typeform_body().decode(), status=DeliveryStatus.REFUSED
    )
    viewer = UserFactory(username="vic", roles=[Role.VIEWER])
    with pytest.raises(Exception, match="Only admins and the core CX team"):
        services.webhook_delivery_replay(delivery=delivery, by=viewer)
    delivery.refresh_from_db()
    assert delivery.attempts == 1


# -- Formbricks (Standard Webhooks): v1,base64(HMAC-SHA256(key, "id.timestamp.body")) -------------


def formbricks_body(response_id="fb-resp-1", nps=10, event="responseFinished") -> bytes:
    payload = {
        "webhookId": "wh-1",
        "event": event,
        "data": {
            "id": response_id,
            "createdAt": "2026-11-30T10:00:00.000Z",
            "updatedAt": now_text(2).replace("Z", ".000Z"),
            "surveyId": "sv-1",
            "finished": True,
            "data": {"q-nps": nps, "q-why": "Quick and clear."},
            "meta": {"source": "app", "url": "https://bank.example/checkout"},
            "contactAttributes": {"touchpoint": "checkout"},
            "tags": [],
        },
    }
    return json.dumps(payload).encode()


def formbricks_post(client, body, *, msg_id="msg_1", stamp=None, key=FB_KEY, extra_sig=""):
    stamp = str(int(timezone.now().timestamp()) if stamp is None else stamp)
    signed = f"{msg_id}.{stamp}.".encode() + body
    signature = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return client.post(
        "/api/v1/webhooks/formbricks/",
        data=body,
        content_type="application/json",
        headers={
            "webhook-id": msg_id,
            "webhook-timestamp": stamp,
            "webhook-signature": f"{extra_sig} v1,{signature}".strip(),
        },
    )


def test_formbricks_delivery_is_stored(client, core, checkout):
    source(core, "formbricks")
    # A rotated key: the platform sends the old key's signature beside the new one.
    answer = formbricks_post(client, formbricks_body(), extra_sig="v1,b2xkLWtleS1zaWduYXR1cmU=")
    assert answer.status_code == 201, answer.content
    response = Response.objects.select_related("touchpoint").get()
    assert (response.score, response.external_id, response.touchpoint.code) == (
        10, "fb-resp-1", "checkout",
    )  # fmt: skip
    assert WebhookDelivery.objects.get().delivery_id == "msg_1"
    assert ClosedLoopCase.objects.count() == 0  # a promoter opens no case


def test_formbricks_delivery_outside_the_time_window_is_a_replay(client, core, checkout, settings):
    source(core, "formbricks")
    old = int(timezone.now().timestamp()) - settings.CXGOV_WEBHOOK_TOLERANCE_SECONDS - 5
    answer = formbricks_post(client, formbricks_body(), stamp=old)
    assert answer.status_code == 401
    assert "more than 300 seconds from now: refused as a replay" in answer.json()["detail"]
    future = int(timezone.now().timestamp()) + settings.CXGOV_WEBHOOK_TOLERANCE_SECONDS + 5
    assert formbricks_post(client, formbricks_body(), stamp=future).status_code == 401
    assert (WebhookDelivery.objects.count(), Response.objects.count()) == (0, 0)


def test_formbricks_delivery_signed_with_another_key_or_unsigned_is_refused(client, core, checkout):
    source(core, "formbricks")
    assert formbricks_post(client, formbricks_body(), key=b"another").status_code == 401
    bare = client.post(
        "/api/v1/webhooks/formbricks/", data=formbricks_body(), content_type="application/json"
    )
    assert bare.status_code == 401
    assert "lacks the webhook-id" in bare.json()["detail"]
    assert WebhookDelivery.objects.count() == 0


def test_formbricks_unfinished_response_is_not_kept(client, core, checkout):
    source(core, "formbricks")
    answer = formbricks_post(client, formbricks_body(event="responseCreated"))
    assert (answer.status_code, answer.json()["status"]) == (200, "ignored")
    assert WebhookDelivery.objects.count() == 0


# -- SurveyMonkey: Sm-Signature: base64(HMAC-SHA1("api_key&secret", body)); answers by API ---------


class _SurveyMonkeyApi(BaseHTTPRequestHandler):
    """GET /v3/surveys/<survey>/responses/<id>/details?simple=true, as SurveyMonkey answers."""

    token = "sm-token"
    seen: list[dict] = []

    def do_GET(self):
        type(self).seen.append({"path": self.path, "auth": self.headers.get("Authorization")})
        if self.headers.get("Authorization") != f"Bearer {self.token}":
            self.send_response(401)
            self.end_headers()
            return
        details = {
            "id": "sm-resp-7",
            "date_created": "2026-11-30T09:00:00+00:00",
            "date_modified": now_text(3).replace("Z", "+00:00"),
            "custom_variables": {"tp": "checkout"},
            "pages": [
                {"id": "p1", "questions": [
                    {"id": "111", "answers": [{"choice_id": "9001", "simple_text": "6"}]},
                    {"id": "222", "answers": [{"text": "Too many steps."}]},
                ]},
            ],
        }  # fmt: skip
        body = json.dumps(details).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def surveymonkey_api():
    _SurveyMonkeyApi.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SurveyMonkeyApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def surveymonkey_body(event_id="sm-ev-1", when=None) -> bytes:
    payload = {
        "name": "Completed responses",
        "filter_type": "survey",
        "filter_id": "405",
        "event_type": "response_completed",
        "event_id": event_id,
        "object_type": "response",
        "object_id": "sm-resp-7",
        "event_datetime": when or now_text(0).replace("Z", "+00:00"),
        "resources": {"respondent_id": "sm-resp-7", "recipient_id": "0", "survey_id": "405",
                      "user_id": "1", "collector_id": "9"},
    }  # fmt: skip
    return json.dumps(payload).encode()


def surveymonkey_post(client, body, *, api_key=SM_KEY, secret=SM_SECRET):
    key = f"{api_key}&{secret}".encode()
    signature = base64.b64encode(hmac.new(key, body, hashlib.sha1).digest()).decode()
    return client.post(
        "/api/v1/webhooks/surveymonkey/",
        data=body,
        content_type="application/json",
        headers={"Sm-Signature": signature, "Sm-Apikey": api_key},
    )


def sm_source(core, api_url, token="sm-token"):
    return source(
        core, "surveymonkey", api_key=SM_KEY, access_token=token, api_url=api_url,
        questions={"111": "nps"}, fields={"tp": "touchpoint", "222": "comment"},
    )  # fmt: skip


def test_surveymonkey_event_reads_the_answers_from_its_api_and_stores_them(
    client, core, checkout, surveymonkey_api
):
    sm_source(core, surveymonkey_api)
    answer = surveymonkey_post(client, surveymonkey_body())
    assert answer.status_code == 201, answer.content
    assert _SurveyMonkeyApi.seen == [
        {"path": "/v3/surveys/405/responses/sm-resp-7/details?simple=true",
         "auth": "Bearer sm-token"}
    ]  # fmt: skip
    response = Response.objects.select_related("touchpoint").get()
    assert (response.score, response.external_id, response.touchpoint.code) == (
        6, "sm-resp-7", "checkout",
    )  # fmt: skip
    assert response.comment == "Too many steps."
    assert ClosedLoopCase.objects.count() == 1


def test_surveymonkey_delivery_with_a_wrong_key_or_an_old_time_is_refused(
    client, core, checkout, surveymonkey_api
):
    sm_source(core, surveymonkey_api)
    assert surveymonkey_post(client, surveymonkey_body(), secret="other").status_code == 401
    wrong_key = surveymonkey_post(client, surveymonkey_body(), api_key="someone-else")
    assert wrong_key.status_code == 401
    old = surveymonkey_post(client, surveymonkey_body(when="2026-01-01T10:00:00+00:00"))
    assert old.status_code == 401
    assert "refused as a replay" in old.json()["detail"]
    assert _SurveyMonkeyApi.seen == []
    assert WebhookDelivery.objects.count() == 0


def test_surveymonkey_answers_unreadable_keeps_the_delivery_to_replay_once_fixed(
    client, core, checkout, surveymonkey_api
):
    sm = sm_source(core, surveymonkey_api, token="expired-token")
    answer = surveymonkey_post(client, surveymonkey_body())
    assert answer.status_code == 400
    assert answer.json()["detail"].startswith("Reading response sm-resp-7 from SurveyMonkey failed")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.REFUSED
    services.webhook_source_update(source=sm, by=core, data={"access_token": "sm-token"})
    assert services.webhook_delivery_replay(delivery=delivery, by=core).status == "stored"
    assert Response.objects.count() == 1
    # The platform's own retry of the same event now finds it stored.
    assert surveymonkey_post(client, surveymonkey_body()).status_code == 200
    assert Response.objects.count() == 1
