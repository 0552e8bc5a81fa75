"""The pack's life: read live until the meeting opens (an approval or a new month shows at
once, with the age of the data), frozen at the opening (a later change does not show, and the
closing keeps it), and for a meeting that took place without a pack, read late as of its start
where history exists (target values, status updates, escalations) with the rest named as
today's, which the chair may store and freeze."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cxgov.program.models import KpiPack
from governance import services as governance
from governance.models import Meeting, SuccessStatement
from portfolio import services as portfolio
from portfolio.models import Health, Risk, Status
from tests.portfolio.factories import StatusUpdateFactory
from tests.program.test_pack_views import steering_meeting  # noqa: F401  (the fixture)
from tests.voc.test_targets_and_alerts import nps_target
from voc import services as voc
from voc.models import KpiRollup, KpiTarget


def _pack(client, meeting) -> str:
    return client.get(reverse("program:meeting-pack", args=[meeting.pk])).content.decode()


def _api(client, meeting) -> dict:
    return client.get(reverse("meeting-pack", args=[meeting.pk])).json()


def _section(html: str, name: str) -> str:
    """One section of the pack's page."""
    start = html.index(f'id="pack-{name}"')
    return html[start : html.index("</section>", start)]


def _latest_nps() -> KpiRollup:
    return KpiRollup.objects.filter(metric__code="nps").order_by("-period_start").first()


def test_the_live_pack_shows_an_approval_and_a_changed_month_at_once(
    client,
    program,
    steering_meeting,  # noqa: F811
    make_initiative,
):
    proposal = make_initiative(title="Branch queue pilot", status=Status.PROPOSED)
    client.force_login(program.chair)
    before = _api(client, steering_meeting)
    assert before["state"] == "live"
    decisions = before["pack"]["sections"]["decisions"]["items"]
    assert [d["title"] for d in decisions] == ["Branch queue pilot"]
    assert "Branch queue pilot" in _section(_pack(client, steering_meeting), "decisions")

    portfolio.initiative_transition(
        initiative=proposal, to_status=Status.APPROVED, by=program.chair
    )
    KpiRollup.objects.filter(pk=_latest_nps().pk).update(score=33.3, low=30.0, high=36.6)

    after = _api(client, steering_meeting)
    assert after["pack"]["sections"]["decisions"]["items"] == []
    (nps,) = after["pack"]["sections"]["kpis"]["items"]
    assert nps["latest"]["value"] == 33.3
    html = _pack(client, steering_meeting)
    assert "Branch queue pilot" not in _section(html, "decisions")
    assert "33.3" in _section(html, "kpis")
    assert "<strong>Live</strong>: read at" in html and "Age of the data" in html
    assert not KpiPack.objects.exists()


def test_the_pack_says_how_old_its_data_is(client, program, steering_meeting, make_initiative):  # noqa: F811
    initiative = make_initiative(title="Mobile login", status=Status.IN_PROGRESS)
    update = StatusUpdateFactory(initiative=initiative, health=Health.GREEN, author=program.member)
    posted = timezone.localtime(update.created_at)
    client.force_login(program.chair)
    data = _api(client, steering_meeting)["pack"]
    assert data["data_age"] == {
        "last_import": None,
        "last_status_update": update.created_at.isoformat(),
    }
    html = _pack(client, steering_meeting)
    assert f"the last status update was posted {posted:%-d %b %Y, %H:%M}" in html
    assert "no response import has finished yet" in html


def test_opening_freezes_the_pack_and_neither_later_changes_nor_the_closing_move_it(
    client,
    program,
    steering_meeting,  # noqa: F811
    make_initiative,
):
    proposal = make_initiative(title="Branch queue pilot", status=Status.PROPOSED)
    governance.meeting_open(meeting=steering_meeting, by=program.chair)
    client.force_login(program.chair)
    opened = _api(client, steering_meeting)
    assert opened["state"] == "frozen"
    pack = KpiPack.objects.get(meeting=steering_meeting)  # read as of the opening
    assert pack.built_at == Meeting.objects.get(pk=steering_meeting.pk).opened_at

    portfolio.initiative_transition(
        initiative=proposal, to_status=Status.APPROVED, by=program.chair
    )
    KpiRollup.objects.filter(pk=_latest_nps().pk).update(score=33.3, low=30.0, high=36.6)
    assert _api(client, steering_meeting) == opened
    html = _pack(client, steering_meeting)
    assert "Branch queue pilot" in _section(html, "decisions")
    assert "33.3" not in _section(html, "kpis")
    assert "<strong>Frozen</strong> when the meeting opened" in html

    governance.meeting_close(meeting=steering_meeting, by=program.chair)
    assert _api(client, steering_meeting) == opened
    assert KpiPack.objects.count() == 1


@pytest.fixture
def held_unopened(program, make_initiative):
    """A steering meeting held ten days ago and never opened, and what changed around it:
    the NPS target raised from 40 to 45 after it, an initiative that was green then and is
    red now, a risk escalated before it and one after."""
    now = timezone.now()
    statement = SuccessStatement.objects.create(title="Loyal customers", text="Always.")
    target = nps_target(statement)
    # The target was set a month ago (its history row says so), then raised last week.
    KpiTarget.history.filter(id=target.pk).update(history_date=now - dt.timedelta(days=30))
    voc.target_update(target=target, by=program.core, data={"target_value": 45})
    meeting = Meeting.objects.create(
        body=program.steering, starts_at=now - dt.timedelta(days=10), time_zone="Europe/London"
    )
    initiative = make_initiative(
        title="Card activation redesign", status=Status.IN_PROGRESS, health=Health.RED
    )
    today = timezone.localdate()
    for back, health in ((20, Health.GREEN), (5, Health.RED)):
        StatusUpdateFactory(
            initiative=initiative,
            reported_on=today - dt.timedelta(days=back),
            health=health,
            author=program.member,
        )
    for title, back in (("Vendor contract lapses", 15), ("Call centre strike", 5)):
        Risk.objects.create(
            initiative=initiative,
            title=title,
            likelihood=4,
            impact=4,
            owner=program.member,
            escalated_on=today - dt.timedelta(days=back),
        )
    return meeting


