"""The Django admin's lists of the main models: each has a search box and filters (shown
once there is something to filter), and a search answers (a wrong search field would be a
500 only when someone searches)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

# The models an administrator looks up by name, reference or person, app by app.
MAIN = [
    "auth.user",
    "governance.governancebody", "governance.membership", "governance.raciassignment",
    "governance.charter", "governance.charterversion", "governance.cadence",
    "governance.meeting", "governance.decision", "governance.actionitem",
    "governance.successstatement",
    "portfolio.initiative", "portfolio.risk", "portfolio.statusupdate",
    "voc.metric", "voc.touchpoint", "voc.kpitarget", "voc.theme", "voc.alert",
    "voc.closedloopcase", "voc.importjob",
]  # fmt: skip


@pytest.fixture
def staff_client(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    return client


def model_admin(label: str) -> admin.ModelAdmin:
    return next(a for m, a in admin.site._registry.items() if m._meta.label_lower == label)


@pytest.mark.parametrize("label", MAIN)
def test_a_main_list_searches_and_filters(staff_client, label):
    assert model_admin(label).search_fields and model_admin(label).list_filter
    app, model = label.split(".")
    page = staff_client.get(reverse(f"admin:{app}_{model}_changelist"), {"q": "steering 7"})
    assert page.status_code == 200
    assert b'id="searchbar"' in page.content
