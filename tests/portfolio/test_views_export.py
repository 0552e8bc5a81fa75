"""The list's CSV export: exactly the filtered rows, formula-looking cells escaped, and a filter
value that does not exist refused with a message naming the field."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from portfolio.models import Status

EXPORT = reverse("portfolio:initiative-export")


def rows_of(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_export_has_exactly_the_filtered_rows(client, program, make_initiative):
    running = make_initiative(status=Status.IN_PROGRESS, title="Welcome calls")
    make_initiative(status=Status.APPROVED, title="Branch booking")
    make_initiative(status=Status.IN_PROGRESS, title="Complaint squads", group=program.complaints)
    client.force_login(program.core)
    rows = rows_of(
        client.get(EXPORT, {"status": "in_progress", "working_group": program.onboarding.pk})
    )
    assert [row["id"] for row in rows] == [str(running.pk)]
    row = rows[0]
    assert row["title"] == "Welcome calls"
    assert row["status"] == "In progress"
    assert row["working group"] == "Onboarding WG"
    assert row["business unit"] == "Retail"
    assert row["start"] == "2026-01-01" and row["target"] == "2026-12-31"


def test_the_export_matches_the_list_for_the_same_filters(client, program, make_initiative):
    for index in range(7):
        make_initiative(
            status=Status.IN_PROGRESS if index % 2 else Status.APPROVED,
            needs_help=index % 3 == 0,
            help_reason="Need IT." if index % 3 == 0 else "",
        )
    client.force_login(program.core)
    query = {"status": "in_progress", "needs_help": "false"}
    listed = client.get(reverse("portfolio:index"), query).context["page"].object_list
    exported = rows_of(client.get(EXPORT, query))
    assert sorted(str(i.pk) for i in listed) == sorted(row["id"] for row in exported)
    assert len(exported) == 2  # in progress: 1, 3, 5; needing help: 0, 3, 6


def test_cells_that_start_like_a_formula_are_escaped(client, program, make_initiative):
    titles = ['=HYPERLINK("http://x")', "+1 555", "-2 cost", "@SUM(A1)", "Plain title"]
    for title in titles:
        make_initiative(title=title, description="")
    make_initiative(title="Help", needs_help=True, help_reason="=cmd|' /C calc'!A0")
    client.force_login(program.core)
    by_title = {row["title"]: row for row in rows_of(client.get(EXPORT))}
    assert set(by_title) == {
        '\'=HYPERLINK("http://x")',
        "'+1 555",
        "'-2 cost",
        "'@SUM(A1)",
        "Plain title",
        "Help",
    }
    assert by_title["Help"]["help reason"] == "'=cmd|' /C calc'!A0"


def test_a_filter_value_that_does_not_exist_is_refused_naming_the_field(
    client, program, make_initiative
):
    make_initiative()
    client.force_login(program.core)
    response = client.get(EXPORT, {"status": "finished"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was exported." in html, html[html.find("form-errors") :][:600]
    assert "Status: Select a valid choice. finished is not one of the available choices." in html
    response = client.get(EXPORT, {"working_group": "999999"})
    assert response.status_code == 400
    assert "Working group: Select a valid choice." in response.content.decode()


def test_the_export_leaves_out_what_the_user_cannot_see(client, program, make_initiative):
    make_initiative(status=Status.PROPOSED, title="A draft")
    make_initiative(status=Status.APPROVED, title="Approved")
    client.force_login(program.viewer)
    assert [row["title"] for row in rows_of(client.get(EXPORT))] == ["Approved"]