def test_a_pack_read_after_its_meeting_reads_history_as_of_the_meeting(
    client, program, held_unopened
):
    client.force_login(program.chair)
    body = _api(client, held_unopened)
    assert body["state"] == "late" and body["built_at"] is None
    pack = body["pack"]
    assert pack["as_of"] == held_unopened.starts_at.isoformat()
    (nps,) = pack["sections"]["kpis"]["items"]
    assert nps["target_value"] == 40  # as set then, not the 45 of last week
    turned = [i["title"] for i in pack["sections"]["initiatives"]["items"]]
    assert turned == []  # green at the meeting; red only since
    risks = [r["title"] for r in pack["sections"]["risks"]["items"]]
    assert risks == ["Vendor contract lapses"]
    assert pack["late"]["today"] == [
        "Initiatives asking for help",
        "Decisions awaiting the body",
        "Overdue action items",
        "Closed-loop cases against their service level",
        "Closed-loop cases escalated to the steering committee",
        "Line of sight: unowned gaps and unaligned initiatives",
        "Governance health",  # the score as it stands: no history of signals to read back
        "Leadership engagement this quarter",
        "Promises: what we promise customers against what they tell us",
    ]
    html = _pack(client, held_unopened)
    assert "<strong>Read late</strong>: this meeting took place without a pack" in html
    assert "decisions awaiting the body" in html and "Store this pack" in html


def test_the_chair_stores_a_late_pack_once_and_others_may_not(client, program, held_unopened):
    url = reverse("program:meeting-pack-store", args=[held_unopened.pk])
    client.force_login(program.member)
    assert client.post(url).status_code == 404  # not on the steering committee
    client.force_login(program.viewer)
    assert client.post(url).status_code == 403
    assert not KpiPack.objects.exists()

    client.force_login(program.chair)
    assert "Store this pack" in _pack(client, held_unopened)
    answer = client.post(url, follow=True)
    assert "The pack is stored and frozen as of the meeting." in answer.content.decode()
    pack = KpiPack.objects.get(meeting=held_unopened)
    assert pack.built_at == held_unopened.starts_at and pack.late
    assert pack.data["sections"]["kpis"]["items"][0]["target_value"] == 40
    html = _pack(client, held_unopened)
    assert "<strong>Frozen</strong> when it was stored on" in html and "after the meeting" in html
    again = client.post(url, follow=True).content.decode()
    assert "already frozen" in again and KpiPack.objects.count() == 1


def test_a_pack_before_its_meeting_has_nothing_to_store(
    client,
    program,
    steering_meeting,  # noqa: F811
):
    client.force_login(program.chair)
    answer = client.post(
        reverse("program:meeting-pack-store", args=[steering_meeting.pk]), follow=True
    )
    assert "read live until the meeting opens" in answer.content.decode()
    assert not KpiPack.objects.exists()
    assert "Store this pack" not in _pack(client, steering_meeting)


def test_the_chair_and_the_core_team_rebuild_the_live_pack_and_others_may_not(
    client,
    program,
    steering_meeting,  # noqa: F811
    make_initiative,
):
    url = reverse("program:meeting-pack-rebuild", args=[steering_meeting.pk])
    # Who may: the body's chair and the core team see the button and rebuild; a viewer and
    # the executive see the pack without it and are refused; a member outside the body gets
    # a 404, as for the pack itself.
    for reader, status in ((program.viewer, 403), (program.executive, 403), (program.member, 404)):
        client.force_login(reader)
        if status == 403:
            assert "Rebuild the pack now" not in _pack(client, steering_meeting)
        assert client.post(url).status_code == status
    for runner in (program.chair, program.core):
        client.force_login(runner)
        assert "Rebuild the pack now" in _pack(client, steering_meeting)
        make_initiative(title=f"Proposed while {runner.username} waited", status=Status.PROPOSED)
        answer = client.post(url, follow=True).content.decode()
        # What it now reads: the one target, and every proposal made so far awaiting the body.
        waiting = 1 if runner == program.chair else 2
        assert "The pack was rebuilt from the data as it stood at " in answer
        assert f"1 KPI, {waiting} decision{'s' if waiting > 1 else ''} awaiting the body" in answer
        assert f"Proposed while {runner.username} waited" in _section(answer, "decisions")
    assert not KpiPack.objects.exists()


def test_a_frozen_pack_is_not_rebuilt(client, program, steering_meeting):  # noqa: F811
    governance.meeting_open(meeting=steering_meeting, by=program.chair)
    frozen = KpiPack.objects.get(meeting=steering_meeting)
    client.force_login(program.chair)
    assert "Rebuild the pack now" not in _pack(client, steering_meeting)
    answer = client.post(
        reverse("program:meeting-pack-rebuild", args=[steering_meeting.pk]), follow=True
    ).content.decode()
    assert "it is not rebuilt" in answer
    assert KpiPack.objects.get(meeting=steering_meeting).data == frozen.data
