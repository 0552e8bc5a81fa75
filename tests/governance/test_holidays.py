"""The holiday calendar: public holidays loaded from the `holidays` package for the country in
Meeting settings, days the admin adds, and each cadence's holiday rule (skip, next working day,
meet anyway), asked by meeting generation and by reminders alike. Dates read off a printed
2026 calendar and the gov.uk list of England's bank holidays."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from governance import services
from governance.models import (
    Cadence,
    Frequency,
    Holiday,
    HolidayRule,
    HolidaySource,
    Meeting,
    MeetingSettings,
    MeetingStatus,
    Weekday,
)
from tests.factories import MembershipFactory, UserFactory
from tests.governance.factories import CadenceFactory

pytestmark = pytest.mark.django_db

# England's 2026 bank holidays (gov.uk), and the Saturday Boxing Day that the package lists
# beside its Monday substitute.
ENGLAND_2026 = {
    dt.date(2026, 1, 1): "New Year's Day",
    dt.date(2026, 4, 3): "Good Friday",
    dt.date(2026, 4, 6): "Easter Monday",
    dt.date(2026, 5, 4): "May Day",
    dt.date(2026, 5, 25): "Spring Bank Holiday",
    dt.date(2026, 8, 31): "Late Summer Bank Holiday",
    dt.date(2026, 12, 25): "Christmas Day",
    dt.date(2026, 12, 26): "Boxing Day",
    dt.date(2026, 12, 28): "Boxing Day (observed)",
}


@pytest.fixture
def england(admin_user):
    MeetingSettings.objects.update_or_create(
        pk=1, defaults={"holiday_country": "GB", "holiday_subdivision": "ENG"}
    )
    services.holidays_load(by=admin_user, years=[2026])


def weekly(structure, weekday: int, rule: str, **fields) -> Cadence:
    return CadenceFactory(
        body=structure["core"],
        frequency=Frequency.WEEKLY,
        weekday=weekday,
        week_of_month=None,
        time=dt.time(10, 0),
        on_holiday=rule,
        **fields,
    )


def held(cadence: Cadence) -> list[dt.date]:
    return [m.local_start.date() for m in cadence.meetings.order_by("starts_at")]


def test_loading_englands_holidays_adds_each_day_once_and_keeps_a_renamed_one(england, admin_user):
    assert dict(Holiday.objects.values_list("date", "name")) == ENGLAND_2026
    assert set(Holiday.objects.values_list("source", flat=True)) == {HolidaySource.PUBLIC}
    Holiday.objects.filter(date=dt.date(2026, 5, 4)).update(name="Early May bank holiday")
    assert services.holidays_load(by=admin_user, years=[2026]) == 0
    assert Holiday.objects.get(date=dt.date(2026, 5, 4)).name == "Early May bank holiday"


def test_scotland_has_its_own_days(admin_user):
    MeetingSettings.objects.update_or_create(
        pk=1, defaults={"holiday_country": "GB", "holiday_subdivision": "SCT"}
    )
    services.holidays_load(by=admin_user, years=[2026])
    days = set(Holiday.objects.values_list("date", flat=True))
    assert dt.date(2026, 1, 2) in days  # the 2nd of January, Scotland only
    assert dt.date(2026, 4, 6) not in days  # no Easter Monday in Scotland


def test_a_weekly_monday_cadence_skips_the_two_may_bank_holidays(england, structure):
    cadence = weekly(structure, Weekday.MONDAY, HolidayRule.SKIP, starts_on=dt.date(2026, 5, 1))
    services.meetings_generate(on=dt.date(2026, 5, 1), horizon_days=31)
    # Mondays 4, 11, 18, 25 May and 1 June; 4 and 25 May are bank holidays.
    assert held(cadence) == [dt.date(2026, 5, 11), dt.date(2026, 5, 18), dt.date(2026, 6, 1)]
    assert services.meetings_generate(on=dt.date(2026, 5, 1), horizon_days=31) == 0


def test_next_working_day_moves_a_monday_to_tuesday_and_keeps_the_series_date(england, structure):
    rule = HolidayRule.NEXT_WORKING_DAY
    cadence = weekly(structure, Weekday.MONDAY, rule, starts_on=dt.date(2026, 5, 1))
    services.meetings_generate(on=dt.date(2026, 5, 1), horizon_days=31)
    assert held(cadence) == [
        dt.date(2026, 5, 5),
        dt.date(2026, 5, 11),
        dt.date(2026, 5, 18),
        dt.date(2026, 5, 26),
        dt.date(2026, 6, 1),
    ]
    moved = cadence.meetings.get(occurrence=dt.date(2026, 5, 25))
    assert moved.local_start.time() == dt.time(10, 0)
    # Generating again finds it by its series date and adds nothing.
    assert services.meetings_generate(on=dt.date(2026, 5, 1), horizon_days=31) == 0


def test_good_friday_moves_past_the_weekend_and_easter_monday_to_tuesday(england, structure):
    rule = HolidayRule.NEXT_WORKING_DAY
    cadence = weekly(structure, Weekday.FRIDAY, rule, starts_on=dt.date(2026, 3, 27))
    services.meetings_generate(on=dt.date(2026, 3, 27), horizon_days=14)
    # Fri 27 Mar; Fri 3 Apr (Good Friday) -> Sat, Sun, Easter Monday 6 -> Tue 7 Apr; Fri 10 Apr.
    assert held(cadence) == [dt.date(2026, 3, 27), dt.date(2026, 4, 7), dt.date(2026, 4, 10)]


def test_christmas_friday_moves_past_boxing_day_and_its_substitute(england, structure):
    rule = HolidayRule.NEXT_WORKING_DAY
    cadence = weekly(structure, Weekday.FRIDAY, rule, starts_on=dt.date(2026, 12, 18))
    services.meetings_generate(on=dt.date(2026, 12, 18), horizon_days=8)
    # Fri 25 Dec -> Sat 26 (Boxing Day), Sun 27, Mon 28 (substitute) -> Tue 29 Dec.
    assert held(cadence) == [dt.date(2026, 12, 18), dt.date(2026, 12, 29)]


def test_a_cadence_may_meet_anyway(england, structure):
    cadence = weekly(structure, Weekday.MONDAY, HolidayRule.MEET, starts_on=dt.date(2026, 5, 20))
    services.meetings_generate(on=dt.date(2026, 5, 20), horizon_days=7)
    assert held(cadence) == [dt.date(2026, 5, 25)]


def test_a_monthly_committee_is_not_troubled_when_no_holiday_falls_on_its_day(england, structure):
    cadence = CadenceFactory(body=structure["steering"], on_holiday=HolidayRule.SKIP)
    services.meetings_generate(on=dt.date(2026, 1, 1), horizon_days=364)
    assert len(held(cadence)) == 12  # second Tuesdays: never a bank holiday in England


def future_monday(weeks: int) -> dt.date:
    """A Monday `weeks` weeks after next Monday: always ahead, so reminders and the rule act."""
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday() + 7 * weeks)


def test_a_holiday_added_later_cancels_or_moves_the_meetings_on_it_but_not_one_moved_by_hand(
    structure, admin_user
):
    start = future_monday(1)
    skip = weekly(structure, Weekday.MONDAY, HolidayRule.SKIP, starts_on=start)
    move = CadenceFactory(
        body=structure["onboarding"],
        frequency=Frequency.WEEKLY,
        weekday=Weekday.MONDAY,
        week_of_month=None,
        time=dt.time(14, 30),
        starts_on=start,
        on_holiday=HolidayRule.NEXT_WORKING_DAY,
    )
    services.meetings_generate(on=start, horizon_days=14)
    away_day = start + dt.timedelta(days=7)
    by_hand = move.meetings.get(occurrence=start + dt.timedelta(days=14))
    services.meeting_update(
        meeting=by_hand,
        by=admin_user,
        data={"starts_at": by_hand.starts_at - dt.timedelta(days=14) + dt.timedelta(days=7)},
    )
    services.holiday_save(by=admin_user, holiday=Holiday(date=away_day, name="Company away day"))

    skipped = skip.meetings.get(occurrence=away_day)
    assert skipped.status == MeetingStatus.CANCELLED
    assert skipped.cancel_reason == "Public holiday: Company away day."
    moved = move.meetings.get(occurrence=away_day)
    assert moved.status == MeetingStatus.SCHEDULED
    assert moved.local_start.date() == away_day + dt.timedelta(days=1)
    assert moved.local_start.time() == dt.time(14, 30)
    assert moved.sequence == 1  # calendar clients take the change
    by_hand.refresh_from_db()
    assert by_hand.local_start.date() == away_day and by_hand.sequence == 1  # left as moved
    assert skip.meetings.get(occurrence=start).status == MeetingStatus.SCHEDULED


def test_reminders_ask_the_rule_before_anyone_hears_of_a_meeting_on_a_holiday(
    structure, admin_user
):
    for _ in range(2):
        MembershipFactory(body=structure["core"], person=UserFactory())
    day = timezone.localdate() + dt.timedelta(days=1)
    cadence = weekly(structure, day.weekday(), HolidayRule.SKIP, starts_on=day)
    services.meetings_generate(on=day, horizon_days=0)
    meeting = cadence.meetings.get()
    # Entered straight into the table (a bulk load), so only the reminder job can catch it.
    Holiday.objects.create(date=day, name="Founders' day")
    assert services.meeting_reminders_send(now=meeting.starts_at - dt.timedelta(hours=20)) == 0
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


def test_removing_a_holiday_lets_generation_schedule_the_skipped_meeting(structure, admin_user):
    start = future_monday(1)
    cadence = weekly(structure, Weekday.MONDAY, HolidayRule.SKIP, starts_on=start)
    holiday = services.holiday_save(by=admin_user, holiday=Holiday(date=start, name="Away day"))
    services.meetings_generate(on=start, horizon_days=0)
    assert not cadence.meetings.exists()
    services.holiday_delete(by=admin_user, holiday=holiday)
    assert services.meetings_generate(on=start, horizon_days=0) == 1


def test_only_configurers_change_the_calendar(structure, viewer_user, wg_member_user):
    for person in (viewer_user, wg_member_user):
        with pytest.raises(PermissionDenied, match="holiday calendar"):
            services.holiday_save(by=person, holiday=Holiday(date=future_monday(1), name="X"))
        with pytest.raises(PermissionDenied):
            services.holidays_load(by=person, years=[2026])
    assert not Holiday.objects.exists()


@pytest.mark.parametrize(
    ("country", "region", "field", "message"),
    [
        ("XX", "", "holiday_country", "No public holiday calendar for 'XX'"),
        ("GB", "ZZZ", "holiday_subdivision", "GB has no region 'ZZZ'; choose one of ENG"),
    ],
)
def test_an_unknown_country_or_region_is_refused_by_name(country, region, field, message):
    settings = MeetingSettings(holiday_country=country, holiday_subdivision=region)
    with pytest.raises(ValidationError) as refused:
        settings.full_clean()
    assert message in refused.value.message_dict[field][0]


def test_a_holiday_needs_a_name_and_a_date_once(admin_user):
    services.holiday_save(by=admin_user, holiday=Holiday(date=dt.date(2026, 7, 1), name="Away"))
    with pytest.raises(ValidationError) as refused:
        services.holiday_save(by=admin_user, holiday=Holiday(date=dt.date(2026, 7, 1), name=""))
    assert {"date", "name"} <= set(refused.value.message_dict)
    assert Holiday.objects.count() == 1
    assert Meeting.objects.count() == 0
