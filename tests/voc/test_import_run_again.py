"""A failed or abandoned import can be run again from its page: offered to those who may import,
queued through the outbox like a new run, the job reset by the service; a second click while
it waits or runs is refused and queues nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cxgov.models import OutboxMessage
from voc import services
from voc.errors import VocError
from voc.models import ImportJob, ImportStatus, Response
from voc.tasks import import_job_run_task

pytestmark = pytest.mark.django_db

GOOD = (
    b"metric,score,responded_at,external_id\n"
    b"nps,10,2026-03-02T10:00:00Z,a\n"
    b"nps,3,2026-03-02T11:00:00Z,b\n"
    b"csat,5,2026-03-09T11:00:00Z,c\n"
)
STOPPED = "The import stopped before it finished (its worker ended); nothing from it was kept."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def queued_runs(job: ImportJob) -> int:
    return OutboxMessage.objects.filter(task=services.IMPORT_JOB_RUN, args=[job.pk]).count()


def failed_job(user, **state) -> ImportJob:
    """A queued import whose run died on its worker, as the sweep of abandoned runs leaves it
    (its message went to the broker, so the outbox is empty)."""
    job = services.import_job_create(
        by=user, file=io.BytesIO(GOOD), original_name="survey.csv", background=True
    )
    OutboxMessage.objects.all().delete()
    state = {"status": ImportStatus.FAILED, "attempts": 1, "progress": 40, "processed_rows": 2,
             "started_at": timezone.now() - dt.timedelta(minutes=5), "message": STOPPED,
             "finished_at": timezone.now(), **state}  # fmt: skip
    ImportJob.objects.filter(pk=job.pk).update(**state)
    job.refresh_from_db()
    return job


def test_a_failed_import_runs_again_from_its_page_through_the_outbox(client, core_team_user):
    job = failed_job(core_team_user)
    client.force_login(core_team_user)
    page = client.get(reverse("voc:import-job", args=[job.pk])).content.decode()
    assert "Run again" in page and STOPPED in page

    answer = client.post(reverse("voc:import-run-again", args=[job.pk]))

    assert answer.status_code == 302 and answer.url == reverse("voc:import-job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.progress, job.processed_rows, job.message, job.finished_at) == (
        ImportStatus.PENDING, 0, 0, "", None,
    )  # fmt: skip
    assert queued_runs(job) == 1  # queued as a new run is: in the outbox, for the worker
    followed = client.get(answer.url).content.decode()
    assert "is queued to run again" in followed and "Run again</button>" not in followed

    assert import_job_run_task(job.pk) == ImportStatus.SUCCEEDED  # the worker takes it
    job.refresh_from_db()
    assert (job.attempts, job.inserted_rows) == (2, 3) and Response.objects.count() == 3


def test_a_second_click_while_it_waits_is_refused_and_queues_nothing(client, core_team_user):
    job = failed_job(core_team_user)
    client.force_login(core_team_user)
    url = reverse("voc:import-run-again", args=[job.pk])
    client.post(url)
    again = client.post(url, follow=True)
    assert "This import is already queued to run" in again.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.PENDING and queued_runs(job) == 1


def test_a_run_that_died_without_being_marked_failed_can_run_again(core_team_user):
    """Still shown running, but its run ended (no live run holds the job on PostgreSQL; older
    than the import's time limit on SQLite): the service fails it, then queues it."""
    job = failed_job(
        core_team_user,
        status=ImportStatus.RUNNING,
        started_at=timezone.now() - services.IMPORT_TIME_LIMIT - dt.timedelta(minutes=1),
        finished_at=None,
        message="",
    )
    services.import_job_run_again(by=core_team_user, job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.PENDING and queued_runs(job) == 1


@pytest.mark.parametrize(
    "status, refusal",
    [
        (ImportStatus.PENDING, "already queued"),
        (ImportStatus.SUCCEEDED, "nothing to run again"),
        (ImportStatus.REFUSED, "upload it again"),
    ],
)
def test_only_a_failed_import_is_offered_and_run_again(client, core_team_user, status, refusal):
    job = failed_job(core_team_user, status=status, message="As it stands.")
    client.force_login(core_team_user)
    assert "Run again" not in client.get(reverse("voc:import-job", args=[job.pk])).content.decode()
    with pytest.raises(VocError, match=refusal) as refused:
        services.import_job_run_again(by=core_team_user, job=job)
    assert refused.value.field == "status"
    job.refresh_from_db()
    assert (job.status, job.message) == (status, "As it stands.") and queued_runs(job) == 0


def test_a_failed_import_whose_file_is_gone_asks_for_the_upload(core_team_user):
    job = failed_job(core_team_user, file="")
    with pytest.raises(VocError, match="upload it again"):
        services.import_job_run_again(by=core_team_user, job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and queued_runs(job) == 0


@pytest.mark.parametrize(
    "fixture", ["executive_user", "steering_user", "wg_member_user", "viewer_user"]
)
def test_only_those_who_may_import_run_it_again(request, core_team_user, fixture):
    job = failed_job(core_team_user)
    with pytest.raises(PermissionDenied):
        services.import_job_run_again(by=request.getfixturevalue(fixture), job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and queued_runs(job) == 0
