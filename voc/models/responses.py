"""Responses: one score from one customer at one moment. Millions of rows, so the table keeps
only the two indexes its paths need: (metric, external_id) for idempotent import and
(metric, responded_at) for the rollup's period scans and the drill-down."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from cxgov.querysets import ScopedQuerySet
from cxgov.validators import plain_line, plain_text, program_date

EXTERNAL_ID_MAX = 100
CUSTOMER_KEY_MAX = 128


def validate_customer_key(value: str) -> None:
    # Pseudonymous only: an '@' means someone exported raw e-mail addresses.
    if "@" in value:
        raise ValidationError(
            "The customer key looks like an e-mail address; use a pseudonymous key "
            "(a customer number or a hash), never the address itself."
        )


class Sentiment(models.TextChoices):
    NEGATIVE = "negative", "Negative"
    NEUTRAL = "neutral", "Neutral"
    POSITIVE = "positive", "Positive"


# VADER's authors' cut-offs on the compound score (-1..1): at or beyond +-0.05 the text leans.
SENTIMENT_CUT_OFF = 0.05


def sentiment_of(compound: float) -> str:
    if compound >= SENTIMENT_CUT_OFF:
        return Sentiment.POSITIVE
    if compound <= -SENTIMENT_CUT_OFF:
        return Sentiment.NEGATIVE
    return Sentiment.NEUTRAL


class Response(models.Model):
    # No database foreign-key constraints on this table: PostgreSQL would check five per row
    # at commit, which costs an import more than the insert. Every id comes from a join on the
    # referenced table in the importer (or from an object in the ORM), and deleting a metric or
    # dimension that responses use is refused by Django (PROTECT).
    metric = models.ForeignKey(
        "voc.Metric", on_delete=models.PROTECT, db_index=False, db_constraint=False
    )
    score = models.FloatField()
    responded_at = models.DateTimeField(validators=[program_date])
    # Dimension columns are not indexed: the rollup scans by metric and time, and reads
    # dimensions from the rows it already has.
    touchpoint = models.ForeignKey(
        "voc.Touchpoint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        db_constraint=False,
    )
    channel = models.ForeignKey(
        "voc.Channel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        db_constraint=False,
    )
    segment = models.ForeignKey(
        "voc.Segment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        db_constraint=False,
    )
    business_unit = models.ForeignKey(
        "governance.BusinessUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        db_constraint=False,
    )
    comment = models.TextField(blank=True, validators=plain_text("The comment"))
    external_id = models.CharField(
        max_length=EXTERNAL_ID_MAX,
        validators=plain_line("The external id"),
        help_text="The survey tool's id: re-importing adds nothing.",
    )
    customer_key = models.CharField(
        max_length=CUSTOMER_KEY_MAX,
        blank=True,
        validators=[*plain_line("The customer key"), validate_customer_key],
    )
    # What the comment's words lean to (VADER, a lexicon model shipped with its package), set
    # by the import and the nightly backfill; never a substitute for the customer's score.
    # A database default too: the importers insert with SQL that does not name this column.
    sentiment = models.CharField(
        max_length=8, choices=Sentiment.choices, blank=True, default="", db_default=""
    )
    sentiment_score = models.FloatField(
        null=True, blank=True, help_text="VADER's compound score of the comment, -1 to 1."
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "external_id"],
                name="response_external_id_unique_per_metric",
                violation_error_message="This metric already has a response with this external id.",
            ),
            models.CheckConstraint(
                condition=~Q(customer_key__contains="@"),
                name="response_customer_key_not_an_email",
                violation_error_message="The customer key must not be an e-mail address.",
            ),
            models.CheckConstraint(
                condition=~Q(external_id=""),
                name="response_has_external_id",
                violation_error_message="A response needs an external id.",
            ),
        ]
        indexes = [models.Index(fields=["metric", "responded_at"], name="response_metric_time")]

    def __str__(self) -> str:
        return f"{self.metric_id}:{self.external_id}"

    def clean(self) -> None:
        if self.metric_id and self.score is not None:
            problem = self.metric.score_error(self.score)
            if problem:
                raise ValidationError({"score": problem})
