"""History or live: a backlog import opens no closed-loop case; a live one opens cases only for
the responses given from its cut-off on (by default the case service level before now), and
the preview's dry run counts exactly the cases the import then opens, keeping nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from cxgov.roles import Role
from tests.factories import UserFactory
from voc import services
from voc.errors import VocError
from voc.models import CaseSettings, ClosedLoopCase, ImportJob, ImportMode, Response

from .factories import TouchpointFactory

pytestmark = pytest.mark.django_db

CUT_OFF = dt.datetime(2026, 11, 2, 10, 0, 0, tzinfo=dt.UTC)
HEADER = b"metric,score,responded_at,external_id,touchpoint,comment\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def checkout(db):
    owner = UserFactory(username="otto", roles=[Role.WORKING_GROUP_MEMBER])
    return TouchpointFactory(code="checkout", name="Checkout", owner=owner)


def detractors(*moments: dt.datetime, prefix: str = "d") -> bytes:
    """One NPS detractor (2) with a comment per moment: each would open a case."""
    rows = [
        f"nps,2,{moment.isoformat()},{prefix}-{i},checkout,Never again\n".encode()
        for i, moment in enumerate(moments)
    ]
    return HEADER + b"".join(rows)


def start(user, content: bytes, **options) -> ImportJob:
    return services.import_job_create(
        by=user, file=io.BytesIO(content), original_name="s.csv", background=False, **options
    )


SECOND = dt.timedelta(seconds=1)


def test_a_live_import_opens_cases_from_its_cut_off_exactly_and_none_a_second_before(
    core_team_user, checkout
):
    # Hand-worked: of 10:00:00 - 1 s, 10:00:00 and 10:00:01, the first is older than the
    # cut-off (no case); the one exactly at it and the one after open one case each: 2.
    job = start(
        core_team_user,
        detractors(CUT_OFF - SECOND, CUT_OFF, CUT_OFF + SECOND),
        mode=ImportMode.LIVE,
        cases_from=CUT_OFF,
    )
    assert (job.inserted_rows, job.cases_opened) == (3, 2)
    opened = ClosedLoopCase.objects.values_list("response__responded_at", flat=True)
    assert sorted(opened) == [CUT_OFF, CUT_OFF + SECOND]
    assert job.message == (
        "Imported 3 of 3 responses. 2 closed-loop cases opened for detractors' comments "
        "from 2 Nov 2026 10:00 on."
    )


def test_a_history_import_opens_no_case_however_recent_its_detractors(core_team_user, checkout):
    now = timezone.now()
    job = start(core_team_user, detractors(now - SECOND, now - 2 * SECOND), mode="history")
    assert (job.inserted_rows, job.cases_opened, job.cases_from) == (2, 0, None)
    assert not ClosedLoopCase.objects.exists()
    assert job.message.endswith("A history import: no closed-loop case opened.")


def test_by_default_a_live_import_opens_cases_only_within_the_service_level(
    core_team_user, checkout
):
    # The default service level is 5 working days: a detractor of an hour ago is followed up,
    # one of 30 days ago (at least 20 working days) is past it.
    now = timezone.now()
    job = start(core_team_user, detractors(now - dt.timedelta(hours=1), now - dt.timedelta(30)))
    assert (job.inserted_rows, job.cases_opened) == (2, 1)
    # 5 working days back are 7 calendar days, 5 to 9 around a weekend or two.
    behind = job.created_at - job.cases_from
    assert dt.timedelta(days=5) <= behind < dt.timedelta(days=9, seconds=5)
    assert ClosedLoopCase.objects.get().response.external_id == "d-0"


@pytest.mark.parametrize(
    ("now", "working_days_only", "expected"),
    [
        # Wednesday 9 Dec 2026 10:00, 5 working days back: Tue 8, Mon 7, Fri 4, Thu 3, Wed 2.
        (dt.datetime(2026, 12, 9, 10, tzinfo=dt.UTC), True, dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC)),
        # Sunday 6 Dec 14:30: Fri 4, Thu 3, Wed 2, Tue 1, Mon 30 Nov.
        (dt.datetime(2026, 12, 6, 14, 30, tzinfo=dt.UTC), True, dt.datetime(2026, 11, 30, 14, 30, tzinfo=dt.UTC)),
        # Calendar days: 5 days before Wednesday 9 Dec is Friday 4 Dec.
        (dt.datetime(2026, 12, 9, 10, tzinfo=dt.UTC), False, dt.datetime(2026, 12, 4, 10, tzinfo=dt.UTC)),
    ],
)  # fmt: skip
def test_the_default_cut_off_is_the_service_level_counted_back_from_now(
    now, working_days_only, expected
):
    CaseSettings.objects.update_or_create(
        pk=1, defaults={"service_level_days": 5, "working_days_only": working_days_only}
    )
    assert services.import_cases_from(mode="live", cases_from=None, now=now) == expected
    assert services.import_cases_from(mode="history", cases_from=None, now=now) is None


@pytest.mark.parametrize(
    ("options", "field", "message"),
    [
        ({"mode": "backlog"}, "mode", "'backlog' is not an import mode: choose live"),
        ({"mode": ""}, "mode", "'' is not an import mode"),
        (
            {"mode": "history", "cases_from": CUT_OFF},
            "cases_from",
            "A history import opens no case, so it takes no cut-off",
        ),
        (
            {"mode": "live", "cases_from": timezone.now() + dt.timedelta(days=1)},
            "cases_from",
            "is in the future, so no response would open a case",
        ),
        (
            {"mode": "live", "cases_from": dt.datetime(1900, 1, 1, tzinfo=dt.UTC)},
            "cases_from",
            "1900-01-01 is outside the dates this program takes",
        ),
    ],
)
def test_bad_case_options_are_refused_by_field_and_nothing_is_stored(
    core_team_user, checkout, options, field, message
):
    with pytest.raises(VocError) as refused:
        start(core_team_user, detractors(CUT_OFF), **options)
    assert refused.value.field == field and message in refused.value.message
    assert not ImportJob.objects.exists() and not Response.objects.exists()


def test_a_naive_cut_off_is_read_in_the_projects_time_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"
    with timezone.override("Europe/Paris"):
        cut_off = services.import_cases_from(
            mode="live", cases_from=dt.datetime(2026, 11, 2, 11, 0)
        )
    assert cut_off == CUT_OFF  # 11:00 in Paris in November is 10:00 UTC


def test_the_dry_run_counts_the_cases_the_import_then_opens_and_keeps_nothing(
    core_team_user, checkout
):
    content = detractors(CUT_OFF - SECOND, CUT_OFF, CUT_OFF + SECOND)
    staged = services.import_job_stage(
        by=core_team_user, file=io.BytesIO(content), original_name="s.csv"
    )
    mapping = {"metric": "metric", "score": "score", "responded_at": "responded_at",
               "external_id": "external_id", "touchpoint": "touchpoint", "comment": "comment"}  # fmt: skip
    trial = services.import_dry_run(
        by=core_team_user, job=staged, mapping=mapping, cases_from=CUT_OFF
    )
    assert (trial.total_rows, trial.inserted, trial.cases_opened) == (3, 3, 2)
    history = services.import_dry_run(
        by=core_team_user, job=staged, mapping=mapping, mode="history"
    )
    assert (history.inserted, history.cases_opened) == (3, 0)
    assert not Response.objects.exists() and not ClosedLoopCase.objects.exists()

    job = services.import_job_start(
        by=core_team_user, job=staged, mapping=mapping, cases_from=CUT_OFF, background=False
    )
    assert (job.inserted_rows, job.cases_opened) == (3, 2) == (3, ClosedLoopCase.objects.count())
    again = services.import_job_stage(
        by=core_team_user, file=io.BytesIO(content), original_name="s.csv"
    )
    rerun = services.import_dry_run(
        by=core_team_user, job=again, mapping=mapping, cases_from=CUT_OFF
    )
    assert (rerun.inserted, rerun.skipped, rerun.cases_opened) == (0, 3, 0)
