"""The scope is the one door for reads: an object outside `for_user` is a 404 on pages and in
the API, for reads and writes alike, never a 403 that confirms it exists."""

import pytest
from django.urls import reverse

from governance.models import GovernanceBody, GovernanceBodyQuerySet


@pytest.fixture
def hidden(monkeypatch, structure):
    """Narrow the bodies' scope so that the complaints group is out of everyone's sight."""
    hidden_pk = structure["complaints"].pk

    def visible_to(self, user):
        return self.exclude(pk=hidden_pk)

    monkeypatch.setattr(GovernanceBodyQuerySet, "visible_to", visible_to)
    return structure["complaints"]


def test_a_page_answers_404_for_a_body_out_of_scope(client, core_team_user, hidden):
    client.force_login(core_team_user)
    assert client.get(reverse("governance:body-detail", args=[hidden.pk])).status_code == 404
    edit = client.post(reverse("governance:body-edit", args=[hidden.pk]), {"name": "Mine now"})
    assert edit.status_code == 404
    assert GovernanceBody.objects.get(pk=hidden.pk).name == hidden.name


def test_the_api_answers_404_for_a_body_out_of_scope(api_client, core_team_user, hidden):
    api_client.force_authenticate(core_team_user)
    assert api_client.get(f"/api/v1/bodies/{hidden.pk}/").status_code == 404
    response = api_client.patch(f"/api/v1/bodies/{hidden.pk}/", {"name": "Mine now"})
    assert response.status_code == 404
    assert GovernanceBody.objects.get(pk=hidden.pk).name == hidden.name
    listed = {
        row["id"] for row in api_client.get("/api/v1/bodies/?page_size=100").json()["results"]
    }
    assert hidden.pk not in listed


def test_no_role_sees_nothing_through_the_scope(no_role_user, structure):
    assert not GovernanceBody.objects.for_user(no_role_user).exists()
