"""The CX standards library: publishing an item, editing it (each edit keeps a new version),
and reminding owners once of items past their review date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse

from cxgov.concurrency import claim
from cxgov.dates import today
from cxgov.notifications import Notice, send_once
from cxgov.validators import DOCUMENT_TYPES, document_type

from .. import permissions as rules
from ..models import Standard, StandardVersion
from ..notifications import STANDARD_REVIEW_DUE

# What an edit may change; the kind stays (a definition does not become a template).
STANDARD_FIELDS = ("title", "text", "file", "owner", "review_on")


def review_date_refusal(review_on: Any) -> str:
    """Why a review date being set is refused ("" when it is not): it has already passed."""
    if isinstance(review_on, dt.date) and review_on < today():
        return (
            f"{review_on:%-d %b %Y} has passed: choose the day the owner should next review it, "
            "today or later."
        )
    return ""


def _validate(standard: Standard, *, review_set: bool) -> None:
    """Every rule of the model, and a review date set now that has already passed: all the
    refusals at once, each on its field."""
    errors: dict[str, list[str]] = {}
    try:
        standard.full_clean()
    except ValidationError as refusal:
        errors = refusal.message_dict
    past = review_date_refusal(standard.review_on) if review_set else ""
    if past:
        errors.setdefault("review_on", []).append(past)
    if errors:
        raise ValidationError(errors)


def _take_file(standard: Standard, upload: UploadedFile | None) -> None:
    """Put a newly uploaded file on `standard` with what its content says it is (the
    model's DocumentFile validator refuses anything else when the item is validated)."""
    if not upload:
        return
    standard.file = upload
    standard.file_name = upload.name[-255:]
    standard.size_bytes = upload.size
    upload.seek(0)
    kind = document_type(upload.read(16), upload)
    upload.seek(0)
    standard.content_type = DOCUMENT_TYPES[kind][2] if kind else ""


def _keep_version(standard: Standard, by: Any) -> None:
    StandardVersion.of(standard, by=by).save()


@transaction.atomic
def standard_create(
    *,
    by: Any,
    kind: str,
    title: str,
    owner: Any,
    review_on: dt.date,
    text: str = "",
    file: UploadedFile | None = None,
) -> Standard:
    """Publish a definition, a method or a template (with its file) as version 1. A review
    date already past is refused; every field is checked before anything is written."""
    rules.can_edit_standards.enforce(by)
    standard = Standard(
        kind=kind, title=(title or "").strip(), text=(text or "").strip(), owner=owner
    )
    standard.review_on = review_on
    _take_file(standard, file)
    _validate(standard, review_set=True)
    standard.save()
    _keep_version(standard, by)
    return standard


@transaction.atomic
def standard_update(
    *,
    standard: Standard,
    by: Any,
    data: Mapping[str, Any],
    version_read: int | None = None,
) -> Standard:
    """Change an item; the change is kept as its next version, the earlier ones stay readable.
    A file left out keeps the one it has. With `version_read` (the one the person read), a
    change made since is an EditConflict."""
    rules.can_edit_standards.enforce(by)
    if data.get("kind") == standard.kind:  # a full update names the kind it keeps
        data = {name: value for name, value in data.items() if name != "kind"}
    refused = sorted(set(data) - set(STANDARD_FIELDS))
    if refused:
        raise ValidationError(dict.fromkeys(refused, "This field cannot be changed here."))
    claim(standard, version=version_read)
    for name in ("title", "text"):
        if name in data:
            setattr(standard, name, (data[name] or "").strip())
    for name in ("owner", "review_on"):
        if name in data:
            setattr(standard, name, data[name])
    _take_file(standard, data.get("file"))
    _validate(standard, review_set="review_on" in data)
    standard.save()
    _keep_version(standard, by)
    return standard


def standard_review_reminders_send(*, on: dt.date | None = None) -> int:
    """Tell each owner of an item past its review date, once per item and review date (a new
    review date is a new occasion). Returns how many were sent now."""
    on = on or today()

    def notice(standard: Standard, owner: Any) -> Notice:
        kind = standard.get_kind_display().lower()
        return Notice(
            kind=STANDARD_REVIEW_DUE,
            occasion=f"standard {standard.pk} review {standard.review_on.isoformat()}",
            subject=f"Review the CX {kind} '{standard.title}'",
            body=f"You own the CX {kind} '{standard.title}' in the standards library. Its "
            f"review date, {standard.review_on:%-d %b %Y}, has passed: check it still holds, "
            "then change it or set its next review date.",
            link=reverse("governance:standard-detail", args=[standard.pk]),
        )

    return send_once(
        due=Standard.objects.review_overdue(on).select_related("owner"),
        recipients=lambda standard: [standard.owner],
        notice=notice,
    )
