"""An initiative names the comment themes it addresses: on its edit page, through the API and
when proposed; an unknown or inactive theme is refused by name and nothing changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portfolio.models import Initiative, Status
from tests.portfolio.conftest import START
from voc.models import Theme

pytestmark = pytest.mark.django_db

INITIATIVES = "/api/v1/initiatives/"


@pytest.fixture
def themes():
    return {
        "queues": Theme.objects.create(name="Branch queues", keywords=["queue*"], languages=["en"]),
        "calls": Theme.objects.create(name="Call waiting", keywords=["on hold"], languages=["en"]),
        "old": Theme.objects.create(
            name="Old theme", keywords=["fax"], languages=["en"], is_active=False
        ),
    }


def names(initiative: Initiative) -> set[str]:
    return set(initiative.themes.values_list("name", flat=True))


def test_the_edit_page_names_the_themes(client, program, make_initiative, themes):
    running = make_initiative(status=Status.IN_PROGRESS, start_date=START)
    client.force_login(program.member)
    page = client.get(reverse("portfolio:initiative-edit", args=[running.pk]))
    assert "Comment themes it addresses" in page.content.decode()
    assert "Old theme" not in page.content.decode()  # inactive: not offered
    form = {
        "title": running.title,
        "working_group": program.onboarding.pk,
        "owner": program.member.pk,
        "business_unit": program.retail.pk,
        "driven_by": "business",
        "start_date": running.start_date.isoformat(),
        "target_date": running.target_date.isoformat(),
        "themes": [themes["queues"].pk, themes["calls"].pk],
        "version": running.version,
    }
    answer = client.post(reverse("portfolio:initiative-edit", args=[running.pk]), form)
    assert answer.status_code == 302, answer.context["form"].errors
    assert names(running) == {"Branch queues", "Call waiting"}
    # Refused: an inactive theme, named on the field; the themes stay as they were.
    refused = dict(form, themes=[themes["old"].pk], version=Initiative.objects.get().version)
    page = client.post(reverse("portfolio:initiative-edit", args=[running.pk]), refused)
    assert page.status_code == 200 and "themes" in page.context["form"].errors
    assert names(running) == {"Branch queues", "Call waiting"}


def test_the_api_reads_and_writes_themes(api_client, program, make_initiative, themes):
    running = make_initiative(status=Status.IN_PROGRESS, start_date=START)
    api_client.force_login(program.member)
    url = f"{INITIATIVES}{running.pk}/"
    answer = api_client.patch(
        url, {"themes": [themes["calls"].pk], "version": running.version}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["themes"] == [themes["calls"].pk]
    assert api_client.get(url).json()["themes"] == [themes["calls"].pk]


@pytest.mark.parametrize("bad", [["old"], [999_999], ["queues", "x"], "queues"])
def test_bad_themes_through_the_api_are_refused_by_name(
    api_client, program, make_initiative, themes, bad
):
    running = make_initiative(status=Status.IN_PROGRESS, start_date=START)
    running.themes.add(themes["queues"])
    version = Initiative.objects.get().version
    value = bad if isinstance(bad, str) else [themes[b].pk if b in themes else b for b in bad]
    api_client.force_login(program.member)
    answer = api_client.patch(
        f"{INITIATIVES}{running.pk}/", {"themes": value, "version": version}, format="json"
    )
    assert answer.status_code == 400 and "themes" in answer.json(), answer.json()
    assert names(running) == {"Branch queues"}
    assert Initiative.objects.get().version == version


def test_a_proposal_names_its_themes(api_client, program, themes):
    api_client.force_login(program.member)
    answer = api_client.post(
        INITIATIVES,
        {
            "title": "Branch wait-time display",
            "working_group": program.onboarding.pk,
            "owner": program.member.pk,
            "business_unit": program.retail.pk,
            "start_date": "2026-02-01",
            "target_date": "2026-10-31",
            "themes": [themes["queues"].pk],
        },
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    assert names(Initiative.objects.get()) == {"Branch queues"}
