"""The KPI pack's closed-loop section, and the core team's open alerts and cases: cases against
their service level per working group (through the owners' seats) and business unit, counted
by hand on the hand-made organization of test_pack.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cxgov.program.pack.document import pack_build
from cxgov.program.pack.sections import frame_for, section_read
from tests.program.test_pack import AS_OF, meeting, org  # noqa: F401  (the fixture)
from tests.voc.test_case_selectors_and_api import make_case


@pytest.fixture
def cases(org, program):  # noqa: F811
    make_case(owner=program.member, unit=program.retail, due=dt.date(2026, 11, 12))
    make_case(owner=program.member, unit=program.retail, due=dt.date(2026, 11, 5))  # overdue
    make_case(
        owner=program.other,
        unit=program.retail,
        due=dt.date(2026, 11, 1),
        closed=dt.date(2026, 10, 30),
    )  # closed in time
    make_case(owner=program.other, due=dt.date(2026, 10, 20), closed=dt.date(2026, 10, 25))
    return org


def rows(section, key):
    return {
        r["name"]: (r["open"], r["overdue"], r["closed_in_time"], r["closed_late"], r["total"])
        for r in section[key]
    }


def test_the_pack_counts_cases_against_the_service_level_per_group_and_unit(cases, program):
    section = pack_build(meeting=cases["this"], as_of=AS_OF, by=program.chair)["sections"]["cases"]
    assert section["applies"] and "unavailable" not in section
    # Onboarding: Wendy's two open cases, one past its due date on 10 Nov. Complaints: Otto's
    # two closed, one by its due date and one five days late (50% in time).
    assert rows(section, "by_working_group") == {
        "Complaints WG": (0, 0, 1, 1, 2),
        "Onboarding WG": (2, 1, 0, 0, 2),
    }
    complaints = [r for r in section["by_working_group"] if r["name"] == "Complaints WG"][0]
    assert complaints["in_time_percent"] == 50
    assert rows(section, "by_business_unit") == {
        "Retail": (2, 1, 1, 0, 3),
        "No business unit": (0, 0, 0, 1, 1),
    }
    assert (section["open"], section["total"]) == (2, 4)
    assert "due in 5 working days" in section["service_level"]


def test_a_working_groups_pack_keeps_its_own_cases(cases, program):
    wg = meeting(program.onboarding, AS_OF)
    section = pack_build(meeting=wg, as_of=AS_OF, by=program.member)["sections"]["cases"]
    assert rows(section, "by_working_group") == {"Onboarding WG": (2, 1, 0, 0, 2)}
    assert section["by_business_unit"] == []


def test_the_pack_page_shows_the_case_tables(client, cases, program):
    client.force_login(program.chair)
    html = client.get(reverse("program:meeting-pack", args=[cases["this"].pk])).content.decode()
    assert "Per working group" in html and "Closed late" in html and "50%" in html


def test_the_core_home_counts_open_alerts_and_cases(client, cases, program):
    from voc.selectors import alerts_not_yet_seen

    client.force_login(program.core)
    response = client.get(reverse("home"))
    followup = response.context["followup"]
    assert followup["alerts"] == alerts_not_yet_seen().count()
    assert (followup["cases"].open, followup["cases"].overdue) == (2, 2)
    assert "open cases" in response.content.decode()


def test_the_steering_pack_lists_the_cases_the_ladder_took_there(
    cases, program, client, django_assert_num_queries
):
    from voc.services import case_escalations_send

    # Due 20 Oct (a Tuesday) and still open: a second service level of five working days ends
    # on 27 Oct, so by 10 Nov it went to the steering committee. The case due 5 Nov went only
    # as far as its unit's lead (its second service level ends on 12 Nov).
    waiting = make_case(owner=program.member, unit=program.retail, due=dt.date(2026, 10, 20))
    assert case_escalations_send(on=AS_OF.date())["steering"] == 1
    frame = frame_for(cases["this"], AS_OF, program.chair)
    with django_assert_num_queries(2):
        section = section_read(frame, "escalated_cases")
    assert section["applies"] and section["total"] == 1
    [item] = section["items"]
    assert (item["id"], item["days_overdue"], item["escalated_on"]) == (
        waiting.pk, 21, "2026-11-10"
    )  # fmt: skip
    client.force_login(program.chair)
    html = client.get(reverse("program:meeting-pack", args=[cases["this"].pk])).content.decode()
    assert f"Case {waiting.pk}</a>: Net Promoter Score · Retail" in html and "days overdue" in html
    # A working group's pack leaves it to the steering committee, and says so.
    wg = pack_build(meeting=meeting(program.onboarding, AS_OF), as_of=AS_OF, by=program.member)
    assert not wg["sections"]["escalated_cases"]["applies"]
