"""The demo organization reads as a retail bank a CX leader would believe: the bank's
touchpoints, comments that match their scores, cases under customer-facing units, distinct
status updates, blockers and risks, six charters of their own, histories dated when they
happened, targets on every success statement, a year of operational figures, no action left
overdue for more than a quarter, and meetings that keep off bank holidays. Seeded once for the
module (it takes a while), and seeding again adds nothing."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from cxgov.dates import today
from governance.models import (
    ActionItem,
    CharterVersion,
    Holiday,
    HolidayRule,
    Meeting,
    MeetingStatus,
    SuccessStatement,
)
from portfolio.models import Initiative, Risk, StatusUpdate, TargetLink
from tests.snapshots import put_back_demo
from voc.models import (
    ClosedLoopCase,
    KpiRollup,
    KpiTarget,
    Metric,
    OperationalValue,
    Response,
    Touchpoint,
)
from voc.selectors import experience_beside_operational

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group(name="demo")]


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker, demo_snapshot):
    """The demo, seeded once inside a transaction that is rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        put_back_demo(demo_snapshot)
        yield
        transaction.set_rollback(True)


def test_the_touchpoints_are_a_banks():
    assert set(Touchpoint.objects.values_list("name", flat=True)) == {
        "Account opening",
        "Card activation",
        "Mobile app login",
        "Online banking",
        "Branch visit",
        "Contact centre",
        "Complaints",
        "Mortgage application",
        # New this winter, with no response yet: its promise says "too little data".
        "Video appointments",
    }


# Words a reader takes as complaint or as praise; written here, not taken from the demo.
NEGATIVE = ("fail", "two weeks", "twice", "would not", "never", "stopped", "locked", "logged me",
            "cannot", "waited", "closed and", "three departments", "on hold", "repeat", "no update",
            "ignored", "delayed", "chase")  # fmt: skip
POSITIVE = ("ten minutes", "clear", "seconds", "straight away", "quick", "reliable", "fast",
            "simple", "easy", "friendly", "great", "helpful", "apologised", "kept me", "smooth",
            "thank")  # fmt: skip
# Detractor / dissatisfied / hard at or below the first number, promoter / satisfied / easy
# at or above the second.
BANDS = {"nps": (6, 9), "csat": (2, 4), "ces": (3, 5)}


def cues(text: str, words: tuple[str, ...]) -> bool:
    return any(word in text.lower() for word in words)


def test_comments_agree_with_their_scores():
    rows = list(
        Response.objects.exclude(comment="").values_list("metric__code", "score", "comment")
    )
    assert len(rows) > 3000
    low = high = 0
    for code, score, comment in rows:
        worst, best = BANDS[code]
        if score <= worst:
            low += 1
            assert cues(comment, NEGATIVE) and not cues(comment, POSITIVE), (code, score, comment)
        elif score >= best:
            high += 1
            assert cues(comment, POSITIVE) and not cues(comment, NEGATIVE), (code, score, comment)
    assert low > 300 and high > 300


def test_cases_sit_under_customer_facing_units_only():
    units = set(ClosedLoopCase.objects.values_list("business_unit__code", flat=True))
    assert units == {"retail", "commercial", "wealth", "service"}
    assert ClosedLoopCase.objects.count() > 500


def test_every_success_statement_has_a_target():
    statements = SuccessStatement.objects.all()
    assert statements.count() == 3
    assert not statements.exclude(pk__in=KpiTarget.objects.values("success_statement")).exists()


def test_no_two_status_updates_blockers_or_risks_read_the_same():
    summaries = list(StatusUpdate.objects.values_list("summary", flat=True))
    blockers = list(StatusUpdate.objects.exclude(blockers="").values_list("blockers", flat=True))
    risks = list(Risk.objects.values_list("title", flat=True))
    mitigations = list(Risk.objects.values_list("mitigation", flat=True))
    assert len(summaries) > 100 and len(blockers) > 20 and len(risks) > 30
    for texts in (summaries, blockers, risks, mitigations):
        assert len(set(texts)) == len(texts)


