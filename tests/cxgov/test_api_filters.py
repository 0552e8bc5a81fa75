"""A filter the API cannot apply is a 400 naming the parameter, on every list, never ignored.

Each check walks every viewset on the router and every filter of its filterset, so a new app's
lists are held to the same rule without a line here.
"""

from __future__ import annotations

import django_filters
import pytest
from django.core.exceptions import ImproperlyConfigured

from cxgov.api.filters import EMPTY, FilterBackend
from governance.models import BusinessUnit
from tests.cxgov.api_routes import api_viewsets
from tests.factories import BodyFactory


def filtered_lists() -> list[tuple[str, str, django_filters.Filter]]:
    """(list url, parameter, filter) for every filter of every API list."""
    found = []
    for prefix, viewset in api_viewsets():
        filterset_class = getattr(viewset, "filterset_class", None)
        if filterset_class is None:
            continue
        for name, filter_ in filterset_class.base_filters.items():
            found.append((f"/api/v1/{prefix}/", name, filter_))
    return found


FILTERS = filtered_lists()


@pytest.fixture
def admin_api(api_client, admin_user):
    api_client.force_login(admin_user)
    return api_client


def test_the_walk_finds_the_filters_the_issue_named():
    params = {(url, name) for url, name, _ in FILTERS}
    assert ("/api/v1/bodies/", "active") in params
    assert ("/api/v1/memberships/", "active") in params
    assert ("/api/v1/raci/", "letter") in params


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "param"), [(u, n) for u, n, _ in FILTERS])
def test_an_empty_filter_value_is_a_400_naming_the_parameter(admin_api, url, param):
    response = admin_api.get(f"{url}?{param}=")
    assert response.status_code == 400, response.content
    assert response.json() == {param: [EMPTY]}


BOOLEANS = [(u, n) for u, n, f in FILTERS if isinstance(f, django_filters.BooleanFilter)]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "param"), BOOLEANS)
def test_a_yes_no_filter_given_neither_is_a_400_naming_the_parameter(admin_api, url, param):
    response = admin_api.get(f"{url}?{param}=maybe")
    assert response.status_code == 400
    assert response.json() == {param: ["Give true or false, not 'maybe'."]}


CHOICES = [(u, n) for u, n, f in FILTERS if isinstance(f, django_filters.ChoiceFilter)]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "param"), CHOICES)
def test_an_unknown_choice_is_a_400_naming_the_parameter(admin_api, url, param):
    response = admin_api.get(f"{url}?{param}=no-such-choice")
    assert response.status_code == 400
    assert list(response.json()) == [param]
    assert "not one of the available choices" in response.json()[param][0]


RELATED = [(u, n) for u, n, f in FILTERS if isinstance(f, django_filters.ModelChoiceFilter)]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "param"), RELATED)
def test_an_unknown_or_fractional_id_filter_is_a_400_naming_the_parameter(admin_api, url, param):
    for value in ("999999", "2.5", "abc"):
        response = admin_api.get(f"{url}?{param}={value}")
        assert response.status_code == 400, (value, response.content)
        assert list(response.json()) == [param]


def test_the_walk_covers_yes_no_choice_and_id_filters():
    assert len(BOOLEANS) >= 3 and len(CHOICES) >= 5 and len(RELATED) >= 5


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["true", "True", "false", "False"])
def test_true_and_false_still_filter(admin_api, value):
    BodyFactory(name="Live")
    BodyFactory(name="Gone", disbanded_on="2026-02-01")
    response = admin_api.get(f"/api/v1/bodies/?active={value}")
    assert response.status_code == 200
    names = {body["name"] for body in response.json()["results"]}
    assert names == ({"Live"} if value.lower() == "true" else {"Gone"})


@pytest.mark.django_db
def test_ordering_by_an_unknown_field_is_a_400_listing_the_valid_ones(admin_api):
    response = admin_api.get("/api/v1/bodies/?ordering=-secret")
    assert response.status_code == 400
    assert response.json() == {
        "ordering": [
            "Cannot order by -secret; order by one of name, tier, formed_on (prefix - to reverse)."
        ]
    }


@pytest.mark.django_db
def test_an_empty_ordering_is_a_400(admin_api):
    response = admin_api.get("/api/v1/bodies/?ordering=")
    assert response.json() == {"ordering": [EMPTY]}


@pytest.mark.django_db
def test_a_valid_ordering_still_orders(admin_api):
    BodyFactory(name="B")
    BodyFactory(name="A")
    response = admin_api.get("/api/v1/bodies/?ordering=-name")
    assert [body["name"] for body in response.json()["results"]] == ["B", "A"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("param", "value"), [("page", "abc"), ("page", "0"), ("page_size", "x"), ("page_size", "-5")]
)
def test_a_page_or_page_size_that_is_not_a_whole_number_is_a_400(admin_api, param, value):
    response = admin_api.get(f"/api/v1/business-units/?{param}={value}")
    assert response.status_code == 400
    assert response.json() == {param: [f"Give a whole number from 1 up, not {value!r}."]}


@pytest.mark.django_db
def test_a_page_past_the_last_is_still_a_404(admin_api):
    assert admin_api.get("/api/v1/business-units/?page=99").status_code == 404


@pytest.mark.django_db
def test_a_page_size_above_the_cap_is_capped(admin_api):
    # More rows than the cap of 500 a page, so a missing or raised cap shows.
    BusinessUnit.objects.bulk_create(
        BusinessUnit(name=f"Unit {n}", code=f"unit-{n}") for n in range(510)
    )
    total = BusinessUnit.objects.count()
    response = admin_api.get("/api/v1/business-units/?page_size=100000")
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == 500
    assert body["count"] == total
    assert body["next"] is not None


class LooseFilter(django_filters.FilterSet):
    class Meta:
        model = BusinessUnit
        fields = ["code"]


def test_the_backend_refuses_a_filterset_that_is_not_strict():
    view = type("LooseView", (), {"filterset_class": LooseFilter})()
    with pytest.raises(ImproperlyConfigured, match="must extend cxgov.api.filters.FilterSet"):
        FilterBackend().get_filterset_class(view, BusinessUnit.objects.all())


@pytest.mark.django_db
def test_every_filter_has_a_label_a_person_can_read():
    # django-filter labels a method filter without one "[invalid name]"; the case list page
    # shows these labels, and the schema describes the parameters with them.
    unreadable = []
    for prefix, viewset in api_viewsets():
        filterset_class = getattr(viewset, "filterset_class", None)
        if filterset_class is None:
            continue
        form = filterset_class(queryset=filterset_class._meta.model.objects.none()).form
        for name, field in form.fields.items():
            if "[invalid name]" in str(field.label):
                unreadable.append(f"/api/v1/{prefix}/?{name}")
    assert unreadable == []
