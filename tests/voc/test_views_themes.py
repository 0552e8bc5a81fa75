"""Theme pages: the list and a theme's comments for those who may read comments (a touchpoint's
owner only theirs), the core team's create and edit forms, refusals on the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cxgov.models import OutboxMessage
from tests.factories import UserFactory
from voc import services
from voc.models import Response, Theme

from .factories import TouchpointFactory, metric

pytestmark = pytest.mark.django_db


def respond(score: int, comment: str, touchpoint=None) -> Response:
    return Response.objects.create(
        metric=metric("nps"), score=score, comment=comment, touchpoint=touchpoint,
        responded_at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
        external_id=f"v-{Response.objects.count() + 1}",
    )  # fmt: skip


@pytest.fixture
def tagged(wg_member_user):
    """A login theme mentioned on the owner's touchpoint and on another one."""
    mine = TouchpointFactory(code="app", name="Mobile app", owner=wg_member_user)
    other = TouchpointFactory(code="web", name="Website")
    respond(2, "Login failed on the app, awful", mine)
    respond(3, "Login page of the website was down", other)
    theme = Theme.objects.create(name="App login", keywords=["login"], languages=["en"])
    services.comments_backfill()
    return theme


def test_the_core_team_reads_every_comment_with_its_sentiment(client, core_team_user, tagged):
    client.force_login(core_team_user)
    page = client.get(reverse("voc:theme", kwargs={"pk": tagged.pk})).content.decode()
    assert "Login failed on the app" in page and "Login page of the website" in page
    assert "Negative" in page  # the sentiment beside the comment
    listing = client.get(reverse("voc:theme-list")).content.decode()
    assert "App login" in listing and "New theme" in listing


def test_a_touchpoint_owner_reads_only_the_comments_on_their_touchpoints(
    client, wg_member_user, tagged
):
    client.force_login(wg_member_user)
    page = client.get(reverse("voc:theme", kwargs={"pk": tagged.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Login failed on the app" in text and "Login page of the website" not in text
    assert "You see the comments on the touchpoint you own: Mobile app." in text
    listing = client.get(reverse("voc:theme-list")).content.decode()
    assert "New theme" not in listing  # reads, does not curate
    assert client.get(reverse("voc:theme-create")).status_code == 403


@pytest.mark.parametrize("who", ["viewer_user", "steering_user", "executive_user"])
def test_roles_that_read_no_comment_do_not_see_themes(client, request, who, tagged):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("voc:theme-list")).status_code == 403
    assert client.get(reverse("voc:theme", kwargs={"pk": tagged.pk})).status_code == 403


def test_the_core_team_creates_a_theme_and_its_tagging_is_queued(client, core_team_user):
    client.force_login(core_team_user)
    answer = client.post(
        reverse("voc:theme-create"),
        {"name": "Branch queues", "keywords": "queue*\nwaited\n\n", "languages": ["en"],
         "is_active": "on"},
    )  # fmt: skip
    theme = Theme.objects.get()
    assert answer.status_code == 302 and answer["Location"] == theme.get_absolute_url()
    assert theme.keywords == ["queue*", "waited"] and theme.languages == ["en"]
    assert OutboxMessage.objects.filter(task="voc.theme_apply", args=[theme.pk]).exists()


def test_a_bad_keyword_is_refused_on_its_field_and_nothing_saved(client, core_team_user, tagged):
    client.force_login(core_team_user)
    url = reverse("voc:theme-edit", kwargs={"pk": tagged.pk})
    answer = client.post(url, {"name": "App login", "keywords": "login\n(oops", "languages": "en"})
    assert answer.status_code == 200
    assert "keywords" in answer.context["form"].errors
    assert "is not a word or phrase" in answer.content.decode()
    tagged.refresh_from_db()
    assert tagged.keywords == ["login"]
    assert not OutboxMessage.objects.exists()


def test_the_theme_list_reads_a_flat_number_of_queries(
    client, core_team_user, django_assert_max_num_queries
):
    client.force_login(core_team_user)
    for n in range(2):
        Theme.objects.create(name=f"Theme {n}", keywords=["word"], languages=["en"])
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("voc:theme-list"))
    for n in range(2, 30):
        Theme.objects.create(name=f"Theme {n}", keywords=["word"], languages=["en"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("voc:theme-list"))


def test_a_themes_comments_read_a_flat_number_of_queries(
    client, core_team_user, tagged, django_assert_max_num_queries
):
    client.force_login(core_team_user)
    url = reverse("voc:theme", kwargs={"pk": tagged.pk})
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    for n in range(20):
        respond(n % 11, f"Login trouble number {n}", TouchpointFactory())
    services.comments_backfill()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_the_drill_down_shows_the_sentiment_beside_the_comment(client, core_team_user):
    respond(9, "Great app, love it")
    services.comments_backfill()
    services.rollup_rebuild()
    client.force_login(core_team_user)
    page = client.get(
        reverse("voc:responses", kwargs={"code": "nps"}),
        {"granularity": "month", "period": "2026-03-01", "scope": "overall"},
    ).content.decode()
    assert "Great app, love it" in page and "Positive" in page


def test_a_user_without_a_role_is_refused(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("voc:theme-list")).status_code == 403


def test_accepting_a_suggestion_under_a_taken_name_is_refused_with_the_reason(
    client, core_team_user, tagged
):
    from voc.models import SuggestedTheme

    suggestion = SuggestedTheme.objects.create(
        label="Fees", terms=["overdraft fee", "fee"], comment_count=3
    )
    client.force_login(core_team_user)
    answer = client.post(
        reverse("voc:suggestion-accept", kwargs={"pk": suggestion.pk}), {"name": "App login"},
        follow=True,
    )  # fmt: skip
    assert "already exists" in answer.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == "open" and Theme.objects.count() == 1
    answer = client.post(reverse("voc:suggestion-accept", kwargs={"pk": suggestion.pk}))
    theme = Theme.objects.get(name="Fees")
    assert answer["Location"] == theme.get_absolute_url()
    assert theme.keywords == ["overdraft fee", "fee"]


def test_a_suggestion_is_renamed_from_its_one_name_field_and_a_blank_name_refused(
    client, core_team_user, tagged
):
    from voc.models import SuggestedTheme

    suggestion = SuggestedTheme.objects.create(
        label="Fee, overdraft",
        terms=["overdraft fee", "fee"],
        comment_count=3,
        examples=list(Response.objects.values_list("pk", flat=True)[:2]),
    )
    client.force_login(core_team_user)
    page = client.get(reverse("voc:theme-list")).content.decode()
    # One name field, posted to accept by default and to rename by the Rename button.
    assert page.count(f'name="name" value="{suggestion.label}"') == 1
    for verb in ("rename", "dismiss"):
        assert (
            f'formaction="{reverse(f"voc:suggestion-{verb}", kwargs={"pk": suggestion.pk})}"'
            in page
        )
    rename = reverse("voc:suggestion-rename", kwargs={"pk": suggestion.pk})
    answer = client.post(rename, {"name": "   "}, follow=True)
    assert "Give the suggestion a name." in answer.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.label == "Fee, overdraft"
    answer = client.post(rename, {"name": "Overdraft fees"}, follow=True)
    assert "Renamed to Overdraft fees." in answer.content.decode()
    suggestion.refresh_from_db()
    assert (suggestion.label, suggestion.status) == ("Overdraft fees", "open")
