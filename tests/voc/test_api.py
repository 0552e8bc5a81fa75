"""The voc API: rollups with filters, responses with comments only for the core team, and the
CSV and JSON import doors (all or nothing, errors naming row and column)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.helpers import assert_flat_query_count
from voc.models import ImportJob, KpiRollup, Response

from .factories import ResponseFactory, metric

pytestmark = pytest.mark.django_db

CSV = (
    b"metric,score,responded_at,external_id\n"
    b"nps,10,2026-03-02T10:00:00Z,a\n"
    b"nps,2,2026-03-02T11:00:00Z,b\n"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_rollups_filter_by_metric_granularity_and_period(api_client, viewer_user):
    nps, csat = metric("nps"), metric("csat")
    for month in (1, 2, 3):
        KpiRollup.objects.create(
            metric=nps,
            granularity="month",
            period_start=dt.date(2026, month, 1),
            n=40,
            score=10.0 * month,
        )
    KpiRollup.objects.create(
        metric=csat, granularity="month", period_start=dt.date(2026, 2, 1), n=5, score=80
    )
    api_client.force_authenticate(viewer_user)
    answer = api_client.get(
        "/api/v1/rollups/",
        {
            "metric": nps.pk,
            "granularity": "month",
            "period_from": "2026-02-01",
            "period_to": "2026-03-01",
        },
    )
    assert answer.status_code == 200
    assert [
        (r["period_start"], r["score"], r["small_sample"]) for r in answer.json()["results"]
    ] == [
        ("2026-02-01", 20.0, False),
        ("2026-03-01", 30.0, False),
    ]
    small = api_client.get("/api/v1/rollups/", {"metric": csat.pk}).json()["results"]
    assert small[0]["small_sample"] is True


def test_rollup_list_query_count_does_not_grow(api_client, viewer_user):
    api_client.force_authenticate(viewer_user)
    nps = metric("nps")

    def grow_to(size):
        have = KpiRollup.objects.count()
        KpiRollup.objects.bulk_create(
            KpiRollup(
                metric=nps,
                granularity="day",
                period_start=dt.date(2020, 1, 1) + dt.timedelta(days=i),
                n=1,
            )
            for i in range(have, size)
        )

    grow_to(10)
    api_client.get("/api/v1/rollups/")  # the persona's roles are read once, then cached
    count = assert_flat_query_count(
        fetch=lambda: api_client.get("/api/v1/rollups/"), grow_to=grow_to, sizes=(10, 60)
    )
    assert count == 2  # the page's count and its rows


def test_comments_are_shown_to_the_core_team_only(api_client, core_team_user, steering_user):
    ResponseFactory(score=2, comment="The app crashed twice.")
    api_client.force_authenticate(core_team_user)
    assert (
        api_client.get("/api/v1/responses/").json()["results"][0]["comment"]
        == "The app crashed twice."
    )
    api_client.force_authenticate(steering_user)
    assert "comment" not in api_client.get("/api/v1/responses/").json()["results"][0]


def test_a_csv_import_answers_201_with_the_counts(api_client, core_team_user, media):
    api_client.force_authenticate(core_team_user)
    answer = api_client.post(
        "/api/v1/responses/import/",
        {"file": SimpleUploadedFile("survey.csv", CSV, content_type="text/csv")},
        format="multipart",
    )
    assert answer.status_code == 201, answer.json()
    assert (answer.json()["inserted_rows"], answer.json()["status"]) == (2, "succeeded")
    assert KpiRollup.objects.get(granularity="day", dimension_kind="overall").score == 0.0
    job = api_client.get(f"/api/v1/response-imports/{answer.json()['id']}/").json()
    assert job["progress"] == 100


def test_a_bad_csv_answers_400_naming_row_and_column_and_writes_nothing(
    api_client, core_team_user, media
):
    api_client.force_authenticate(core_team_user)
    answer = api_client.post(
        "/api/v1/responses/import/",
        {"file": SimpleUploadedFile("survey.csv", CSV + b"nps,eleven,2026-03-02T11:00:00Z,c\n")},
        format="multipart",
    )
    assert answer.status_code == 400
    body = answer.json()
    assert body["errors"] == [{"row": 4, "column": "score", "message": "'eleven' is not a number"}]
    assert body["detail"].startswith("Nothing was imported: 1 problem(s) in 3 rows.")
    assert Response.objects.count() == 0


def test_an_empty_upload_is_refused_before_a_job_exists(api_client, core_team_user, media):
    api_client.force_authenticate(core_team_user)
    answer = api_client.post(
        "/api/v1/responses/import/", {"file": SimpleUploadedFile("e.csv", b"")}, format="multipart"
    )
    assert answer.status_code == 400
    assert ImportJob.objects.count() == 0


def test_json_bulk_import_uses_the_same_rules(api_client, core_team_user, media):
    api_client.force_authenticate(core_team_user)
    good = {
        "responses": [
            {
                "metric": "csat",
                "score": 5,
                "responded_at": "2026-03-02T10:00:00+01:00",
                "external_id": "j1",
            }
        ]
    }
    assert api_client.post("/api/v1/responses/bulk/", good, format="json").status_code == 201
    again = api_client.post("/api/v1/responses/bulk/", good, format="json")
    assert (again.status_code, again.json()["skipped_rows"]) == (201, 1)
    bad = {
        "responses": [
            {
                "metric": "csat",
                "score": 9,
                "responded_at": "2026-03-02T10:00:00Z",
                "external_id": "j2",
            }
        ]
    }
    refused = api_client.post("/api/v1/responses/bulk/", bad, format="json")
    assert refused.status_code == 400
    # Numbered by record (the first is 1) and named by field, not by a CSV row and column.
    assert refused.json()["errors"][0] == {
        "record": 1,
        "field": "score",
        "message": "'9' is off the scale 1-5",
    }
    assert refused.json()["detail"].startswith("Nothing was imported: 1 problem(s) in 1 records.")
    assert Response.objects.count() == 1


def test_others_may_not_import(api_client, viewer_user, media):
    api_client.force_authenticate(viewer_user)
    answer = api_client.post("/api/v1/responses/bulk/", {"responses": []}, format="json")
    assert answer.status_code == 403
