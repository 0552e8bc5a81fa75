"""Comment themes: what customers write about (app login, branch queues...), curated by the core
team as keywords and phrases; which comments mention each theme; and the monthly rollups of
mentions and comments that the themes and drivers pages read."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from cxgov.querysets import ScopedQuerySet
from cxgov.validators import plain_line

from .. import permissions as rules
from .dimensions import DimensionKind

KEYWORD_MAX = 60
KEYWORDS_MAX = 40
# Letters (any script), digits, spaces, apostrophes and hyphens; a trailing * matches any ending.
KEYWORD_SHAPE = re.compile(r"^[^\W_]+(?:[ '’-]+[^\W_]+)*\*?$")

# The languages a theme's keywords are written in (ISO 639-1).
THEME_LANGUAGES: dict[str, str] = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
}


def keyword_pattern(keywords: list[str]) -> str:
    """One case-insensitive regular expression matching any keyword as whole words, read the
    same way by PostgreSQL (~*) and by Python's re (SQLite's REGEXP): \\W and \\w are common
    to both. "log in" also matches "log  in"; "queue*" matches queue, queues, queueing."""
    alternatives = []
    for keyword in keywords:
        prefix = keyword.endswith("*")
        words = keyword.rstrip("*").split()
        body = r"\s+".join(re.escape(word) for word in words)
        alternatives.append(body + (r"\w*" if prefix else ""))
    return r"(^|\W)(" + "|".join(alternatives) + r")(\W|$)"


def validate_keywords(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise ValidationError("Keywords are a list of words or phrases.")
    if not value:
        raise ValidationError("Give at least one keyword or phrase.")
    if len(value) > KEYWORDS_MAX:
        raise ValidationError(f"At most {KEYWORDS_MAX} keywords or phrases a theme.")
    for keyword in value:
        if len(keyword) > KEYWORD_MAX:
            raise ValidationError(
                f"'{keyword[:KEYWORD_MAX]}...' is longer than {KEYWORD_MAX} characters."
            )
        if not KEYWORD_SHAPE.match(keyword):
            raise ValidationError(
                f"'{keyword[:KEYWORD_MAX]}' is not a word or phrase: use letters, digits, spaces, "
                "apostrophes and hyphens, and * only at the end (queue* matches queues)."
            )


def validate_languages(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError("Choose at least one language.")
    unknown = [code for code in value if code not in THEME_LANGUAGES]
    if unknown:
        raise ValidationError(
            f"{', '.join(map(str, unknown))}: not a language here; choose from "
            f"{', '.join(THEME_LANGUAGES)}."
        )


class ThemeQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> ThemeQuerySet:
        """Themes are read with their comments: by those who may read some comments (the
        voc.read_some_comments rule); for anyone else there is none."""
        if rules.can_read_some_comments(user):
            return self
        return self.none()


class Theme(models.Model):
    name = models.CharField(max_length=80, unique=True, validators=plain_line("The name"))
    keywords = models.JSONField(
        default=list,
        validators=[validate_keywords],
        help_text="Words and phrases that mark a comment as about this theme (whole words, any "
        "case; a trailing * matches any ending).",
    )
    languages = models.JSONField(
        default=list,
        validators=[validate_languages],
        help_text="The languages the keywords are written in.",
    )
    is_active = models.BooleanField(
        default=True, help_text="An inactive theme tags nothing and leaves the pages."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("voc:theme", kwargs={"pk": self.pk})

    @property
    def pattern(self) -> str:
        return keyword_pattern(self.keywords)

    def clean(self) -> None:
        if isinstance(self.keywords, list):
            cleaned = []
            for keyword in self.keywords:
                text = " ".join(str(keyword).split()).lower()
                if text and text not in cleaned:
                    cleaned.append(text)
            self.keywords = cleaned


class ThemeMention(models.Model):
    """A comment that mentions a theme. An import adds one row per comment and theme it
    mentions (90,000 for 100,000 comments in the bench), so the table keeps only the indexes
    its readers use: the unique (theme, response), which also serves "a theme's comments",
    and (response). No database foreign keys: the response's table is the big one and imports
    add to it in bulk, and a theme's check would run once per row at commit (bench/README.md);
    deleting a theme removes its mentions through Django's cascade."""

    theme = models.ForeignKey(
        Theme,
        on_delete=models.CASCADE,
        related_name="mentions",
        db_index=False,
        db_constraint=False,
    )
    response = models.ForeignKey(
        "voc.Response",
        on_delete=models.CASCADE,
        related_name="theme_mentions",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "response"], name="theme_mention_once_per_response"
            )
        ]
        indexes = [models.Index(fields=["response"], name="theme_mention_response")]

    def __str__(self) -> str:
        return f"{self.theme_id}:{self.response_id}"


