"""The organization chart at the design's scale: large bodies collapse, members load on demand."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from governance.models import MemberRole, Membership
from governance.selectors import ORG_CHART_MEMBERS_SHOWN
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import assert_flat_query_count

HTMX = {"HTTP_HX_REQUEST": "true"}


def _people_on(body, count, unit):
    """Seat `count` people on `body` in two bulk inserts."""
    User = get_user_model()
    start = User.objects.count()
    users = User.objects.bulk_create(
        [User(username=f"scale-{start + i}", last_name=f"Person {start + i}") for i in range(count)]
    )
    Membership.objects.bulk_create(
        [
            Membership(person=u, body=body, business_unit=unit, start_date="2026-01-01")
            for u in users
        ]
    )


def test_the_chart_runs_the_same_queries_for_10_and_2000_people(
    client, viewer_user, structure, retail
):
    client.force_login(viewer_user)
    bodies = [structure["onboarding"], structure["complaints"], structure["steering"]]

    def grow_to(size):
        missing = size - Membership.objects.count()
        for n, body in enumerate(bodies):
            share = missing // len(bodies) + (1 if n < missing % len(bodies) else 0)
            if share > 0:
                _people_on(body, share, retail)

    assert_flat_query_count(
        fetch=lambda: client.get(reverse("governance:organization")),
        grow_to=grow_to,
        sizes=(10, 2000),
    )


def test_a_large_body_shows_its_count_and_lead_and_no_member_list(
    client, viewer_user, structure, retail
):
    group = structure["onboarding"]
    lead = UserFactory(first_name="Lina", last_name="Lead")
    MembershipFactory(body=group, person=lead, role=MemberRole.LEAD, business_unit=retail)
    _people_on(group, ORG_CHART_MEMBERS_SHOWN + 5, retail)
    client.force_login(viewer_user)
    html = client.get(reverse("governance:organization")).content.decode()
    total = ORG_CHART_MEMBERS_SHOWN + 6
    assert f"{total} people serve on it." in html
    assert "Led by" in html and "Lina Lead" in html
    assert f"Show all {total} members" in html
    assert "Person 1<" not in html  # members are not listed until asked for


def test_show_all_members_swaps_in_the_whole_list_and_a_plain_request_goes_to_the_body(
    client, viewer_user, structure, retail
):
    group = structure["onboarding"]
    _people_on(group, ORG_CHART_MEMBERS_SHOWN + 1, retail)
    client.force_login(viewer_user)
    url = reverse("governance:body-members", args=[group.pk])
    partial = client.get(url, **HTMX)
    assert partial.status_code == 200
    assert partial.content.decode().count("<li>") == ORG_CHART_MEMBERS_SHOWN + 1
    plain = client.get(url)
    assert plain.status_code == 302 and plain["Location"].endswith(f"/bodies/{group.pk}/#members")


def test_a_small_body_lists_its_members(client, viewer_user, structure, retail):
    group = structure["complaints"]
    MembershipFactory(body=group, person=UserFactory(first_name="Kim", last_name="Small"))
    client.force_login(viewer_user)
    html = client.get(reverse("governance:organization")).content.decode()
    assert "Kim Small" in html
