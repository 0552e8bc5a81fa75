"""A person's digest page: their choice of how often, and a preview of their own digest as it
would be sent now, with an empty state when there is nothing to say."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cxgov.models import DigestPreference
from tests.governance.factories import ActionItemFactory

pytestmark = pytest.mark.django_db
URL = reverse("digest")


def test_the_preview_shows_the_persons_own_items(client, wg_member_user, core_team_user):
    today = timezone.localdate()
    mine = ActionItemFactory(owner=wg_member_user, due_on=today - dt.timedelta(days=3))
    ActionItemFactory(owner=core_team_user, title="Carol's own", due_on=today)
    client.force_login(wg_member_user)
    page = client.get(URL).content.decode()
    assert f"Preview: Your cxgov digest for {today:%B %Y}" in page
    assert "Your overdue action items</h3>" in page
    assert mine.title in page and "3 days late" in page
    assert "Carol&#x27;s own" not in page and "Carol's own" not in page
    assert '<option value="monthly" selected>' in page


def test_nothing_to_say_is_an_empty_state_that_says_what_to_do(client, viewer_user):
    client.force_login(viewer_user)
    page = client.get(URL).content.decode()
    assert "Nothing to tell you this month" in page
    assert "A digest with nothing to say is not sent" in page


def test_choosing_weekly_is_saved_and_previews_the_week(client, viewer_user):
    client.force_login(viewer_user)
    response = client.post(URL, {"frequency": "weekly"})
    assert response.status_code == 302 and response.url == URL
    assert DigestPreference.objects.get(user=viewer_user).frequency == "weekly"
    page = client.get(URL).content.decode()
    assert "Saved: your digest is now weekly." in page
    assert "Preview: Your cxgov digest for the week of" in page


def test_off_says_it_is_off_and_still_shows_what_it_would_say(client, viewer_user):
    client.force_login(viewer_user)
    client.post(URL, {"frequency": "off"})
    page = client.get(URL).content.decode()
    assert "Your digest is off." in page


@pytest.mark.parametrize("sent", [{"frequency": "daily"}, {"frequency": ""}, {"other": "x"}])
def test_a_bad_choice_is_refused_on_the_field_and_nothing_saved(client, viewer_user, sent):
    client.force_login(viewer_user)
    response = client.post(URL, sent)
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert 'id="id_frequency_error"' in page
    assert not DigestPreference.objects.exists()


def test_no_e_mail_address_is_said_on_the_page(client, viewer_user):
    viewer_user.email = ""
    viewer_user.save(update_fields=["email"])
    client.force_login(viewer_user)
    assert "Your account has no e-mail address" in client.get(URL).content.decode()
