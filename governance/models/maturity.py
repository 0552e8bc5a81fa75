"""Maturity assessments: the CX maturity questionnaire, its scoring onto the five levels, and
the scored assessments kept over time.

Each answer is 1 (Interested) to 5 (Embedded); the score is their mean. A level is the whole
part of the score (a 2.5 is the middle of level 2, Invested). The recommendation follows the
rule of the field: a centralized CX group pays off from the middle of level 2 to the end of
level 3; earlier it tends to absorb all responsibility or be stifled by politics, and later the
business runs CX itself and the core team becomes a coordinator.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from cxgov.dates import today
from cxgov.querysets import ScopedQuerySet
from cxgov.validators import plain_text, program_date


class MaturityLevel(models.IntegerChoices):
    INTERESTED = 1, "Interested"
    INVESTED = 2, "Invested"
    COMMITTED = 3, "Committed"
    ENGAGED = 4, "Engaged"
    EMBEDDED = 5, "Embedded"


class MaturityAssessment(models.Model):
    """A scored answer to the maturity questionnaire (the questionnaire below), kept over time."""

    assessed_on = models.DateField(default=today, validators=[program_date])
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="maturity_assessments",
    )
    answers = models.JSONField(help_text="Question code → answer from 1 to 5.")
    score = models.DecimalField(max_digits=3, decimal_places=2)
    level = models.PositiveSmallIntegerField(choices=MaturityLevel.choices)
    recommendation = models.TextField(validators=plain_text("The recommendation"))
    stress_jobs = models.JSONField(
        default=list, help_text="Codes of the core-team jobs this assessment says to stress."
    )
    notes = models.TextField(blank=True, validators=plain_text("The notes"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        get_latest_by = ["assessed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="maturity_score_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="maturity_level_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessed_on:%-d %b %Y}: {self.get_level_display()} ({self.score})"

    def get_absolute_url(self) -> str:
        return reverse("governance:maturity-detail", args=[self.pk])


# The questionnaire and its scoring


@dataclass(frozen=True)
class Question:
    code: str
    text: str
    job: str  # the core-team job (Activity code) that this question's weakness calls for


QUESTIONS: tuple[Question, ...] = (
    Question(
        "strategy",
        "A CX strategy with priorities exists and executives refer to it when they decide.",
        "strategy-governance",
    ),
    Question(
        "sponsorship",
        "An executive sponsor champions CX and removes barriers for it.",
        "strategy-governance",
    ),
    Question(
        "measurement",
        "Customer metrics (NPS, CSAT, CES) are measured consistently and reviewed against targets.",
        "insights-metrics",
    ),
    Question(
        "insight_use",
        "Customer insight changes decisions in product, service and operations.",
        "insights-metrics",
    ),
    Question(
        "methods",
        "Teams share standard CX methods and tools (journey maps, personas, closed loop).",
        "methods-tools",
    ),
    Question(
        "storyline",
        "Employees hear one consistent story about what the experience should be and why.",
        "storyline",
    ),
    Question(
        "portfolio",
        "CX efforts across the business are tracked as one portfolio, aligned to priorities.",
        "portfolio-management",
    ),
    Question(
        "ownership",
        "Business units own and run CX improvements themselves, not only the core team.",
        "portfolio-management",
    ),
)
QUESTION_CODES = tuple(q.code for q in QUESTIONS)
ANSWER_CHOICES = [(level.value, f"{level.value} · {level.label}") for level in MaturityLevel]

# The centralized group pays off from mid-level 2 (2.5) to the end of level 3 (just below 4).
CENTRAL_GROUP_FROM = Decimal("2.5")
CENTRAL_GROUP_UNTIL = Decimal("4.0")


@dataclass(frozen=True)
class Scoring:
    score: Decimal
    level: MaturityLevel
    recommendation: str
    stress_jobs: list[str]


def score_answers(answers: dict[str, int]) -> Decimal:
    values = [Decimal(answers[code]) for code in QUESTION_CODES]
    return (sum(values) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def level_for(score: Decimal) -> MaturityLevel:
    return MaturityLevel(min(int(score), 5))


def weakest_jobs(answers: dict[str, int], limit: int = 2) -> list[str]:
    """The core-team jobs behind the lowest answers, weakest first, without repeats."""
    order = sorted(QUESTIONS, key=lambda q: (answers[q.code], QUESTION_CODES.index(q.code)))
    jobs: list[str] = []
    for question in order:
        if question.job not in jobs:
            jobs.append(question.job)
        if len(jobs) == limit:
            break
    return jobs


def score(answers: dict[str, int]) -> Scoring:
    """Score a complete set of answers. Callers validate them first (services do)."""
    value = score_answers(answers)
    level = level_for(value)
    if value < CENTRAL_GROUP_FROM:
        stress = ["insights-metrics", "storyline"]
        advice = (
            "Too early for a centralized CX group: at this level it tends to absorb all "
            "responsibility or be stifled by politics. Start with a small team of champions "
            "under the executive sponsor, build the case with customer insight and one story, "
            "and reassess when the organization reaches the middle of level 2 (Invested)."
        )
    elif value < CENTRAL_GROUP_UNTIL:
        stress = weakest_jobs(answers)
        advice = (
            f"A centralized CX group pays off at this level ({level.label}). Staff the core team "
            "as catalyst and coordinator, not owner, and put its effort where the answers are "
            "weakest."
        )
    else:
        stress = ["portfolio-management", "strategy-governance"]
        advice = (
            f"At {level.label} the business runs CX itself. Keep the core team small: it tracks "
            "the portfolio, keeps efforts aligned with the strategy, and steps in where a team "
            "asks for help, rather than running the work."
        )
    return Scoring(score=value, level=level, recommendation=advice, stress_jobs=stress)


def moved_answers(previous: dict[str, int], current: dict[str, int]) -> list[dict]:
    """The questions whose answers changed between two assessments, with the change."""
    moved = []
    for question in QUESTIONS:
        before, after = previous.get(question.code), current.get(question.code)
        if before is not None and after is not None and before != after:
            moved.append(
                {
                    "code": question.code,
                    "text": question.text,
                    "before": before,
                    "after": after,
                    "delta": after - before,
                }
            )
    return moved
