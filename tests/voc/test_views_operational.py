"""Operational-figure pages: the core team enters a figure per period and corrects it; every
role reads them, each figure beside the experience metric it explains (churn beside NPS, from
the migration); bad input is refused on its field with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from voc.models import KpiRollup, Metric, OperationalValue
from voc.services import operational_value_record

from .factories import TouchpointFactory

pytestmark = pytest.mark.django_db
NEW = reverse("voc:operational-create")


@pytest.fixture
def churn(db) -> Metric:
    return Metric.objects.get(code="churn")


def post(client, user, url, **data):
    client.force_login(user)
    return client.post(url, data)


def test_the_core_team_enters_a_months_churn_and_its_kpi_row_follows(client, core_team_user, churn):
    response = post(client, core_team_user, NEW, metric=churn.pk, granularity="month",
                    period_start_on="2026-03-01", value="1.6", note="Finance close")  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == "/voc/operational/#figure-churn"
    figure = OperationalValue.objects.get()
    assert (figure.value, figure.period_start, figure.entered_by) == (
        1.6, dt.date(2026, 3, 1), core_team_user
    )  # fmt: skip
    assert KpiRollup.objects.get(metric=churn).score == 1.6
    page = client.get(response["Location"]).content.decode()
    assert "Customer churn rate for the month of 1 Mar 2026 is 1.6 %." in page
    assert "March 2026" in page and "1.6 %" in page and "Finance close" in page


def test_correcting_a_figure_changes_its_value_and_note_not_its_period(
    client, core_team_user, churn
):
    figure = operational_value_record(by=core_team_user, metric=churn, granularity="month",
                                      period_start_on=dt.date(2026, 3, 1), value=1.6)  # fmt: skip
    url = reverse("voc:operational-edit", args=[figure.pk])
    client.force_login(core_team_user)
    assert "Customer churn rate for the month of 1 Mar 2026" in client.get(url).content.decode()
    response = post(client, core_team_user, url, value="1.5", note="Restated",
                    period_start_on="2026-04-01")  # fmt: skip
    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.value, figure.note, figure.period_start) == (
        1.5,
        "Restated",
        dt.date(2026, 3, 1),
    )
    assert OperationalValue.objects.count() == 1
    assert KpiRollup.objects.get(metric=churn).score == 1.5


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"period_start_on": "2026-03-15"}, "period_start_on",
         "15 Mar 2026 does not begin a month; the month containing it begins on 1 Mar 2026."),
        ({"value": ""}, "value", "This field is required."),
        ({"value": "a lot"}, "value", "Enter a number."),
        ({"period_start_on": "0001-01-01"}, "period_start_on", "1990"),
        ({"note": "two\nlines"}, "note", "line"),
        ({"metric": "NPS"}, "metric", "Select a valid choice."),
        ({"touchpoint": "999999"}, "touchpoint", "Select a valid choice."),
    ],
)  # fmt: skip
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(
    client, core_team_user, churn, data, field, message
):
    values = {"metric": churn.pk, "granularity": "month", "period_start_on": "2026-03-01",
              "value": "1.6", "note": ""}  # fmt: skip
    if data.get("metric") == "NPS":  # scored by customers: not a figure one enters
        data = {"metric": Metric.objects.get(code="nps").pk}
    values.update(data)
    response = post(client, core_team_user, NEW, **values)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not OperationalValue.objects.exists() and not KpiRollup.objects.exists()


def test_a_period_entered_twice_is_refused_on_the_period_and_the_first_figure_stays(
    client, core_team_user, churn
):
    app = TouchpointFactory(code="app-login", name="Mobile app login")
    entry = {"metric": churn.pk, "granularity": "month", "period_start_on": "2026-03-01",
             "touchpoint": app.pk, "value": "2.4"}  # fmt: skip
    assert post(client, core_team_user, NEW, **entry).status_code == 302
    page = client.get("/voc/operational/").content.decode()
    assert "Mobile app login" in page and "The whole company" not in page
    response = post(client, core_team_user, NEW, **(entry | {"value": "9.9"}))
    assert response.status_code == 400
    assert response.context["form"].errors["period_start_on"] == [
        "Customer churn rate already has a figure for the month of 1 Mar 2026 at Mobile app "
        "login (2.4): correct that one instead."
    ]
    assert list(OperationalValue.objects.values_list("value", flat=True)) == [2.4]
    assert list(KpiRollup.objects.values_list("dimension_id", "score")) == [(app.pk, 2.4)]
    # The whole company's figure for the same month is another scope: entered.
    whole = post(client, core_team_user, NEW, **(entry | {"touchpoint": "", "value": "1.6"}))
    assert whole.status_code == 302 and OperationalValue.objects.count() == 2


def test_everyone_reads_the_figures_beside_the_metric_they_explain_only_the_core_team_enters(
    client, core_team_user, viewer_user, churn
):
    operational_value_record(by=core_team_user, metric=churn, granularity="month",
                             period_start_on=dt.date(2026, 3, 1), value=1.6)  # fmt: skip
    client.force_login(viewer_user)
    page = client.get("/voc/operational/").content.decode()
    assert 'Beside <a href="/voc/metrics/nps/">Net Promoter Score</a>' in page
    assert "Enter a figure" not in page and "Correct" not in page
    assert client.get(NEW).status_code == 403
    # On the NPS page, churn sits beside it with its latest period.
    nps_page = client.get("/voc/metrics/nps/").content.decode()
    assert "Operational figures beside it" in nps_page
    assert "<strong>Customer churn rate</strong></a>: 1.6 %" in nps_page


def test_the_list_says_what_to_do_when_a_figure_has_no_period_yet(client, core_team_user, churn):
    client.force_login(core_team_user)
    page = client.get("/voc/operational/").content.decode()
    assert f'No figure entered yet. <a href="/voc/operational/new/?metric={churn.pk}">' in page
    form = client.get(f"/voc/operational/new/?metric={churn.pk}")
    assert form.context["form"]["metric"].value() == churn.pk


def test_the_list_reads_a_fixed_number_of_queries(
    client, core_team_user, churn, django_assert_max_num_queries
):
    client.force_login(core_team_user)
    client.get("/voc/operational/")
    for month in range(1, 13):
        operational_value_record(by=core_team_user, metric=churn, granularity="month",
                                 period_start_on=dt.date(2025, month, 1), value=month)  # fmt: skip
    with django_assert_max_num_queries(8):
        page = client.get("/voc/operational/").content.decode()
    assert page.count("voc/operational/") >= 12
