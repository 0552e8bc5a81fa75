"""Maturity pages: the trend chart, the five-level scale, the questionnaire, one assessment."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from cxgov.roles import Role
from governance import services
from governance.models import MaturityAssessment, maturity

ALL_TWOS = dict.fromkeys(maturity.QUESTION_CODES, 2)


def assess(by, on, **answers):
    return services.maturity_assessment_create(
        by=by, answers={**ALL_TWOS, **answers}, assessed_on=on
    )


def questionnaire(**fields):
    return {"assessed_on": "2026-06-15", "notes": "", **ALL_TWOS, **fields}


def test_maturity_page_says_what_to_do_before_the_first_assessment(client, core_team_user, db):
    client.force_login(core_team_user)
    html = client.get(reverse("governance:maturity-list")).content.decode()
    assert "No assessment yet." in html
    assert reverse("governance:maturity-create") in html
    assert "<svg" not in html


def test_maturity_page_draws_the_trend_and_highlights_the_current_level(
    client, core_team_user, viewer_user
):
    assess(core_team_user, dt.date(2025, 3, 15), strategy=1, methods=1)
    assess(core_team_user, dt.date(2026, 6, 15), strategy=3, sponsorship=4, methods=3, storyline=3)
    client.force_login(viewer_user)
    html = client.get(reverse("governance:maturity-list")).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count('class="chart__point"') == 2
    assert "style=" not in svg
    assert "15 Mar 2025: 1.75 (Interested); 15 Jun 2026: 2.63 (Invested)" in svg
    current = re.findall(r'<li class="is-current" aria-current="step">([^<]*)</li>', html)
    assert current == ["2 · Invested"]


def test_assessments_table_shows_the_answers_that_moved_up_and_down(
    client, core_team_user, viewer_user
):
    assess(core_team_user, dt.date(2025, 3, 15), strategy=3)
    assess(core_team_user, dt.date(2026, 6, 15), strategy=2, methods=4)
    client.force_login(viewer_user)
    html = client.get(reverse("governance:maturity-list")).content.decode()
    assert '<span class="badge">Strategy</span> <span class="delta-down">3 → 2' in html
    assert '<span class="badge">Methods</span> <span class="delta-up">2 → 4' in html
    assert "First assessment" in html


def test_core_team_records_an_assessment_from_the_questionnaire(client, core_team_user, db):
    client.force_login(core_team_user)
    form = client.get(reverse("governance:maturity-create")).content.decode()
    for question in maturity.QUESTIONS:
        assert question.text in form
    assert form.count('type="radio"') == 5 * len(maturity.QUESTIONS)
    assert "3 · Committed" in form
    response = client.post(
        reverse("governance:maturity-create"), questionnaire(strategy="3", notes="Q2 review")
    )
    assessment = MaturityAssessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == assessment.get_absolute_url()
    assert (assessment.score, assessment.assessed_by) == (Decimal("2.13"), core_team_user)
    assert assessment.notes == "Q2 review"


def test_an_unanswered_question_is_refused_next_to_it_and_nothing_saved(client, core_team_user, db):
    client.force_login(core_team_user)
    data = questionnaire()
    del data["storyline"]
    response = client.post(reverse("governance:maturity-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["storyline"] == ["This field is required."]
    assert 'id="id_storyline_error"' in response.content.decode()
    assert not MaturityAssessment.objects.exists()


@pytest.mark.parametrize(
    "persona", [Role.EXECUTIVE.value, Role.WORKING_GROUP_MEMBER.value], indirect=True
)
def test_others_may_not_record_assessments(client, persona):
    client.force_login(persona)
    assert client.get(reverse("governance:maturity-create")).status_code == 403
    assert client.post(reverse("governance:maturity-create"), questionnaire()).status_code == 403
    assert not MaturityAssessment.objects.exists()


def test_an_assessment_page_names_the_core_team_jobs_to_stress(client, core_team_user, viewer_user):
    assessment = assess(
        core_team_user,
        dt.date(2026, 6, 15),
        strategy=3,
        sponsorship=3,
        measurement=3,
        insight_use=3,
        storyline=3,
        portfolio=3,
        ownership=3,
        methods=2,
    )
    client.force_login(viewer_user)
    response = client.get(assessment.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert assessment.recommendation in html
    names = [getattr(job, "name", job) for job in response.context["stress_jobs"]]
    assert names == ["Standard methodologies & tools", "Enterprise CX strategy & governance"]
    assert "2 · Invested" in html  # the methods answer, with its level
