"""API: maturity assessments, scored on the server; bad answers named one by one."""

import pytest

from governance.models import MaturityAssessment
from governance.models.maturity import QUESTION_CODES
from tests.factories import MaturityAssessmentFactory


def answered(*values):
    """Answers in questionnaire order: strategy, sponsorship, measurement, insight_use,
    methods, storyline, portfolio, ownership."""
    return dict(zip(QUESTION_CODES, values, strict=True))


@pytest.fixture
def core_client(api_client, core_team_user):
    api_client.force_login(core_team_user)
    return api_client


def test_an_assessment_is_scored_on_the_server(core_client):
    answers = dict(zip(QUESTION_CODES, [3, 3, 2, 2, 3, 2, 2, 3], strict=True))  # 20 / 8 = 2.5
    refused = core_client.post(
        "/api/v1/maturity-assessments/",
        {"answers": answers, "assessed_on": "2026-06-01", "score": "5.00", "level": 5},
    )
    assert refused.status_code == 400  # the server scores; a client's score is refused
    assert sorted(refused.json()) == ["level", "score"]
    assert MaturityAssessment.objects.count() == 0
    response = core_client.post(
        "/api/v1/maturity-assessments/", {"answers": answers, "assessed_on": "2026-06-01"}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["score"], body["level"], body["level_name"]) == ("2.50", 2, "Invested")
    assert body["recommendation"].startswith("A centralized CX group pays off")
    assert body["assessed_by"]["name"] == "Carol Core"
    assert MaturityAssessment.objects.count() == 1


def test_weakest_answers_decide_which_jobs_to_stress(core_client):
    # 22 / 8 = 2.75: mid level 2, so a central group pays off; methods and ownership are lowest.
    response = core_client.post(
        "/api/v1/maturity-assessments/", {"answers": answered(3, 3, 3, 3, 2, 3, 3, 2)}
    )
    body = response.json()
    assert (body["score"], body["level_name"]) == ("2.75", "Invested")
    assert body["stress_jobs"] == ["methods-tools", "portfolio-management"]


def test_a_half_hundredth_rounds_up(core_client):
    # 33 / 8 = 4.125, rounded half up to 4.13: level 4, the business runs CX itself.
    response = core_client.post(
        "/api/v1/maturity-assessments/", {"answers": answered(4, 4, 4, 5, 4, 4, 4, 4)}
    )
    body = response.json()
    assert (body["score"], body["level"], body["level_name"]) == ("4.13", 4, "Engaged")
    assert body["stress_jobs"] == ["portfolio-management", "strategy-governance"]
    assert body["recommendation"].startswith("At Engaged the business runs CX itself")


def test_too_early_for_a_central_group_below_mid_level_two(core_client):
    # 18 / 8 = 2.25.
    response = core_client.post(
        "/api/v1/maturity-assessments/", {"answers": answered(2, 2, 2, 2, 2, 2, 3, 3)}
    )
    body = response.json()
    assert (body["score"], body["level"]) == ("2.25", 2)
    assert body["recommendation"].startswith("Too early for a centralized CX group")


def test_bad_answers_are_a_400_naming_each_question(core_client):
    answers = dict.fromkeys(QUESTION_CODES, 3) | {"methods": 7}
    del answers["ownership"]
    response = core_client.post("/api/v1/maturity-assessments/", {"answers": answers})
    assert response.status_code == 400
    assert response.json() == {
        "answers": [
            "'methods' must be a whole number from 1 to 5, not 7.",
            "'ownership' is not answered.",
        ]
    }
    assert not MaturityAssessment.objects.exists()


def test_answers_that_are_not_an_object_name_the_field(core_client):
    response = core_client.post("/api/v1/maturity-assessments/", {"answers": [3, 3, 3]})
    assert response.status_code == 400
    assert response.json() == {"answers": ["Answers are an object of question code → 1 to 5."]}
    assert not MaturityAssessment.objects.exists()


def test_an_unknown_question_is_named(core_client):
    answers = dict.fromkeys(QUESTION_CODES, 3) | {"vibes": 5}
    response = core_client.post("/api/v1/maturity-assessments/", {"answers": answers})
    assert response.status_code == 400
    assert response.json() == {"answers": ["Unknown questions: vibes."]}
    assert not MaturityAssessment.objects.exists()


def test_missing_answers_and_a_bad_date_name_their_fields(core_client):
    response = core_client.post("/api/v1/maturity-assessments/", {"assessed_on": "June"})
    assert response.status_code == 400
    assert set(response.json()) == {"answers", "assessed_on"}
    assert not MaturityAssessment.objects.exists()


def test_viewer_reads_but_cannot_record_an_assessment(api_client, viewer_user):
    MaturityAssessmentFactory()
    api_client.force_authenticate(viewer_user)
    assert api_client.get("/api/v1/maturity-assessments/").json()["count"] == 1
    response = api_client.post(
        "/api/v1/maturity-assessments/", {"answers": dict.fromkeys(QUESTION_CODES, 3)}
    )
    assert response.status_code == 403
    assert MaturityAssessment.objects.count() == 1


def test_filters_by_level_and_date_range(core_client):
    march = MaturityAssessmentFactory(assessed_on="2026-03-01", answers=answered(*[3] * 8))
    june = MaturityAssessmentFactory(assessed_on="2026-06-01", answers=answered(*[2] * 8))
    MaturityAssessmentFactory(assessed_on="2026-09-01", answers=answered(*[3] * 8))

    def ids(query):
        results = core_client.get(f"/api/v1/maturity-assessments/?{query}").json()["results"]
        return [a["id"] for a in results]

    assert ids("assessed_after=2026-02-01&assessed_before=2026-06-30") == [june.pk, march.pk]
    assert ids("level=2") == [june.pk]
    assert ids("level=3&assessed_before=2026-06-30") == [march.pk]


def test_questions_list_the_questionnaire(core_client):
    response = core_client.get("/api/v1/maturity-assessments/questions/")
    assert [q["code"] for q in response.json()] == list(QUESTION_CODES)


def test_assessments_are_not_edited_or_deleted(core_client):
    answers = dict.fromkeys(QUESTION_CODES, 3)
    created = core_client.post("/api/v1/maturity-assessments/", {"answers": answers}).json()
    url = f"/api/v1/maturity-assessments/{created['id']}/"
    assert core_client.patch(url, {"notes": "x"}).status_code == 405
    assert core_client.delete(url).status_code == 405
