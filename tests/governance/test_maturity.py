"""Maturity: answers scored onto the five levels, the recommendation rule, and the trend.

Expected scores are worked by hand: the score is the mean of the eight answers.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance import services
from governance.models import MaturityAssessment, MaturityLevel, maturity
from governance.selectors import maturity_trend

CODES = (
    maturity.QUESTION_CODES
)  # strategy sponsorship measurement insight_use methods storyline portfolio ownership


def answers(*values):
    return dict(zip(CODES, values, strict=True))


@pytest.mark.parametrize(
    ("values", "score", "level"),
    [
        ((1, 1, 1, 1, 1, 1, 1, 1), "1.00", MaturityLevel.INTERESTED),
        ((2, 2, 2, 2, 2, 2, 3, 3), "2.25", MaturityLevel.INVESTED),  # 18 / 8
        ((3, 3, 2, 2, 3, 2, 2, 3), "2.50", MaturityLevel.INVESTED),  # 20 / 8: mid-level 2
        ((3, 4, 4, 4, 4, 4, 4, 4), "3.88", MaturityLevel.COMMITTED),  # 31 / 8 = 3.875
        ((4, 4, 4, 4, 4, 4, 4, 4), "4.00", MaturityLevel.ENGAGED),
        ((5, 5, 5, 5, 5, 5, 5, 5), "5.00", MaturityLevel.EMBEDDED),
    ],
)
def test_score_is_the_mean_and_the_level_its_whole_part(values, score, level):
    scoring = maturity.score(answers(*values))
    assert scoring.score == Decimal(score)
    assert scoring.level == level


def test_before_mid_level_two_a_central_group_is_not_recommended():
    scoring = maturity.score(answers(2, 2, 2, 2, 2, 2, 3, 3))
    assert scoring.recommendation.startswith("Too early for a centralized CX group")
    assert scoring.stress_jobs == ["insights-metrics", "storyline"]


def test_from_mid_level_two_a_central_group_stresses_the_weakest_jobs():
    # methods (1) and storyline (2) are weakest; ties keep the questionnaire's order.
    scoring = maturity.score(answers(3, 3, 3, 3, 1, 2, 3, 3))  # 21 / 8 = 2.625
    assert scoring.recommendation.startswith("A centralized CX group pays off")
    assert scoring.stress_jobs == ["methods-tools", "storyline"]


def test_through_level_three_a_central_group_still_pays_off():
    assert maturity.score(answers(3, 4, 4, 4, 4, 4, 4, 4)).recommendation.startswith(
        "A centralized CX group pays off"
    )


def test_from_level_four_the_core_team_becomes_a_coordinator():
    scoring = maturity.score(answers(4, 4, 4, 4, 4, 4, 4, 4))
    assert "the business runs CX itself" in scoring.recommendation
    assert scoring.stress_jobs == ["portfolio-management", "strategy-governance"]


def test_an_assessment_is_recorded_with_its_scoring(db, core_team_user):
    assessment = services.maturity_assessment_create(
        by=core_team_user, answers=answers(3, 3, 2, 2, 3, 2, 2, 3), assessed_on=dt.date(2026, 6, 1)
    )
    assert (assessment.score, assessment.level) == (Decimal("2.50"), MaturityLevel.INVESTED)
    assert assessment.assessed_by == core_team_user


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {**answers(3, 3, 3, 3, 3, 3, 3, 3), "methods": 7},
            "'methods' must be a whole number from 1 to 5, not 7.",
        ),
        (
            {**answers(3, 3, 3, 3, 3, 3, 3, 3), "storyline": "3.5"},
            "'storyline' must be a whole number from 1 to 5, not '3.5'.",
        ),
        ({k: 3 for k in CODES if k != "ownership"}, "'ownership' is not answered."),
        ({**answers(3, 3, 3, 3, 3, 3, 3, 3), "vibes": 4}, "Unknown questions: vibes."),
    ],
)
def test_bad_answers_are_refused_by_name_and_nothing_saved(db, core_team_user, given, message):
    with pytest.raises(ValidationError) as refused:
        services.maturity_assessment_create(by=core_team_user, answers=given)
    assert message in refused.value.message_dict["answers"]
    assert not MaturityAssessment.objects.exists()


def test_only_configurers_record_assessments(db, viewer_user):
    with pytest.raises(PermissionDenied):
        services.maturity_assessment_create(by=viewer_user, answers=answers(*[3] * 8))


def test_trend_lists_assessments_oldest_first_with_the_answers_that_moved(db, core_team_user):
    services.maturity_assessment_create(
        by=core_team_user, answers=answers(3, 3, 3, 3, 3, 3, 3, 3), assessed_on=dt.date(2026, 6, 1)
    )
    services.maturity_assessment_create(
        by=core_team_user, answers=answers(2, 2, 2, 2, 2, 2, 2, 2), assessed_on=dt.date(2026, 1, 1)
    )
    services.maturity_assessment_create(
        by=core_team_user, answers=answers(3, 3, 3, 3, 3, 3, 3, 3), assessed_on=dt.date(2026, 3, 1)
    )
    trend = maturity_trend()
    assert [p.assessment.assessed_on.month for p in trend] == [1, 3, 6]
    assert trend[0].moved == []
    assert len(trend[1].moved) == 8 and all(m["delta"] == 1 for m in trend[1].moved)
    assert trend[2].moved == []
