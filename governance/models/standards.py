"""The CX standards library: the company's CX definitions (a glossary), its methods (journey
mapping, listening sessions...) and its templates (files), each with an owner and a review
date, and versioned: every edit keeps the item as it was in a `StandardVersion`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from cxgov.concurrency import Versioned
from cxgov.querysets import ScopedQuerySet
from cxgov.validators import DocumentFile, plain_line, plain_text, program_date


class StandardKind(models.TextChoices):
    DEFINITION = "definition", "Definition"
    METHOD = "method", "Method"
    TEMPLATE = "template", "Template"


# The kinds in the order the library shows them, with each section's heading.
KIND_HEADINGS = {
    StandardKind.DEFINITION: "Definitions",
    StandardKind.METHOD: "Methods",
    StandardKind.TEMPLATE: "Templates",
}

STANDARD_FILE_UPLOAD_TO = "governance/standards/%Y/%m/"

# How far ahead the owner's digest lists an item coming up for review.
REVIEW_NOTICE_DAYS = 30


def standard_file_validators() -> list:
    return [DocumentFile("The file", "CXGOV_STANDARD_FILE_MAX_BYTES")]


# What each version keeps of its item.
CONTENT_FIELDS = (
    "title",
    "text",
    "file",
    "file_name",
    "content_type",
    "size_bytes",
    "owner",
    "review_on",
)


class StandardQuerySet(ScopedQuerySet):
    def methods(self) -> StandardQuerySet:
        return self.filter(kind=StandardKind.METHOD)

    def review_overdue(self, on: dt.date) -> StandardQuerySet:
        """Items whose review date has passed (`on` is today)."""
        return self.filter(review_on__lt=on)

    def review_due(self, on: dt.date, *, within: int = REVIEW_NOTICE_DAYS) -> StandardQuerySet:
        """Items whose review date has passed or falls within `within` days of `on`."""
        return self.filter(review_on__lte=on + dt.timedelta(days=within))


class StandardContent(models.Model):
    """What an item says, and what each of its versions keeps."""

    title = models.CharField(
        max_length=200,
        validators=plain_line("The title"),
        help_text="The term, the method's name or the template's name.",
    )
    text = models.TextField(
        blank=True,
        validators=plain_text("The text"),
        help_text="A definition says what the term means here; a method how and when to use "
        "it; a template what it is for.",
    )
    file = models.FileField(
        upload_to=STANDARD_FILE_UPLOAD_TO,
        max_length=255,
        blank=True,
        validators=standard_file_validators(),
        help_text="A template's file: PDF, Word, Excel or PowerPoint (.docx, .xlsx, .pptx), "
        "PNG or JPEG, up to the size limit. Its type is read from its content.",
    )
    file_name = models.CharField(max_length=255, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size_bytes = models.PositiveIntegerField(default=0, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who keeps it up to date; reminded once when the review date has passed.",
    )
    review_on = models.DateField(
        validators=[program_date],
        error_messages={"null": "Give a review date: when the owner should next check it."},
        help_text="When its owner should next check it still holds.",
    )

    class Meta:
        abstract = True


class Standard(StandardContent, Versioned):
    """One item of the library. `version` is also the number of its newest StandardVersion."""

    kind = models.CharField(max_length=12, choices=StandardKind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_standards",
        error_messages={"null": "Name the owner: the person who keeps it up to date."},
        help_text="Who keeps it up to date; reminded once when the review date has passed.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = "standard"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "title"],
                name="standard_title_unique_per_kind",
                violation_error_message="The library has an item of this kind by that title.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:standard-detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == StandardKind.TEMPLATE and not self.file:
            errors["file"] = "A template needs its file: choose a PDF, Office file or image."
        if self.kind != StandardKind.TEMPLATE and self.file:
            errors["file"] = "Only a template has a file; put a definition or a method in words."
        if self.kind in (StandardKind.DEFINITION, StandardKind.METHOD) and not self.text.strip():
            noun = "definition" if self.kind == StandardKind.DEFINITION else "method"
            errors["text"] = f"Say what the {noun} is: the text is empty."
        if errors:
            raise ValidationError(errors)

    def is_review_overdue(self, on: dt.date) -> bool:
        return self.review_on < on


class StandardVersion(StandardContent):
    """An item as it stood after one of its edits (number 1: as it was first published)."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["standard", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "number"], name="standard_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}, version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("governance:standard-version", args=[self.standard_id, self.number])

    def file_url(self) -> str:
        return reverse("governance:standard-file", args=[self.standard_id, self.number])

    @classmethod
    def of(cls, standard: Standard, *, by: Any) -> StandardVersion:
        """The version `standard` stands at now, to keep."""
        kept = {name: getattr(standard, name) for name in CONTENT_FIELDS}
        kept["file"] = standard.file.name if standard.file else ""
        return cls(standard=standard, number=standard.version, edited_by=by, **kept)
