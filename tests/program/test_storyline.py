"""The CX storyline and its success stories: a story's before and after are the line of
sight's realized change (one rule, two doors); a quote of a comment its author may not read is
refused, per role; each reader sees only what they may (the quote under the comments rule); the
customer key never appears on the storyline, the story page or the API; every write refuses bad
input naming the field; the storyline's query count does not grow with the program.

The organization: NPS overall, baseline 10 in M-8, target 30 twelve months later. Rollups:
M-8: 40 promoters, 30 passives, 30 detractors (n = 100): NPS 10; M-3: 50, 30, 20: NPS 30.
"Callback instead of queueing" (Onboarding WG, in progress since M-8 + 9 days) claims +5 by
M-3 + 19 days: realized 30 - 10 = +20, its interval from the two rollups' counts (voc.stats)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from cxgov.dates import today
from cxgov.program import line_of_sight as los
from cxgov.program import services
from cxgov.program.errors import StoryError
from cxgov.program.models import SuccessStory
from cxgov.program.storyline import storyline
from governance.models import SuccessStatement
from portfolio.models import Status, TargetLink
from tests.helpers import assert_flat_query_count
from tests.voc.factories import TouchpointFactory
from voc.models import KpiRollup, KpiTarget, Metric, Response

pytestmark = pytest.mark.django_db

SECRET_KEY = "cust-SECRET-4711"


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


THIS = today().replace(day=1)
M8, M3 = add_months(THIS, -8), add_months(THIS, -3)


def nps_rollup(metric, start, promoters, passives, detractors):
    from voc import stats

    n = promoters + passives + detractors
    e = stats.nps(promoters=promoters, passives=passives, detractors=detractors)
    return KpiRollup.objects.create(
        metric=metric, granularity="month", period_start=start, n=n, promoters=promoters,
        passives=passives, detractors=detractors, score=e.value, low=e.low, high=e.high,
    )  # fmt: skip


def comment(touchpoint, text: str, n: int) -> Response:
    return Response.objects.create(
        metric=Metric.objects.get(code="nps"), score=10, touchpoint=touchpoint,
        responded_at=dt.datetime.combine(M3, dt.time(10), tzinfo=dt.UTC),
        external_id=f"story-{n}", comment=text, customer_key=SECRET_KEY,
    )  # fmt: skip


@pytest.fixture
def org(program, make_initiative):
    nps = Metric.objects.get(code="nps")
    statement = SuccessStatement.objects.create(title="Loved", text="Customers recommend us.")
    target = KpiTarget.objects.create(
        success_statement=statement, metric=nps, baseline_value=10, baseline_period_start=M8,
        target_value=30, target_date=add_months(M8, 12),
    )  # fmt: skip
    nps_rollup(nps, M8, 40, 30, 30)
    nps_rollup(nps, M3, 50, 30, 20)
    running = make_initiative(
        status=Status.IN_PROGRESS, title="Callback instead of queueing",
        start_date=M8 + dt.timedelta(days=9), target_date=add_months(THIS, 6),
    )  # fmt: skip
    link = TargetLink.objects.create(
        initiative=running, target=target, expected_change=5, direction="increase",
        expected_by=M3 + dt.timedelta(days=19),
    )  # fmt: skip
    # Wendy (Onboarding WG) owns the branch touchpoint: she reads its comments, not others'.
    branch = TouchpointFactory(code="branch", name="Branch", owner=program.member)
    phone = TouchpointFactory(code="phone", name="Phone")
    return {
        "program": program,
        "target": target,
        "initiative": running,
        "link": link,
        "own": comment(branch, "They called me back within the hour, brilliant.", 1),
        "other": comment(phone, "No queue at all, the callback came as promised.", 2),
    }


def tell(org, by, response=None, quote=""):
    return services.story_create(
        by=by, link=org["link"], title="No more queues", response=response, quote=quote,
        narrative="Customers asked for a callback instead of waiting on hold.",
    )  # fmt: skip


# -- Before and after: the line of sight's own numbers ----------------------------------------


def test_the_story_shows_the_line_of_sights_realized_change(org, client):
    p = org["program"]
    story = tell(org, p.core)
    expected = los.expected_vs_realized(org["link"])
    assert (expected.start_value, expected.end_value) == (10, 30)
    assert expected.realized == pytest.approx(20) and expected.low < 20 < expected.high
    client.force_login(p.viewer)
    page = client.get(reverse("program:story", args=[story.pk])).content.decode()
    assert "<strong>+20.0</strong>" in page
    assert f"(95% interval {expected.low:.1f} to {expected.high:.1f})" in page
    api = _api(p.viewer).get(reverse("story-detail", args=[story.pk])).json()
    assert api["change"]["before"] == 10 and api["change"]["after"] == 30
    assert api["change"]["low"] == pytest.approx(expected.low)
    assert api["change"]["high"] == pytest.approx(expected.high)


# -- The comments rule: a quote its author may not read is refused, per role -------------------


def test_a_working_group_member_quotes_only_comments_they_may_read(org):
    p = org["program"]
    with pytest.raises(StoryError) as refused:
        tell(org, p.member, response=org["other"])
    assert refused.value.field == "response"
    assert "You may not read this customer's comment" in refused.value.message
    assert not SuccessStory.objects.exists()
    story = tell(org, p.member, response=org["own"])  # her own touchpoint's comment
    assert story.quote == "They called me back within the hour, brilliant."


def test_the_core_team_quotes_any_comment_and_a_reader_tells_no_story(org):
    p = org["program"]
    assert tell(org, p.core, response=org["other"], quote="No queue at all").response_id
    for reader in (p.chair, p.viewer, p.executive, p.other):  # not in the initiative's group
        with pytest.raises(PermissionDenied):
            tell(org, reader)
    assert SuccessStory.objects.count() == 1


def test_the_api_refuses_a_quote_its_author_may_not_read_naming_the_field(org):
    p = org["program"]
    body = {"title": "No more queues", "link": org["link"].pk, "narrative": "Callbacks.",
            "response": org["other"].pk}  # fmt: skip
    refused = _api(p.member).post(reverse("story-list"), body, format="json")
    assert refused.status_code == 400 and "response" in refused.json(), refused.json()
    assert not SuccessStory.objects.exists()
    body["response"] = org["own"].pk
    assert _api(p.member).post(reverse("story-list"), body, format="json").status_code == 201


# -- Each reader sees only what they may; the customer key never ------------------------------


def test_each_role_sees_the_quote_only_under_the_comments_rule(org, client):
    p = org["program"]
    tell(org, p.core, response=org["other"], quote="the callback came as promised")
    tell(org, p.core, response=org["own"])
    for person, sees_other, sees_own in [
        (p.core, True, True),
        (p.admin, True, True),
        (p.member, False, True),  # owns the branch touchpoint only
        (p.other, False, False),
        (p.chair, False, False),
        (p.executive, False, False),
        (p.viewer, False, False),
    ]:
        client.force_login(person)
        page = client.get(reverse("program:storyline")).content.decode()
        assert page.count("No more queues") == 2, person
        assert ("the callback came as promised" in page) == sees_other, person
        assert ("within the hour" in page) == sees_own, person
        listed = _api(person).get(reverse("story-list")).json()["results"]
        quotes = {s["quote"] for s in listed}
        assert ("the callback came as promised" in quotes) == sees_other, person
        assert (org["own"].comment in quotes) == sees_own, person


def test_the_customer_key_never_appears(org, client):
    p = org["program"]
    story = tell(org, p.core, response=org["other"])
    client.force_login(p.core)  # who reads the quote and its response
    pages = [
        reverse("program:storyline"),
        reverse("program:storyline-print"),
        reverse("program:story", args=[story.pk]),
        reverse("program:story-edit", args=[story.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "the callback came as promised" in html and SECRET_KEY not in html, url
    for url in (reverse("story-list"), reverse("story-detail", args=[story.pk])):
        answer = _api(p.core).get(url)
        assert answer.status_code == 200 and SECRET_KEY not in answer.content.decode(), url


def test_a_proposal_and_its_story_stay_in_its_group(org, make_initiative, client):
    p = org["program"]
    proposal = make_initiative(status=Status.PROPOSED, title="Travel notice in the app")
    link = TargetLink.objects.create(
        initiative=proposal, target=org["target"], expected_change=2, direction="increase",
        expected_by=add_months(THIS, 3),
    )  # fmt: skip
    story = services.story_create(by=p.core, link=link, title="Travel notices", narrative="Soon.")
    client.force_login(p.other)  # Complaints WG: does not see Onboarding's proposal
    assert client.get(reverse("program:story", args=[story.pk])).status_code == 404
    assert "Travel notices" not in client.get(reverse("program:storyline")).content.decode()
    client.force_login(p.member)
    assert client.get(reverse("program:story", args=[story.pk])).status_code == 200


# -- Bad input: named, nothing written ----------------------------------------------------------


def test_the_story_page_refuses_bad_input_naming_the_field(org, client):
    p = org["program"]
    client.force_login(p.core)
    url = reverse("program:story-create")
    assert client.post(url, {}).status_code == 400
    bad = client.post(
        url,
        {"title": "No more queues", "link": org["link"].pk, "narrative": "Callbacks.",
         "response": org["other"].pk, "quote": "Queues were great"},
    )  # fmt: skip
    assert bad.status_code == 200 and not SuccessStory.objects.exists()
    assert "The quote must be the customer&#x27;s own words" in bad.content.decode()
    # Wendy is not offered a comment she may not read: the choice is refused by name.
    client.force_login(p.member)
    refused = client.post(
        url,
        {"title": "No more queues", "link": org["link"].pk, "narrative": "Callbacks.",
         "response": org["other"].pk},
    )  # fmt: skip
    assert refused.status_code == 200 and not SuccessStory.objects.exists()
    assert "Select a valid choice" in refused.content.decode()
    made = client.post(
        url,
        {"title": "No more queues", "link": org["link"].pk, "narrative": "Callbacks.",
         "response": org["own"].pk, "quote": "called me back within the hour"},
    )  # fmt: skip
    assert made.status_code == 302
    story = SuccessStory.objects.get()
    assert story.quote == "called me back within the hour" and story.told_by == p.member
    edit = client.post(
        reverse("program:story-edit", args=[story.pk]),
        {"title": "", "link": org["link"].pk, "narrative": "Callbacks."},
    )
    assert edit.status_code == 200
    story.refresh_from_db()
    assert story.title == "No more queues"


def test_the_api_refuses_bad_input_naming_the_field(org):
    p = org["program"]
    client = _api(p.core)
    for body, field in [
        ({"link": org["link"].pk, "narrative": "x"}, "title"),
        ({"title": "T", "link": 999_999, "narrative": "x"}, "link"),
        ({"title": "T", "link": org["link"].pk, "narrative": "x", "quote": "words"}, "response"),
        ({"title": "T", "link": org["link"].pk, "narrative": "x", "customer_key": "k"},
         "customer_key"),
    ]:  # fmt: skip
        answer = client.post(reverse("story-list"), body, format="json")
        assert answer.status_code == 400 and field in answer.json(), answer.json()
    assert not SuccessStory.objects.exists()


# -- The storyline's query count ---------------------------------------------------------------


def test_the_storyline_reads_a_fixed_number_of_queries(org, make_initiative, client):
    p = org["program"]
    client.force_login(p.core)
    grown = []

    def grow_to(size: int) -> None:
        while len(grown) < size:
            i = make_initiative(
                status=Status.IN_PROGRESS, title=f"Initiative {len(grown)}",
                start_date=M8 + dt.timedelta(days=9), target_date=add_months(THIS, 6),
            )  # fmt: skip
            link = TargetLink.objects.create(
                initiative=i, target=org["target"], expected_change=1, direction="increase",
                expected_by=M3 + dt.timedelta(days=19),
            )  # fmt: skip
            services.story_create(
                by=p.core, link=link, title=f"Story {len(grown)}", narrative="x",
                response=org["other"] if len(grown) % 2 else None,
            )  # fmt: skip
            grown.append(i)

    assert_flat_query_count(
        fetch=lambda: client.get(reverse("program:storyline")), grow_to=grow_to, sizes=(2, 15)
    )
    line = storyline(user=p.core)
    assert line.story_total == 15 and len(line.stories) == 12


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client
