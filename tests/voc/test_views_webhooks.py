"""Survey-platform pages: the core team sets a source up and changes its mapping, a form's
refusal names the field and line and saves nothing, a secret left blank stays, and a refused
delivery is replayed from its source's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cxgov.roles import Role
from tests.factories import UserFactory
from voc import services
from voc.models import DeliveryStatus, WebhookDelivery, WebhookSource

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Checkout survey",
    "slug": "checkout-typeform",
    "platform": "typeform",
    "secret": "s3cret",
    "questions": "q-nps = nps\n\nq-csat = csat",
    "dimensions": "touchpoint = touchpoint\nq-why = comment",
    "defaults": "channel = web",
    "is_active": "on",
}


@pytest.fixture
def core(client, db):
    user = UserFactory(username="cora", roles=[Role.CORE_TEAM])
    client.force_login(user)
    return user


def test_the_core_team_sets_up_a_source_and_sees_its_address(client, core):
    answer = client.post(reverse("voc:webhook-create"), FORM)
    source = WebhookSource.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("voc:webhook-source", kwargs={"pk": source.pk})
    assert source.questions == {"q-nps": "nps", "q-csat": "csat"}
    assert source.fields == {"touchpoint": "touchpoint", "q-why": "comment"}
    assert source.defaults == {"channel": "web"}
    assert (source.secret, source.created_by) == ("s3cret", core)
    page = client.get(answer["Location"]).content.decode()
    assert "http://testserver/api/v1/webhooks/checkout-typeform/" in page
    assert "s3cret" not in page
    assert source.history.count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"questions": "q-nps nps"},
            "questions",
            "Line 1 (q-nps nps) is not a question = its value: write the two with an equals sign "
            "between them.",
        ),
        ({"questions": "q-nps = nps\nq-nps = csat"}, "questions", "Line 2: q-nps is mapped twice."),
        (
            {"questions": "q-nps = churn"},
            "questions",
            "No survey metric has the code churn: use the code of an active NPS, CSAT, CES or "
            "custom metric.",
        ),
        (
            {"questions": ""},
            "questions",
            "Map at least one question to the metric its score feeds.",
        ),
        (
            {"dimensions": "q = colour"},
            "fields",
            "colour: not a field a response takes; use touchpoint, channel, segment, "
            "business_unit, comment, customer_key.",
        ),
        ({"secret": ""}, "secret", "This field is required."),
        ({"platform": "formbricks"}, "secret", "A Formbricks signing secret begins with whsec_."),
        (
            {"platform": "surveymonkey"},
            "api_key",
            "SurveyMonkey signs with the app's API key and secret.",
        ),
        (
            {"slug": "not a slug"},
            "slug",
            "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
        ),
        ({"name": "Bad\x07name"}, "name", "The name contains the control character U+0007"),
    ],  # fmt: skip
)
def test_a_refused_source_names_the_field_and_saves_nothing(client, core, change, field, message):
    answer = client.post(reverse("voc:webhook-create"), {**FORM, **change})
    assert answer.status_code == 200
    errors = answer.context["form"].errors
    shown = {"fields": "dimensions"}.get(field, field)
    assert any(message in e for e in errors.get(shown, errors.get("__all__", []))), errors
    assert WebhookSource.objects.count() == 0


def test_a_secret_left_blank_stays_and_the_mapping_changes_in_history(client, core):
    source = services.webhook_source_create(
        by=core, data={"name": "S", "slug": "s", "platform": "typeform", "secret": "keep-me",
                       "questions": {"q": "nps"}},
    )  # fmt: skip
    edit = reverse("voc:webhook-edit", kwargs={"pk": source.pk})
    form = client.get(edit).content.decode()
    assert "keep-me" not in form
    answer = client.post(edit, {**FORM, "slug": "s", "secret": "", "questions": "q2 = csat"})
    assert answer.status_code == 302
    source.refresh_from_db()
    assert (source.secret, source.questions) == ("keep-me", {"q2": "csat"})
    assert [h.questions for h in source.history.order_by("history_date")] == [
        {"q": "nps"}, {"q2": "csat"},
    ]  # fmt: skip


def test_a_refused_delivery_is_shown_with_its_reason_and_replayed_from_the_page(client, core):
    source = services.webhook_source_create(
        by=core, data={"name": "S", "slug": "s", "platform": "typeform", "secret": "x",
                       "questions": {"q-other": "nps"}},
    )  # fmt: skip
    body = (
        '{"event_id": "e1", "event_type": "form_response", "form_response": {"token": "t1", '
        '"submitted_at": "2026-03-02T10:00:00Z", "answers": [{"type": "number", "number": 7, '
        '"field": {"id": "A", "ref": "q-nps"}}]}}'
    )
    delivery = WebhookDelivery.objects.create(
        source=source, delivery_id="e1", body=body, status=DeliveryStatus.REFUSED,
        message="Refused before.",
    )  # fmt: skip
    page = client.get(reverse("voc:webhook-source", kwargs={"pk": source.pk})).content.decode()
    assert "Refused before." in page and "Replay" in page
    replay = reverse("voc:webhook-replay", kwargs={"pk": delivery.pk})
    answer = client.post(replay, follow=True)
    assert "refused again: The response answers none of the questions mapped" in (
        answer.content.decode()
    )
    services.webhook_source_update(source=source, by=core, data={"questions": {"q-nps": "nps"}})
    answer = client.post(replay, follow=True)
    assert "Delivery e1 stored: Imported 1 of 1 record." in answer.content.decode()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.responses_added) == ("stored", 1)


def test_the_pages_query_count_does_not_grow_with_sources_and_deliveries(
    client, core, django_assert_max_num_queries
):
    def add(n: int) -> None:
        for i in range(n):
            source = services.webhook_source_create(
                by=core, data={"name": f"S{i}", "slug": f"s{i}-{n}", "platform": "typeform",
                               "secret": "x", "questions": {"q": "nps"}},
            )  # fmt: skip
            WebhookDelivery.objects.bulk_create(
                WebhookDelivery(source=source, delivery_id=f"d{j}", body="{}",
                                status=DeliveryStatus.REFUSED, message="No.")
                for j in range(n)
            )  # fmt: skip

    add(2)
    first = WebhookSource.objects.order_by("pk").first()
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("voc:webhook-list"))
        client.get(reverse("voc:webhook-source", kwargs={"pk": first.pk}))
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("voc:webhook-list"))
        client.get(reverse("voc:webhook-source", kwargs={"pk": first.pk}))
