"""API: maturity assessments, scored on the server; bad answers named one by one."""

import pytest

from governance.maturity import QUESTION_CODES
from governance.models import MaturityAssessment


@pytest.fixture
def core_client(api_client, core_team_user):
    api_client.force_login(core_team_user)
    return api_client


def test_an_assessment_is_scored_on_the_server(core_client):
    answers = dict(zip(QUESTION_CODES, [3, 3, 2, 2, 3, 2, 2, 3], strict=True))  # 20 / 8 = 2.5
    response = core_client.post(
        "/api/v1/maturity-assessments/",
        {"answers": answers, "assessed_on": "2026-06-01", "score": "5.00", "level": 5},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["score"], body["level"], body["level_name"]) == ("2.50", 2, "Invested")
    assert body["recommendation"].startswith("A centralized CX group pays off")


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


def test_questions_list_the_questionnaire(core_client):
    response = core_client.get("/api/v1/maturity-assessments/questions/")
    assert [q["code"] for q in response.json()] == list(QUESTION_CODES)


def test_assessments_are_not_edited_or_deleted(core_client):
    answers = dict.fromkeys(QUESTION_CODES, 3)
    created = core_client.post("/api/v1/maturity-assessments/", {"answers": answers}).json()
    url = f"/api/v1/maturity-assessments/{created['id']}/"
    assert core_client.patch(url, {"notes": "x"}).status_code == 405
    assert core_client.delete(url).status_code == 405
