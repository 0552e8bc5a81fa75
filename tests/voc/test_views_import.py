"""The CSV upload in the browser: upload, map the columns (the last mapping remembered),
preview the first rows with each cell's problem, import, and follow the progress to the
result. Bad files are named on the page and leave nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from voc.models import (
    ClosedLoopCase,
    ImportJob,
    ImportMappingPreference,
    ImportStatus,
    KpiRollup,
    Response,
)
from voc.tasks import import_job_run_task

from .factories import TouchpointFactory, metric

GOOD = (
    b"Survey,Rating,When,Id,Note\n"
    b"nps,10,2026-03-02T10:00:00Z,a,=Great\n"
    b"nps,3,2026-03-02T11:00:00Z,b,Slow\n"
    b"nps,9,2026-03-03T11:00:00+01:00,c,\n"
)
MAPPING = {
    "map_metric": "Survey", "map_score": "Rating", "map_responded_at": "When",
    "map_external_id": "Id", "map_comment": "Note", "all_or_nothing": "on", "mode": "live",
}  # fmt: skip


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def core(client: Client, core_team_user) -> Client:
    client.force_login(core_team_user)
    return client


def upload(client: Client, content: bytes, name: str = "survey.csv", **extra):
    return client.post(
        "/voc/import/", {"file": SimpleUploadedFile(name, content, "text/csv"), **extra}
    )


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_the_core_team_uploads_maps_previews_and_imports_a_file(core, core_team_user):
    answer = upload(core, GOOD)
    job = ImportJob.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/voc/imports/{job.pk}/map/"
    assert job.status == ImportStatus.PENDING and not Response.objects.exists()

    page = core.get(answer["Location"]).content.decode()
    # Columns named like the fields are mapped before anyone chooses: the preview shows.
    assert "Map the columns of survey.csv" in page and "No problem in the first 3 rows" in page

    preview = core.post(answer["Location"], {**MAPPING, "action": "preview"})
    assert preview.status_code == 200 and not Response.objects.exists()
    assert "No problem in the first 3 rows" in preview.content.decode()

    run = core.post(answer["Location"], {**MAPPING, "action": "run"})
    assert run.status_code == 302 and run["Location"] == f"/voc/imports/{job.pk}/"
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED and job.inserted_rows == 3
    assert sorted(Response.objects.values_list("external_id", flat=True)) == ["a", "b", "c"]
    assert Response.objects.get(external_id="a").comment == "=Great"
    # (2 promoters - 1 detractor) / 3 in March, in the rollup the dashboard reads.
    march = KpiRollup.objects.get(
        metric=metric("nps"), granularity="month", dimension_kind="overall"
    )
    assert (march.period_start, march.n, round(march.score, 1)) == (dt.date(2026, 3, 1), 3, 33.3)

    result = core.get(run["Location"]).content.decode()
    assert "Imported 3 of 3 responses." in result and 'hx-trigger="every 1s"' not in result
    remembered = ImportMappingPreference.objects.get(user=core_team_user)
    assert remembered.mapping == {
        "metric": "Survey", "score": "Rating", "responded_at": "When", "external_id": "Id",
        "comment": "Note",
    }  # fmt: skip


def test_the_next_upload_starts_from_the_remembered_mapping(core, core_team_user):
    ImportMappingPreference.objects.create(
        user=core_team_user, mapping={"score": "Rating", "responded_at": "When"}
    )
    upload(core, GOOD)
    page = core.get(f"/voc/imports/{ImportJob.objects.get().pk}/map/").content.decode()
    chosen = page[page.index('name="map_score"') :]
    assert '<option value="Rating" selected>' in chosen[: chosen.index("</select>")]


def test_the_preview_shows_each_cells_problem_and_writes_nothing(core):
    bad = (
        b"metric,score,responded_at,external_id\n"
        b"nps,11,2026-03-02T10:00:00Z,a\n"
        b"nope,5,2026-03-02 10:00,b\n"
    )
    upload(core, bad)
    job = ImportJob.objects.get()
    page = core.get(f"/voc/imports/{job.pk}/map/").content.decode()
    assert "3 problems in the first 2 rows" in page
    assert "&#x27;11&#x27; is off the scale 0-10" in page
    assert "unknown metric &#x27;nope&#x27;" in page
    assert "has no time zone offset" in page
    assert page.count('class="preview-cell--error"') == 3
    assert not Response.objects.exists()


def test_an_unknown_metric_refuses_the_import_naming_row_and_column_and_writes_nothing(core):
    upload(core, b"metric,score,responded_at,external_id\nnps,9,2026-03-02T10:00:00Z,a\n"
                 b"xyz,9,2026-03-02T10:00:00Z,b\n")  # fmt: skip
    job = ImportJob.objects.get()
    run = core.post(
        f"/voc/imports/{job.pk}/map/",
        {"map_metric": "metric", "map_score": "score", "map_responded_at": "responded_at",
         "map_external_id": "external_id", "all_or_nothing": "on", "mode": "live",
         "action": "run"},
    )  # fmt: skip
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED and job.error_count == 1
    assert job.errors == [{"row": 3, "column": "metric", "message": "unknown metric 'xyz'"}]
    result = core.get(run["Location"]).content.decode()
    assert "nothing was imported" in result and "unknown metric &#x27;xyz&#x27;" in result
    assert not Response.objects.exists() and not KpiRollup.objects.exists()


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("metric,score\nnps,9,é\n".encode("latin-1"), "The file is not UTF-8 text"),
        (b"", "The file is empty."),
        (b"metric,score,responded_at,external_id\n", "has a header but no rows"),
        (b"metric,score,Score,external_id\nnps,9,9,a\n", "names a column more than once: Score"),
        (b"metric,,responded_at,external_id\nnps,9,x,a\n", "has no name for column 2"),
    ],
)
def test_a_bad_file_is_named_on_the_form_and_nothing_is_kept(core, media, content, named):
    answer = upload(core, content)
    assert answer.status_code == 400
    assert named in answer.content.decode().replace("&#x27;", "'")
    assert not ImportJob.objects.exists() and stored_files(media) == []


def test_a_file_over_the_size_limit_is_refused(core, media, settings):
    settings.CXGOV_VOC_IMPORT_MAX_BYTES = 50
    answer = upload(core, GOOD)
    assert answer.status_code == 400 and "the limit is" in answer.content.decode()
    assert not ImportJob.objects.exists() and stored_files(media) == []


def test_a_missing_required_column_is_named_and_nothing_runs(core):
    upload(core, GOOD)
    job = ImportJob.objects.get()
    answer = core.post(
        f"/voc/imports/{job.pk}/map/", {**MAPPING, "map_external_id": "", "action": "run"}
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert 'id="id_map_external_id_error">Choose the column that holds this field.' in page
    job.refresh_from_db()
    assert job.status == ImportStatus.PENDING and not job.mapping
    assert not Response.objects.exists()


def test_one_column_mapped_twice_is_named(core):
    upload(core, GOOD)
    job = ImportJob.objects.get()
    answer = core.post(
        f"/voc/imports/{job.pk}/map/", {**MAPPING, "map_comment": "Id", "action": "preview"}
    )
    assert answer.status_code == 400
    assert "Column &#x27;Id&#x27; is already mapped to external_id." in answer.content.decode()


def test_a_large_file_runs_on_a_worker_and_the_page_polls_until_it_is_done(core, settings):
    settings.CXGOV_VOC_IMPORT_BACKGROUND_BYTES = 10  # every file goes to the worker
    upload(core, GOOD)
    job = ImportJob.objects.get()
    core.post(f"/voc/imports/{job.pk}/map/", {**MAPPING, "action": "run"})
    job.refresh_from_db()
    assert job.status == ImportStatus.PENDING and not Response.objects.exists()
    waiting = core.get(f"/voc/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "<html" not in waiting
    assert "Waiting to run" in waiting

    assert import_job_run_task(job.pk) == ImportStatus.SUCCEEDED  # what the worker runs
    done = core.get(f"/voc/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' not in done and "Imported 3 of 3 responses." in done
    assert 'value="100"' in done


def test_a_started_import_cannot_be_started_again(core):
    upload(core, GOOD)
    job = ImportJob.objects.get()
    core.post(f"/voc/imports/{job.pk}/map/", {**MAPPING, "action": "run"})
    again = core.post(f"/voc/imports/{job.pk}/map/", {**MAPPING, "action": "run"})
    assert again.status_code == 302 and again["Location"] == f"/voc/imports/{job.pk}/"
    assert Response.objects.count() == 3


# -- History or live, the cut-off, and what the import would do --------------------------------

DETRACTORS = (
    b"Survey,Rating,When,Id,Note\n"
    b"nps,2,2026-11-02T09:59:59Z,early,Slow\n"
    b"nps,2,2026-11-02T10:00:00Z,on-time,Slow\n"
    b"nps,2,2026-11-02T10:00:01Z,late,Slow\n"
    b"nps,9,2026-11-02T10:00:01Z,fan,Lovely\n"
)
CUT_OFF = "2026-11-02T10:00"  # as the browser's date-time box sends it (the project's zone, UTC)


def test_the_preview_says_how_many_cases_the_import_would_open_and_keeps_nothing(core):
    upload(core, DETRACTORS)
    job = ImportJob.objects.get()
    page = core.post(
        f"/voc/imports/{job.pk}/map/", {**MAPPING, "cases_from": CUT_OFF, "action": "preview"}
    ).content.decode()
    # Hand-worked: three detractors with a comment, one a second before the cut-off: 2 cases.
    assert (
        "Would import 4 of 4 responses, and open 2 closed-loop cases for detractors' comments."
        in page
    )
    history = core.post(
        f"/voc/imports/{job.pk}/map/", {**MAPPING, "mode": "history", "action": "preview"}
    ).content.decode()
    assert "and open no closed-loop case: a history import opens none." in history
    assert not Response.objects.exists() and not ClosedLoopCase.objects.exists()

    core.post(f"/voc/imports/{job.pk}/map/", {**MAPPING, "cases_from": CUT_OFF, "action": "run"})
    job.refresh_from_db()
    assert (job.inserted_rows, job.cases_opened, ClosedLoopCase.objects.count()) == (4, 2, 2)
    result = core.get(f"/voc/imports/{job.pk}/").content.decode()
    assert "A live import: detractors' comments from 2 Nov 2026 10:00 on" in result


def test_a_large_files_preview_is_counted_on_a_worker_and_the_page_shows_it(core, settings):
    """Over the size imported while the page waits, the same count runs on a worker."""
    from cxgov.models import OutboxMessage
    from voc.tasks import import_dry_run_task

    settings.CXGOV_VOC_IMPORT_BACKGROUND_BYTES = 10  # every file is large here
    upload(core, DETRACTORS)
    job = ImportJob.objects.get()
    before = core.get(f"/voc/imports/{job.pk}/map/").content.decode()
    assert "preview counts it on a worker" in before
    asked = core.post(
        f"/voc/imports/{job.pk}/map/", {**MAPPING, "cases_from": CUT_OFF, "action": "preview"}
    ).content.decode()
    assert "Counting on a worker" in asked and 'hx-trigger="every 2s"' in asked
    (message,) = OutboxMessage.objects.filter(task="voc.import_dry_run")
    assert import_dry_run_task.apply(args=message.args).get() == "done"
    page = core.get(f"/voc/imports/{job.pk}/map/").content.decode()
    # Hand-worked, as for a small file: three detractors with a comment, one a second before
    # the cut-off: 2 cases; and nothing kept.
    assert (
        "Would import 4 of 4 responses, and open 2 closed-loop cases for detractors' comments."
        " Counted on a worker" in page
    )
    assert 'hx-trigger="every 2s"' not in page
    assert not Response.objects.exists() and not ClosedLoopCase.objects.exists()
    # A second preview replaces the first: the first one's count, if it lands late, is dropped.
    core.post(f"/voc/imports/{job.pk}/map/", {**MAPPING, "mode": "history", "action": "preview"})
    assert import_dry_run_task.apply(args=message.args).get() == "stale"
    latest = OutboxMessage.objects.filter(task="voc.import_dry_run").latest("pk")
    assert import_dry_run_task.apply(args=latest.args).get() == "done"
    assert (
        "and open no closed-loop case" in core.get(f"/voc/imports/{job.pk}/map/").content.decode()
    )


def test_a_large_files_preview_that_would_be_refused_says_so(core, settings):
    from cxgov.models import OutboxMessage
    from voc.tasks import import_dry_run_task

    settings.CXGOV_VOC_IMPORT_BACKGROUND_BYTES = 10
    upload(core, GOOD.replace(b"nps,3,", b"nps,11,"))
    job = ImportJob.objects.get()
    core.post(f"/voc/imports/{job.pk}/map/", {**MAPPING, "action": "preview"})
    (message,) = OutboxMessage.objects.filter(task="voc.import_dry_run")
    assert import_dry_run_task.apply(args=message.args).get() == "refused"
    page = core.get(f"/voc/imports/{job.pk}/map/").content.decode()
    assert "Would refuse the file: 1 problem" in page and "is off the scale 0-10" in page


def test_a_large_files_preview_with_a_bad_mapping_queues_nothing(core, settings):
    from cxgov.models import OutboxMessage

    settings.CXGOV_VOC_IMPORT_BACKGROUND_BYTES = 10
    upload(core, GOOD)
    job = ImportJob.objects.get()
    page = core.post(
        f"/voc/imports/{job.pk}/map/", {**MAPPING, "map_score": "Nope", "action": "preview"}
    )
    assert page.status_code == 400
    assert not OutboxMessage.objects.filter(task="voc.import_dry_run").exists()
    job.refresh_from_db()
    assert job.dry_run is None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"mode": ""}, "mode", "Choose live (recent detractors open cases) or history (no case)."),
        ({"mode": "backlog"}, "mode", "&#x27;backlog&#x27; is not an import mode"),
        ({"cases_from": "yesterday"}, "cases_from", "Enter a date and time, such as"),
        ({"cases_from": "2999-01-01T00:00"}, "cases_from", "is outside the dates this program"),
        (
            {"mode": "history", "cases_from": CUT_OFF},
            "cases_from",
            "A history import opens no case, so it takes no cut-off",
        ),
    ],
)
def test_a_bad_mode_or_cut_off_is_named_on_its_field_and_nothing_runs(core, change, field, message):
    upload(core, DETRACTORS)
    job = ImportJob.objects.get()
    answer = core.post(f"/voc/imports/{job.pk}/map/", {**MAPPING, **change, "action": "run"})
    assert answer.status_code == 400
    page = answer.content.decode()
    error = page[page.index(f'id="id_{field}_error"') :]
    assert message in error[: error.index("</p>")]
    job.refresh_from_db()
    assert job.status == ImportStatus.PENDING and not job.mapping
    assert not Response.objects.exists() and not ClosedLoopCase.objects.exists()


def test_an_ambiguous_name_is_named_with_its_row_and_column_before_anything_runs(core):
    TouchpointFactory(code="app", name="Mobile app")
    TouchpointFactory(code="store-app", name="App")
    upload(
        core,
        b"metric,score,responded_at,external_id,touchpoint\n"
        b"nps,9,2026-03-02T10:00:00Z,a,Mobile App\n"
        b"nps,9,2026-03-02T10:00:00Z,b,APP\n",
    )
    job = ImportJob.objects.get()
    page = core.get(f"/voc/imports/{job.pk}/map/").content.decode()
    assert "Would refuse the file: 1 problem." in page
    problem = "&#x27;APP&#x27; could be the touchpoint App (store-app) or Mobile app (app)"
    assert f'<td class="num">3</td><td>touchpoint</td><td>{problem}: use its code</td>' in page
    assert not Response.objects.exists()


def test_a_date_without_offset_is_read_in_the_reporting_zone_when_ticked(core):
    upload(core, b"Survey,Rating,When,Id\nnps,9,2026-03-02 10:00,a\n")
    job = ImportJob.objects.get()
    form = {**MAPPING, "map_comment": "", "mode": "history"}
    page = core.get(f"/voc/imports/{job.pk}/map/")
    # Unticked at first, and the help says what that means (not "untick to refuse them").
    assert not page.context["form"]["naive_in_reporting_zone"].value()
    assert "Unticked, they are refused" in page.content.decode()
    refused = core.post(f"/voc/imports/{job.pk}/map/", {**form, "action": "preview"})
    assert "has no time zone offset" in refused.content.decode()
    core.post(
        f"/voc/imports/{job.pk}/map/",
        {**form, "naive_in_reporting_zone": "on", "action": "run"},
    )
    assert Response.objects.get().responded_at == dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
    assert ImportMappingPreference.objects.get().naive_in_reporting_zone


def test_a_refused_jobs_page_says_refused_with_its_problems_and_no_percentage(core):
    upload(core, GOOD.replace(b"nps,3,", b"nps,11,"))
    job = ImportJob.objects.get()
    core.post(f"/voc/imports/{job.pk}/map/", {**MAPPING, "action": "run"})
    job.refresh_from_db()
    assert job.status == ImportStatus.REFUSED
    for page in (
        core.get(f"/voc/imports/{job.pk}/").content.decode(),
        core.get(f"/voc/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode(),
    ):
        assert "<strong>Refused</strong>" in page and "&#x27;11&#x27; is off the scale 0-10" in page
        assert "%" not in page[page.index('id="import-progress"') :].split("</section>")[0]
        assert "<progress" not in page


@pytest.mark.parametrize(
    ("progress", "label"),
    [
        (0, "Reading and checking the rows: 0%"),
        (47, "Reading and checking the rows: 47%"),
        # Every row read and checked: the bar waits here while one transaction stores them.
        (89, "Saving the rows and refreshing the KPIs, in one go: 89%"),
    ],
)
def test_a_running_jobs_bar_names_its_step(core, progress, label):
    upload(core, GOOD)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, progress=progress, mapping=MAPPING
    )
    page = core.get(f"/voc/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert f'<label for="import-progress-bar">{label.split(":")[0]}</label>: {progress}%' in page