# The dimensions the theme rollups keep: the whole and each touchpoint.
THEME_DIMENSIONS = (DimensionKind.OVERALL, DimensionKind.TOUCHPOINT)


def _dimension_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(dimension_kind="overall", dimension_id=0)
        | (Q(dimension_kind="touchpoint") & ~Q(dimension_id=0)),
        name=name,
    )


class CommentRollup(models.Model):
    """Per metric, month (in the metric's zone) and dimension: the responses with a comment,
    how many of them are detractors (the metric's own rule: Metric.detractor_q), and their
    sentiment. The denominators of the theme shares and of the drivers. No database foreign
    key (as ThemeMention): an import upserts thousands of rows, and each new one's check
    would run at commit (bench/README.md); a metric's delete removes them through Django."""

    metric = models.ForeignKey(
        "voc.Metric", on_delete=models.CASCADE, db_index=False, db_constraint=False
    )
    period_start = models.DateField(help_text="First day of the month, in the metric's zone.")
    dimension_kind = models.CharField(
        max_length=16, choices=DimensionKind.choices, default=DimensionKind.OVERALL
    )
    dimension_id = models.BigIntegerField(default=0, help_text="0 for overall.")
    comments = models.PositiveIntegerField(default=0)
    detractor_comments = models.PositiveIntegerField(default=0)
    negative = models.PositiveIntegerField(default=0)
    neutral = models.PositiveIntegerField(default=0)
    positive = models.PositiveIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["metric", "dimension_kind", "dimension_id", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "dimension_kind", "dimension_id", "period_start"],
                name="comment_rollup_one_row_per_metric_month_dimension",
            ),
            _dimension_constraint("comment_rollup_dimension_kinds"),
        ]

    def __str__(self) -> str:
        return f"{self.metric_id} {self.period_start} {self.dimension_kind} {self.dimension_id}"


class ThemeRollup(models.Model):
    """Per theme, metric, month and dimension: the comments that mention the theme, and how many
    of them are detractors'. Months with no mention have no row (read as zero). No database
    foreign keys, as CommentRollup."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, db_index=False, db_constraint=False)
    metric = models.ForeignKey(
        "voc.Metric", on_delete=models.CASCADE, db_index=False, db_constraint=False
    )
    period_start = models.DateField(help_text="First day of the month, in the metric's zone.")
    dimension_kind = models.CharField(
        max_length=16, choices=DimensionKind.choices, default=DimensionKind.OVERALL
    )
    dimension_id = models.BigIntegerField(default=0, help_text="0 for overall.")
    mentions = models.PositiveIntegerField(default=0)
    detractor_mentions = models.PositiveIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["theme", "metric", "dimension_kind", "dimension_id", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "metric", "dimension_kind", "dimension_id", "period_start"],
                name="theme_rollup_one_row_per_theme_metric_month_dimension",
            ),
            _dimension_constraint("theme_rollup_dimension_kinds"),
        ]
        indexes = [
            models.Index(
                fields=["metric", "dimension_kind", "dimension_id", "period_start"],
                name="theme_rollup_metric_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme_id} {self.metric_id} {self.period_start} {self.dimension_kind}"


class SuggestionStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    DISMISSED = "dismissed", "Dismissed"


class SuggestedTheme(models.Model):
    """A topic found in the comments no theme matches (TF-IDF and NMF): its top terms and a
    few example comments, for the core team to accept (it becomes a theme), rename or
    dismiss. Open suggestions are replaced by each run; decided ones are kept."""

    label = models.CharField(max_length=80, validators=plain_line("The name"))
    terms = models.JSONField(default=list, help_text="The topic's top terms, strongest first.")
    examples = models.JSONField(default=list, help_text="Ids of responses that show it best.")
    comment_count = models.PositiveIntegerField(
        default=0, help_text="Unmatched comments the topic describes best."
    )
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    found_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["-comment_count", "pk"]

    def __str__(self) -> str:
        return self.label
