"""The steering committee member's home opens on the next meeting: its agenda and its pack."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from governance import services as governance
from governance.models import Meeting
from tests.helpers import assert_flat_query_count
from tests.program.test_homes import grow  # noqa: F401  (the fixture)


def steering_meeting(program, days: int, title: str = "Review KPIs") -> Meeting:
    meeting = Meeting.objects.create(
        body=program.steering,
        starts_at=timezone.now() + dt.timedelta(days=days),
        time_zone="Europe/London",
    )
    governance.agenda_item_create(by=program.admin, meeting=meeting, title=title)
    return meeting


def test_the_steering_home_shows_the_next_meeting_its_agenda_and_pack(client, program):
    steering_meeting(program, 30, "Later meeting's item")
    soon = steering_meeting(program, 3, "Decide the Q1 budget")
    client.force_login(program.chair)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.context["home"].sections[0] == "next_meeting"
    assert response.context["next_meeting"].meeting == soon
    assert "Decide the Q1 budget" in html and "Later meeting's item" not in html
    assert reverse("program:meeting-pack", args=[soon.pk]) in html
    assert "read live until the meeting opens" in html


def test_a_meeting_in_progress_stays_next_and_shows_its_frozen_pack(client, program):
    running = steering_meeting(program, -0)
    Meeting.objects.filter(pk=running.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    governance.meeting_open(meeting=running, by=program.chair)
    client.force_login(program.chair)
    response = client.get(reverse("home"))
    assert response.context["next_meeting"].meeting == running
    assert response.context["next_meeting"].pack_state == "frozen"
    assert "frozen when the meeting opened" in response.content.decode()
    assert "In progress" in response.content.decode()


def test_with_no_meeting_scheduled_the_home_says_who_sets_the_cadence(client, program):
    client.force_login(program.chair)
    assert (
        "No steering committee meeting is scheduled" in client.get(reverse("home")).content.decode()
    )


def test_the_steering_home_runs_the_same_queries_with_a_meeting_at_both_sizes(
    client,
    program,
    grow,  # noqa: F811
):
    steering_meeting(program, 3)
    client.force_login(program.chair)
    fetch = lambda: client.get(reverse("home"))  # noqa: E731
    grow(40)
    fetch()
    assert_flat_query_count(fetch=fetch, grow_to=grow, sizes=(40, 400))