def test_six_charters_each_say_their_own_thing():
    approved = CharterVersion.objects.filter(status="approved").select_related("charter__body")
    bodies = {v.charter.body.name for v in approved}
    assert len(bodies) == 5  # the onboarding group's waits in review
    versions = list(CharterVersion.objects.exclude(status="superseded"))
    assert len(versions) == 6
    for field in ("purpose_vision", "goals_scope", "roles_responsibilities",
                  "decision_authority", "meeting_cadence", "success_measures"):  # fmt: skip
        assert len({getattr(v, field) for v in versions}) == 6, field


def test_histories_are_dated_when_things_happened_over_the_past_year():
    now = timezone.now()
    for model in (Initiative, CharterVersion, KpiTarget, TargetLink, SuccessStatement):
        dates = list(model.history.values_list("history_date", flat=True))
        assert dates, model
        recent = [d for d in dates if now - d < dt.timedelta(minutes=10)]
        assert not recent, (model, len(recent), len(dates))
        # Nothing older than the complaint group's charter, drafted some 13 months ago.
        assert min(dates) > now - dt.timedelta(days=430), model
    # Work and charters went on all year (targets and statements were agreed at its start).
    for model in (Initiative, CharterVersion, TargetLink):
        dates = list(model.history.values_list("history_date", flat=True))
        assert max(dates) - min(dates) > dt.timedelta(days=270), model
    # The status updates were posted on the days they report.
    for update in StatusUpdate.objects.all()[:50]:
        assert timezone.localdate(update.created_at) == update.reported_on


def test_a_year_of_operational_figures():
    for code in ("churn", "handle-time", "repeat-contacts"):
        months = list(
            OperationalValue.objects.filter(
                metric__code=code, granularity="month", touchpoint__isnull=True
            )
            .order_by("period_start")
            .values_list("period_start", flat=True)
        )
        assert len(months) == 12
        # Entered through the service: the dashboard's rollups carry them.
        rollups = KpiRollup.objects.filter(
            metric__code=code, granularity="month", dimension_kind="overall"
        )
        assert rollups.count() == 12
        assert months[-1] == (today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def test_repeat_contacts_at_app_login_climb_with_its_dip():
    """Measured where the dip happened, repeat contacts move against app login's NPS, over
    twelve months, the interval clear of 0; the whole company's series is not the same."""
    nps, repeat = Metric.objects.get(code="nps"), Metric.objects.get(code="repeat-contacts")
    app = Touchpoint.objects.get(code="app-login")
    found = experience_beside_operational(experience=nps, operational=repeat, touchpoint=app)
    assert found.n == 12 and not found.weak and found.pearson.high < -0.5
    overall = experience_beside_operational(experience=nps, operational=repeat)
    assert [p.operational for p in overall.pairs] != [p.operational for p in found.pairs]


def test_no_action_is_more_than_a_quarter_overdue_yet_some_are_overdue():
    open_actions = ActionItem.objects.open()
    assert not open_actions.filter(due_on__lt=today() - dt.timedelta(days=92)).exists()
    assert open_actions.filter(due_on__lt=today()).exists()


def test_meetings_keep_off_englands_bank_holidays():
    holidays = set(Holiday.objects.values_list("date", flat=True))
    assert dt.date(today().year, 12, 25) in holidays
    held = [
        m
        for m in Meeting.objects.exclude(status=MeetingStatus.CANCELLED).select_related("cadence")
        if m.cadence and m.cadence.on_holiday != HolidayRule.MEET
    ]
    assert len(held) > 100
    assert not [m for m in held if m.local_start.date() in holidays]
    # The weekly core team would have met on some bank holiday Mondays: those were skipped.
    core_days = {m.occurrence for m in held if m.body.name == "Core CX team"}
    mondays = {d for d in holidays if d.weekday() == 0}
    assert mondays and not core_days & mondays


def test_seeding_again_adds_nothing():
    counts = [m.objects.count() for m in (Response, Initiative, Meeting, Holiday, ActionItem)]
    call_command("seed_demo", stdout=io.StringIO())
    assert [m.objects.count() for m in (Response, Initiative, Meeting, Holiday, ActionItem)] == (
        counts
    )
