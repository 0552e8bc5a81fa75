"""An upload that is never mapped keeps its file for a day, no longer: the periodic job
(cxgov/schedules.py, task voc.import_uploads_expire) removes its job row and its stored file.
Fresh uploads and jobs that started are left alone, and a second run removes nothing more."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from cxgov.schedules import SCHEDULES
from voc import services
from voc.models import ImportJob
from voc.tasks import import_uploads_expire_task

pytestmark = pytest.mark.django_db(transaction=True)  # the file goes after the commit

CSV = b"metric,score,responded_at,external_id\nnps,9,2026-03-02T10:00:00Z,e-1\n"


def staged(user, *, hours_ago: float) -> ImportJob:
    job = services.import_job_stage(by=user, file=io.BytesIO(CSV), original_name="u.csv")
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=hours_ago)
    )
    return job


def test_an_upload_unmapped_for_a_day_goes_with_its_file(core_team_user, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    old = staged(core_team_user, hours_ago=25)
    fresh = staged(core_team_user, hours_ago=23)
    started = staged(core_team_user, hours_ago=48)
    started = services.import_job_start(
        by=core_team_user,
        job=started,
        mapping={"metric": "metric", "score": "score", "responded_at": "responded_at",
                 "external_id": "external_id"},
        mode="history",
        background=False,
    )  # fmt: skip
    old_file = old.file.storage.path(old.file.name)
    assert (tmp_path / old.file.name).exists()

    assert import_uploads_expire_task.apply().get() == 1  # the real task, run in process

    assert not ImportJob.objects.filter(pk=old.pk).exists()
    assert not (tmp_path / old.file.name).exists(), old_file
    kept = set(ImportJob.objects.values_list("pk", flat=True))
    assert kept == {fresh.pk, started.pk}
    assert (tmp_path / fresh.file.name).exists()
    assert import_uploads_expire_task.apply().get() == 0  # a doubled beat removes nothing more


def test_the_job_is_declared_once_among_the_periodic_jobs():
    [entry] = [s for s in SCHEDULES if s["task"] == "voc.import_uploads_expire"]
    assert import_uploads_expire_task.name == entry["task"]
