"""The voc API: rollups with filters, responses with comments only for the core team, and the
CSV and JSON import doors (all or nothing, errors naming row and column)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.helpers import assert_flat_query_count
from voc.models import ClosedLoopCase, ImportJob, KpiRollup, Response

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
    assert body["detail"].startswith("Nothing was imported: 1 problem in 3 rows.")
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
    assert refused.json()["detail"].startswith("Nothing was imported: 1 problem in 1 record.")
    assert Response.objects.count() == 1


def test_others_may_not_import(api_client, viewer_user, media):
    api_client.force_authenticate(viewer_user)
    answer = api_client.post("/api/v1/responses/bulk/", {"responses": []}, format="json")
    assert answer.status_code == 403


# -- Raw CSV, the import's options, and the answers the schema documents ------------------------

DETRACTORS = (
    b"metric,score,responded_at,external_id,comment\n"
    b"nps,2,2026-11-02T09:59:59Z,early,Slow\n"
    b"nps,2,2026-11-02T10:00:00Z,on-time,Slow\n"
)


def test_a_raw_text_csv_body_imports_with_its_options_in_the_query_string(
    api_client, core_team_user, media
):
    api_client.force_authenticate(core_team_user)
    answer = api_client.post(
        "/api/v1/responses/import/?mode=live&cases_from=2026-11-02T10:00:00Z",
        DETRACTORS,
        content_type="text/csv; charset=utf-8",
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    # The row a second before the cut-off opens no case; the one exactly at it opens one.
    assert (body["inserted_rows"], body["cases_opened"], body["mode"]) == (2, 1, "live")
    assert body["cases_from"] == "2026-11-02T10:00:00Z"
    assert ClosedLoopCase.objects.get().response.external_id == "on-time"


def test_a_history_import_through_the_api_opens_no_case(api_client, core_team_user, media):
    api_client.force_authenticate(core_team_user)
    answer = api_client.post(
        "/api/v1/responses/import/",
        {"file": SimpleUploadedFile("old.csv", DETRACTORS), "mode": "history"},
        format="multipart",
    )
    assert answer.status_code == 201, answer.json()
    assert (answer.json()["cases_opened"], ClosedLoopCase.objects.count()) == (0, 0)
    bulk = api_client.post(
        "/api/v1/responses/bulk/?mode=history",
        {"responses": [{"metric": "nps", "score": 1, "responded_at": "2026-11-30T10:00:00Z",
                        "external_id": "j", "comment": "Awful"}]},
        format="json",
    )  # fmt: skip
    assert (bulk.status_code, bulk.json()["cases_opened"]) == (201, 0)
    assert not ClosedLoopCase.objects.exists()


def test_a_date_without_offset_is_read_in_the_reporting_zone_when_the_api_asks(
    api_client, core_team_user, media
):
    api_client.force_authenticate(core_team_user)
    naive = b"metric,score,responded_at,external_id\nnps,9,2026-03-02 10:00,n\n"
    refused = api_client.post("/api/v1/responses/import/", naive, content_type="text/csv")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["column"] == "responded_at"
    answer = api_client.post(
        "/api/v1/responses/import/?naive_in_reporting_zone=true&mode=history",
        naive,
        content_type="text/csv",
    )
    assert answer.status_code == 201, answer.json()
    # The seeded NPS reports in UTC.
    assert Response.objects.get().responded_at.isoformat() == "2026-03-02T10:00:00+00:00"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("mode=backlog", "mode", '"backlog" is not an import mode: live or history.'),
        ("cases_from=yesterday", "cases_from", "Datetime has wrong format"),
        ("mode=history&cases_from=2026-11-02T10:00:00Z", "cases_from", "A history import"),
        ("cases_from=2999-01-01T00:00:00Z", "cases_from", "is outside the dates this program"),
        ("naive_in_reporting_zone=perhaps", "naive_in_reporting_zone", "Must be a valid boolean"),
        ("mapping=[1]", "mapping", "Give the mapping as an object of field -> column header"),
    ],
)
def test_bad_import_options_are_400_naming_the_option_and_nothing_is_stored(
    api_client, core_team_user, media, query, field, message
):
    api_client.force_authenticate(core_team_user)
    answer = api_client.post(
        f"/api/v1/responses/import/?{query}", DETRACTORS, content_type="text/csv"
    )
    assert answer.status_code == 400
    assert message in " ".join(answer.json()[field])
    assert not ImportJob.objects.exists() and not Response.objects.exists()


def test_an_empty_raw_body_is_refused(api_client, core_team_user, media):
    api_client.force_authenticate(core_team_user)
    answer = api_client.post("/api/v1/responses/import/", b"", content_type="text/csv")
    assert (answer.status_code, answer.json()["detail"]) == (400, "The file is empty.")
    assert not ImportJob.objects.exists()


def test_the_schema_documents_raw_csv_and_the_201_202_and_400_answers(api_client, core_team_user):
    api_client.force_authenticate(core_team_user)
    schema = api_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/responses/import/"]["post"]
    assert set(operation["requestBody"]["content"]) == {"multipart/form-data", "text/csv"}
    assert {"201", "202", "400"} <= set(operation["responses"])
    assert "mode" in {p["name"] for p in operation["parameters"]}
    bulk = schema["paths"]["/api/v1/responses/bulk/"]["post"]
    assert {"201", "202", "400"} <= set(bulk["responses"])
