"""API: the standards library. Definitions and methods as JSON; a template (with its file) and
a new file for it as multipart, checked by the same validator as the pages (by content, under
the size limit). Each change keeps a version; bad input names its field, nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cxgov.dates import today
from governance.demo.standards import tiny_pdf, tiny_png
from governance.models import Standard, StandardVersion

pytestmark = pytest.mark.django_db
REVIEW = (today() + dt.timedelta(days=60)).isoformat()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def core_client(api_client, core_team_user):
    api_client.force_login(core_team_user)
    return api_client


def counts() -> tuple[int, int]:
    return Standard.objects.count(), StandardVersion.objects.count()


def test_a_method_is_published_changed_and_its_versions_read(core_client, core_team_user):
    made = core_client.post(
        "/api/v1/standards/",
        {
            "kind": "method",
            "title": "Journey mapping",
            "text": "Map one journey with customers.",
            "owner": core_team_user.pk,
            "review_on": REVIEW,
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["version"], body["file_url"], body["kind"]) == (1, None, "method")
    changed = core_client.patch(
        f"/api/v1/standards/{body['id']}/",
        {"text": "Map one journey with customers, then re-walk it.", "version": 1},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["version"] == 2
    stale = core_client.patch(
        f"/api/v1/standards/{body['id']}/", {"text": "Lost.", "version": 1}, format="json"
    )
    assert stale.status_code == 409
    versions = core_client.get(f"/api/v1/standards/{body['id']}/versions/").json()
    assert [(v["number"], v["text"]) for v in versions] == [
        (2, "Map one journey with customers, then re-walk it."),
        (1, "Map one journey with customers."),
    ]


def test_a_template_is_uploaded_and_its_file_replaced(core_client, core_team_user):
    made = core_client.post(
        "/api/v1/standards/templates/",
        {
            "title": "Journey map",
            "owner": core_team_user.pk,
            "review_on": REVIEW,
            "file": SimpleUploadedFile("map.pdf", tiny_pdf("Journey map")),
        },
        format="multipart",
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["file_name"], body["content_type"]) == ("map.pdf", "application/pdf")
    assert body["file_url"] == f"/governance/standards/{body['id']}/versions/1/file/"
    replaced = core_client.post(
        f"/api/v1/standards/{body['id']}/file/",
        {"file": SimpleUploadedFile("map.png", tiny_png()), "version": 1},
        format="multipart",
    )
    assert replaced.status_code == 200, replaced.json()
    assert (replaced.json()["version"], replaced.json()["content_type"]) == (2, "image/png")
    assert core_client.get(body["file_url"]).status_code == 200  # version 1's file stays


def test_a_renamed_executable_is_refused_through_the_api_too(core_client, core_team_user):
    before = counts()
    response = core_client.post(
        "/api/v1/standards/templates/",
        {
            "title": "Journey map",
            "owner": core_team_user.pk,
            "review_on": REVIEW,
            "file": SimpleUploadedFile("map.pdf", b"MZ" + b"\x00" * 100),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert "is a Windows program" in response.json()["file"][0]
    assert counts() == before


def test_a_file_over_the_limit_is_refused_on_replace(core_client, core_team_user, settings):
    made = core_client.post(
        "/api/v1/standards/templates/",
        {
            "title": "Badge",
            "owner": core_team_user.pk,
            "review_on": REVIEW,
            "file": SimpleUploadedFile("badge.png", tiny_png()),
        },
        format="multipart",
    ).json()
    settings.CXGOV_STANDARD_FILE_MAX_BYTES = 100
    before = counts()
    response = core_client.post(
        f"/api/v1/standards/{made['id']}/file/",
        {"file": SimpleUploadedFile("big.pdf", tiny_pdf("x" * 200)), "version": 1},
        format="multipart",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert counts() == before
    assert Standard.objects.get(pk=made["id"]).version == 1


def test_a_past_review_date_and_a_missing_owner_are_named(core_client):
    before = counts()
    response = core_client.post(
        "/api/v1/standards/",
        {
            "kind": "definition",
            "title": "Detractor",
            "text": "Scores 0 to 6.",
            "owner": None,
            "review_on": (today() - dt.timedelta(days=3)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"owner"}  # the serializer refuses a null owner first
    response = core_client.post(
        "/api/v1/standards/",
        {
            "kind": "definition",
            "title": "Detractor",
            "text": "Scores 0 to 6.",
            "review_on": (today() - dt.timedelta(days=3)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"owner"}
    assert counts() == before


def test_a_past_review_date_is_named_on_review_on(core_client, core_team_user):
    response = core_client.post(
        "/api/v1/standards/",
        {
            "kind": "definition",
            "title": "Detractor",
            "text": "Scores 0 to 6.",
            "owner": core_team_user.pk,
            "review_on": (today() - dt.timedelta(days=3)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["review_on"]
    assert "has passed" in response.json()["review_on"][0]
    assert not Standard.objects.exists()


def test_a_working_group_member_reads_but_cannot_write(api_client, wg_member_user, core_team_user):
    api_client.force_login(wg_member_user)
    assert api_client.get("/api/v1/standards/").status_code == 200
    response = api_client.post(
        "/api/v1/standards/",
        {
            "kind": "definition",
            "title": "Detractor",
            "text": "Scores 0 to 6.",
            "owner": core_team_user.pk,
            "review_on": REVIEW,
        },
        format="json",
    )
    assert response.status_code == 403
    assert not Standard.objects.exists()
