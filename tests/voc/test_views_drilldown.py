"""The responses behind a point: the right rows, pages counted from the rollup's n (no
count(*) over the table), comments only where voc.read_comments allows, and a CSV export
whose cells a spreadsheet cannot run as formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cxgov.roles import Role
from tests.factories import UserFactory
from voc.models import Response
from voc.services import rollup_rebuild

from .factories import TouchpointFactory, metric

MARCH = {"granularity": "month", "period": "2026-03-01"}


def add(score, *, day=dt.date(2026, 3, 2), touchpoint=None, comment="", ext=None, hour=10):
    return Response.objects.create(
        metric=metric("nps"), score=score, touchpoint=touchpoint, comment=comment,
        responded_at=dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC),
        external_id=ext or f"{day}-{hour}-{score}-{Response.objects.count()}",
    )  # fmt: skip


@pytest.fixture
def core(client: Client, core_team_user) -> Client:
    client.force_login(core_team_user)
    return client


def test_the_point_lists_its_period_and_scope_only_newest_first(core):
    checkout = TouchpointFactory(code="checkout", name="Checkout")
    add(9, touchpoint=checkout, hour=9, comment="Fine.")
    add(2, touchpoint=checkout, hour=11, comment="Slow.")
    add(10, hour=12)  # March, no touchpoint: not in the checkout point
    add(3, day=dt.date(2026, 4, 1), touchpoint=checkout)  # April: another point
    rollup_rebuild()
    html = core.get(
        "/voc/metrics/nps/responses/", {**MARCH, "scope": f"touchpoint:{checkout.pk}"}
    ).content.decode()
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    assert table.count("<tr>") == 2
    assert table.index("Slow.") < table.index("Fine.")  # 11:00 before 09:00
    assert "2 responses (the rollup's n)" in html


def test_pages_take_their_count_from_the_rollup_not_from_count(core):
    for i in range(120):
        add(i % 11, hour=i % 24, ext=f"p-{i}")
    rollup_rebuild()
    with CaptureQueriesContext(connection) as ctx:
        page = core.get("/voc/metrics/nps/responses/", {**MARCH, "page": 3})
    html = page.content.decode()
    assert "page 3 of 3" in html and html[html.index("<tbody>") :].count("<tr>") == 20
    assert not [
        q
        for q in ctx.captured_queries
        if "COUNT(" in q["sql"].upper() and "voc_response" in q["sql"]
    ]


def test_comments_show_to_the_core_team_and_the_touchpoints_owner_only(client, db):
    owner = UserFactory(username="owner", roles=[Role.WORKING_GROUP_MEMBER])
    other = UserFactory(username="other", roles=[Role.STEERING_COMMITTEE])
    core = UserFactory(username="core1", roles=[Role.CORE_TEAM])
    owned = TouchpointFactory(code="owned", name="Owned", owner=owner)
    add(2, touchpoint=owned, comment="Owned touchpoint's comment.")
    add(3, comment="Nobody's touchpoint comment.")
    rollup_rebuild()
    seen = {}
    for user in (owner, other, core):
        client.force_login(user)
        seen[user.username] = client.get("/voc/metrics/nps/responses/", MARCH).content.decode()
    assert "Owned touchpoint&#x27;s comment." in seen["owner"]
    assert "Nobody" not in seen["owner"] and "Not shown" in seen["owner"]
    assert "Owned touchpoint" not in seen["other"] and "Nobody" not in seen["other"]
    assert "Comment</th>" not in seen["other"]
    assert "Owned touchpoint" in seen["core1"] and "Nobody&#x27;s" in seen["core1"]


def test_the_export_escapes_cells_a_spreadsheet_would_run(core):
    add(1, comment='=HYPERLINK("http://evil")', hour=9)
    add(2, comment="+1 call me", hour=10)
    add(3, comment="-bad", hour=11)
    add(4, comment="@SUM(A1)", hour=12)
    add(5, comment="\tTabbed", hour=13)
    add(6, comment="Plain, with a comma", hour=14)
    rollup_rebuild()
    answer = core.get("/voc/metrics/nps/responses/export.csv", MARCH)
    assert answer["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode())))
    assert rows[0][-1] == "comment" and len(rows) == 7
    comments = [r[-1] for r in rows[1:]]
    assert comments == [
        "Plain, with a comma", "'\tTabbed", "'@SUM(A1)", "'-bad", "'+1 call me",
        "'=HYPERLINK(\"http://evil\")",
    ]  # fmt: skip


def test_the_export_leaves_comments_out_for_a_role_that_may_not_read_them(client, viewer_user):
    add(1, comment="Private.")
    rollup_rebuild()
    client.force_login(viewer_user)
    answer = client.get("/voc/metrics/nps/responses/export.csv", MARCH)
    body = b"".join(answer.streaming_content).decode()
    assert "Private." not in body and "comment" not in body.splitlines()[0]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"granularity": "month"}, "Period: Choose the period"),
        (
            {"granularity": "month", "period": "2026-03-02"},
            "does not begin a month; that month begins on 1 Mar 2026",
        ),
        ({"granularity": "week", "period": "2026-03-01"}, "does not begin a week"),
        ({**MARCH, "scope": "segment:77"}, "is not a touchpoint"),
    ],
)
def test_a_wrong_point_is_a_400_naming_it(core, params, named):
    for url in ("/voc/metrics/nps/responses/", "/voc/metrics/nps/responses/export.csv"):
        page = core.get(url, params)
        assert page.status_code == 400 and named in page.content.decode()


def test_a_refused_point_links_to_the_chart_it_is_picked_from(core):
    page = core.get("/voc/metrics/nps/responses/")
    assert page.status_code == 400
    assert 'open one from the chart on <a href="/voc/metrics/nps/">' in page.content.decode()


def test_an_unknown_metric_is_a_404(core):
    assert core.get("/voc/metrics/nope/responses/", MARCH).status_code == 404


def test_the_api_lists_responses_without_counting_the_table(api_client, viewer_user):
    api_client.force_authenticate(viewer_user)
    for i in range(7):
        add(i, hour=i, ext=f"api-{i}")
    with CaptureQueriesContext(connection) as ctx:
        first = api_client.get("/api/v1/responses/", {"page_size": 3}).json()
    assert not [
        q
        for q in ctx.captured_queries
        if "COUNT(" in q["sql"].upper() and "voc_response" in q["sql"]
    ]
    assert "count" not in first and len(first["results"]) == 3 and first["previous"] is None
    assert first["page"] == 1 and "pages" not in first
    third = api_client.get(first["next"].replace("page=2", "page=3")).json()
    assert len(third["results"]) == 1 and third["next"] is None and third["page"] == 3
    assert "page=2" in third["previous"]
    assert api_client.get("/api/v1/responses/", {"page": 9}).status_code == 404
    last = api_client.get("/api/v1/responses/", {"page": "last"})
    assert last.status_code == 400 and "no last page" in last.json()["page"][0]
