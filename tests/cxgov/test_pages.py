"""The kit's edit and delete pages (cxgov.pages.EditView, DeleteView), over business units.

The pages under test are in tests/cxgov/pages_urls.py: a form, a rule (configurers only), the
real governance services for create and update, and a delete service that refuses a unit with
members. Their templates are small ones held in memory, so what each answer carries is plain.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from governance.models import BusinessUnit
from tests.factories import BusinessUnitFactory, MembershipFactory

FORM = (
    "<h1>{{ title }}</h1><p id='stored'>{{ unit.name }}</p><button>{{ submit }}</button>"
    "{% for field in form %}[{{ field.name }}={{ field.value|default:'' }}"
    "{% for e in field.errors %} error: {{ e }}{% endfor %}]{% endfor %}"
    "{% for e in form.non_field_errors %}[form error: {{ e }}]{% endfor %}"
)
CARD = (
    "<section id='card'>{{ unit.name }}{% if notice %} notice: {{ notice }}{% endif %}"
    "{% if error %} error: {{ error }}{% endif %}"
    "{% for field in form %}{% for e in field.errors %} {{ field.name }}: {{ e }}{% endfor %}"
    "{% endfor %}</section>"
)
DELETE = "<h1>{{ title }}</h1>{% if refusal %}<p role='alert'>{{ refusal }}</p>{% endif %}"


def _templates():
    base = settings.TEMPLATES[0]
    loaders = [
        ("django.template.loaders.locmem.Loader", {
            "kit_pages/unit_form.html": FORM,
            "kit_pages/_unit_card.html": CARD,
            "kit_pages/unit_delete.html": DELETE,
        }),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]  # fmt: skip
    return [{**base, "APP_DIRS": False, "OPTIONS": {**base["OPTIONS"], "loaders": loaders}}]


pytestmark = [pytest.mark.urls("tests.cxgov.pages_urls"), pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _templates_in_memory(settings):
    settings.TEMPLATES = _templates()


@pytest.fixture
def unit():
    return BusinessUnitFactory(name="Retail", code="retail", description="Shops.")


def _stored(unit) -> tuple:
    return BusinessUnit.objects.filter(pk=unit.pk).values_list("name", "code", "description")[0]


# GET


def test_get_draws_the_form_with_the_stored_values(client, core_team_user, unit):
    client.force_login(core_team_user)
    page = client.get(reverse("kit-unit-edit", args=[unit.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Edit Retail</h1>" in html and "<button>Save</button>" in html
    assert "[name=Retail]" in html and "[code=retail]" in html and "error" not in html


def test_a_create_page_takes_its_initial_values_from_the_page(client, core_team_user):
    client.force_login(core_team_user)
    page = client.get(reverse("kit-unit-create"), {"code": "online"})
    assert page.status_code == 200
    assert "<h1>New unit</h1>" in page.content.decode()
    assert "[code=online]" in page.content.decode()


# A valid POST


def test_a_valid_post_saves_through_the_service_and_redirects_with_a_message(
    client, core_team_user, unit
):
    client.force_login(core_team_user)
    answer = client.post(
        reverse("kit-unit-edit", args=[unit.pk]),
        {"name": "Retail banking", "code": "retail", "description": "Branches."},
    )
    assert answer.status_code == 302 and answer["Location"] == reverse("kit-unit-list")
    assert _stored(unit) == ("Retail banking", "retail", "Branches.")
    assert [str(m) for m in get_messages(answer.wsgi_request)] == ["Retail banking was saved."]


def test_a_valid_create_post_names_what_was_saved(client, core_team_user):
    client.force_login(core_team_user)
    answer = client.post(reverse("kit-unit-create"), {"name": "Online", "code": "online"})
    assert answer.status_code == 302
    assert BusinessUnit.objects.get(code="online").name == "Online"
    assert [str(m) for m in get_messages(answer.wsgi_request)] == ["Online was added."]


# Refusals


def test_invalid_input_keeps_the_input_and_names_the_field(client, core_team_user, unit):
    client.force_login(core_team_user)
    before = _stored(unit)
    page = client.post(
        reverse("kit-unit-edit", args=[unit.pk]),
        {"name": "Retail banking", "code": "not a slug!", "description": ""},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "[name=Retail banking]" in html  # what the person typed is kept
    assert "[code=not a slug! error: Enter a valid “slug”" in html
    assert _stored(unit) == before


def test_an_empty_post_is_a_bad_request_naming_every_required_field(client, core_team_user, unit):
    client.force_login(core_team_user)
    before = _stored(unit)
    page = client.post(reverse("kit-unit-edit", args=[unit.pk]), {})
    assert page.status_code == 400
    html = page.content.decode()
    assert "[name= error: This field is required.]" in html
    assert "[code= error: This field is required.]" in html
    assert _stored(unit) == before


def test_a_service_refusal_sits_on_its_field_and_the_page_shows_what_is_stored(
    client, core_team_user, unit
):
    BusinessUnitFactory(name="Online", code="online")
    client.force_login(core_team_user)
    before = _stored(unit)
    page = client.post(
        reverse("kit-unit-edit", args=[unit.pk]),
        {"name": "Online", "code": "retail", "description": "Renamed."},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "[name=Online error: Business unit with this Name already exists.]" in html
    # The model instance the service had changed in memory is read again: the page's own
    # record of the unit shows the stored name, not the refused one.
    assert "<p id='stored'>Retail</p>" in html
    assert _stored(unit) == before


def test_an_object_out_of_scope_is_a_404(client, core_team_user):
    closed = BusinessUnitFactory(name="Closed", code="closed", is_active=False)
    client.force_login(core_team_user)
    assert client.get(reverse("kit-unit-edit", args=[closed.pk])).status_code == 404
    assert client.post(reverse("kit-unit-edit", args=[closed.pk]), {"name": "x"}).status_code == 404
    assert client.get(reverse("kit-unit-delete", args=[closed.pk])).status_code == 404
    assert BusinessUnit.objects.get(pk=closed.pk).name == "Closed"


def test_the_rule_refuses_with_its_own_message(client, viewer_user, unit):
    client.force_login(viewer_user)
    before = _stored(unit)
    for url in (reverse("kit-unit-edit", args=[unit.pk]), reverse("kit-unit-create")):
        assert client.get(url).status_code == 403
        refused = client.post(url, {"name": "Hijacked", "code": "hijacked"})
        assert refused.status_code == 403
        assert "Only the people who configure the program change units." in refused.text
    assert _stored(unit) == before
    assert not BusinessUnit.objects.filter(code="hijacked").exists()


def test_an_account_without_a_role_is_refused_before_the_lookup(client, no_role_user, unit):
    client.force_login(no_role_user)
    assert client.get(reverse("kit-unit-edit", args=[unit.pk])).status_code == 403
    assert client.get(reverse("kit-unit-edit", args=[unit.pk + 1000])).status_code == 403


def test_other_methods_are_refused_before_anything_is_looked_up(client, viewer_user, unit):
    client.force_login(viewer_user)
    # 405, not the rule's 403 nor a 404: the method is checked first, as require_http_methods did.
    assert client.put(reverse("kit-unit-edit", args=[unit.pk + 1000])).status_code == 405
    assert client.head(reverse("kit-unit-edit", args=[unit.pk])).status_code == 405
    assert client.get(reverse("kit-unit-remove", args=[unit.pk])).status_code == 405


# htmx


def test_htmx_gets_the_partial_with_the_notice_and_a_plain_request_the_redirect(
    client, core_team_user, unit
):
    client.force_login(core_team_user)
    url = reverse("kit-unit-edit", args=[unit.pk])
    data = {"name": "Retail banking", "code": "retail"}
    swapped = client.post(url, data, headers={"HX-Request": "true"})
    assert swapped.status_code == 200
    assert swapped.content.decode() == (
        "<section id='card'>Retail banking notice: Retail banking was saved.</section>"
    )
    assert not list(get_messages(swapped.wsgi_request))  # the notice is in the partial
    plain = client.post(url, {**data, "name": "Retail"})
    assert plain.status_code == 302


def test_htmx_gets_the_partial_with_the_refused_form(client, core_team_user, unit):
    client.force_login(core_team_user)
    swapped = client.post(
        reverse("kit-unit-edit", args=[unit.pk]),
        {"name": "Retail", "code": "not a slug!"},
        headers={"HX-Request": "true"},
    )
    assert swapped.status_code == 200
    html = swapped.content.decode()
    assert html.startswith("<section id='card'>Retail code: Enter a valid “slug”")
    full = client.post(reverse("kit-unit-edit", args=[unit.pk]), {"name": "R", "code": "x y"})
    assert "<h1>Edit Retail</h1>" in full.content.decode()  # without htmx: the whole page


def test_a_history_restore_gets_the_whole_page(client, core_team_user, unit):
    client.force_login(core_team_user)
    page = client.get(
        reverse("kit-unit-edit", args=[unit.pk]),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<h1>Edit Retail</h1>" in page.content.decode()


# Delete


def test_delete_asks_to_confirm_then_deletes_through_the_service(client, core_team_user, unit):
    client.force_login(core_team_user)
    url = reverse("kit-unit-delete", args=[unit.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and confirm.content.decode() == "<h1>Remove Retail</h1>"
    assert BusinessUnit.objects.filter(pk=unit.pk).exists()
    answer = client.post(url)
    assert answer.status_code == 302 and answer["Location"] == reverse("kit-unit-list")
    assert not BusinessUnit.objects.filter(pk=unit.pk).exists()
    assert [str(m) for m in get_messages(answer.wsgi_request)] == ["Retail was removed."]


def test_a_refused_delete_shows_why_and_deletes_nothing(client, core_team_user, unit):
    MembershipFactory(business_unit=unit)
    client.force_login(core_team_user)
    answer = client.post(reverse("kit-unit-delete", args=[unit.pk]))
    assert answer.status_code == 400
    assert "<p role='alert'>Retail still has members.</p>" in answer.content.decode()
    assert BusinessUnit.objects.filter(pk=unit.pk).exists()


def test_a_delete_button_refused_under_htmx_swaps_the_reason_in(client, core_team_user, unit):
    MembershipFactory(business_unit=unit)
    client.force_login(core_team_user)
    url = reverse("kit-unit-remove", args=[unit.pk])
    swapped = client.post(url, headers={"HX-Request": "true"})
    assert swapped.status_code == 400
    assert (
        swapped.content.decode()
        == "<section id='card'>Retail error: Retail still has members.</section>"
    )
    plain = client.post(url)  # without htmx: back to the list with the reason as a message
    assert plain.status_code == 302 and plain["Location"] == reverse("kit-unit-list")
    assert [str(m) for m in get_messages(plain.wsgi_request)] == ["Retail still has members."]
    assert BusinessUnit.objects.filter(pk=unit.pk).exists()


def test_a_delete_button_under_htmx_swaps_the_notice_in(client, core_team_user, unit):
    client.force_login(core_team_user)
    swapped = client.post(
        reverse("kit-unit-remove", args=[unit.pk]), headers={"HX-Request": "true"}
    )
    assert swapped.status_code == 200
    assert (
        swapped.content.decode()
        == "<section id='card'>Retail notice: Retail was removed.</section>"
    )
    assert not BusinessUnit.objects.filter(pk=unit.pk).exists()


def test_the_delete_rule_refuses_with_403_and_deletes_nothing(client, viewer_user, unit):
    client.force_login(viewer_user)
    assert client.get(reverse("kit-unit-delete", args=[unit.pk])).status_code == 403
    assert client.post(reverse("kit-unit-delete", args=[unit.pk])).status_code == 403
    assert BusinessUnit.objects.filter(pk=unit.pk).exists()
