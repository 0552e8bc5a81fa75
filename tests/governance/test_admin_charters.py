"""The admin keeps charters' and the mission's rules: states read-only, approved read-only."""

import pytest
from django.test import Client
from django.urls import reverse

from governance import services
from tests.governance.charters_helpers import COMPONENTS, approved, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(chartering):
    admin = chartering["admin"]
    admin.is_superuser = True  # the platform administrator who runs the Django admin
    admin.save()
    client = Client()
    client.force_login(admin)
    return client


def change_url(version):
    return reverse("admin:governance_charterversion_change", args=[version.pk])


def test_an_approved_version_has_no_editable_field_and_a_post_changes_nothing(
    chartering, admin_client_
):
    version = approved(chartering)
    page = admin_client_.get(change_url(version))
    assert page.status_code == 200
    assert 'name="purpose_vision"' not in page.text and 'name="status"' not in page.text
    admin_client_.post(change_url(version), {"purpose_vision": "Changed.", "status": "draft"})
    version.refresh_from_db()
    assert (version.purpose_vision, version.status) == (COMPONENTS["purpose_vision"], "approved")


def test_an_approved_version_cannot_be_deleted_in_the_admin(chartering, admin_client_):
    version = approved(chartering)
    url = reverse("admin:governance_charterversion_delete", args=[version.pk])
    assert admin_client_.get(url).status_code == 403


def test_a_draft_is_edited_in_the_admin_but_its_status_is_not(chartering, admin_client_):
    version = draft(chartering)
    page = admin_client_.get(change_url(version))
    assert 'name="purpose_vision"' in page.text and 'name="status"' not in page.text


def test_a_published_mission_is_read_only_in_the_admin(chartering, admin_client_):
    mission = services.mission_publish(
        mission=services.mission_draft(
            by=chartering["core"],
            statement="Simple.",
            customers="All.",
            experience="Clarity.",
            feeling="Calm.",
            difference="Causes.",
        ),
        by=chartering["core"],
    )
    url = reverse("admin:governance_missionstatement_change", args=[mission.pk])
    page = admin_client_.get(url)
    assert page.status_code == 200 and 'name="statement"' not in page.text
