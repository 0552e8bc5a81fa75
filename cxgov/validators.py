"""Rules for loose values, said once and put on model fields, so that every door (a page's form,
the API's serializers, the admin, a service's `validated_save`) refuses the same input the
same way.

- `plain_line(label)`: a single-line name or title: no control characters at all.
- `plain_text(label, limit=...)`: free text: tab, newline and carriage return are fine, other
  control characters are not; and at most `limit` characters.
- `program_date`: a date a person enters, within `EARLIEST_DATE` and `YEARS_AHEAD` years from
  today.
- `position(label)`: an order on a list, at most `POSITION_MAX` (the same bound on SQLite,
  whose integers are 64-bit, as on PostgreSQL, whose integer column ends at 2**31 - 1).
- `DocumentFile(label, limit_setting)`: an uploaded document: under a size limit, and a PDF,
  Office Open XML file or PNG/JPEG image told by its content, never by its name.

Each validator names its field ("The description", "The name") so the message stands alone,
e.g. in a bulk error or a log line.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from .dates import today

# Free text lengths: long descriptions and minutes, short notes and reasons.
LONG_TEXT = 10_000
SHORT_TEXT = 2_000

# The dates a person may enter anywhere in the program.
EARLIEST_DATE = dt.date(1990, 1, 1)
YEARS_AHEAD = 10

# The largest whole number an integer column holds on PostgreSQL (SQLite's hold more).
MAX_INTEGER = 2**31 - 1

# The largest order on a list a person may give (no list in the program has more rows).
POSITION_MAX = 10_000

# Control characters a multi-line text may hold.
_TEXT_WHITESPACE = frozenset("\t\n\r")


def latest_date() -> dt.date:
    """The last date a person may enter: `YEARS_AHEAD` years from today (28 Feb for 29 Feb)."""
    now = today()
    try:
        return now.replace(year=now.year + YEARS_AHEAD)
    except ValueError:
        return now.replace(year=now.year + YEARS_AHEAD, day=28)


def _first_control_character(value: str, allowed: frozenset[str]) -> tuple[int, str] | None:
    for position, char in enumerate(value, start=1):
        if char not in allowed and unicodedata.category(char) == "Cc":
            return position, char
    return None


@deconstructible
class NoControlCharacters:
    """Refuse control characters (Unicode category Cc); `multiline` allows tab, newline and
    carriage return."""

    def __init__(self, label: str, multiline: bool = False):
        self.label = label
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        found = _first_control_character(value, _TEXT_WHITESPACE if self.multiline else frozenset())
        if found is None:
            return
        position, char = found
        kind = "text" if self.multiline else "a single line of plain text"
        raise ValidationError(
            "%(label)s contains the control character U+%(code)04X at character %(position)d; "
            "it takes %(kind)s.",
            code="control_character",
            params={"label": self.label, "code": ord(char), "position": position, "kind": kind},
        )

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, NoControlCharacters)
            and self.label == other.label
            and self.multiline == other.multiline
        )


@deconstructible
class TextLimit:
    """Refuse text longer than `limit` characters, naming the field and the limit."""

    def __init__(self, label: str, limit: int):
        self.label = label
        self.limit = limit

    def __call__(self, value) -> None:
        if isinstance(value, str) and len(value) > self.limit:
            raise ValidationError(
                "%(label)s is %(length)s characters long; the limit is %(limit)s.",
                code="max_length",
                params={
                    "label": self.label,
                    "length": f"{len(value):,}",
                    "limit": f"{self.limit:,}",
                },
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, TextLimit) and (self.label, self.limit) == (
            other.label,
            other.limit,
        )


@deconstructible
class ProgramDate:
    """Refuse a date outside the program's range: from `EARLIEST_DATE` to `YEARS_AHEAD` years
    ahead (typing slips like 0001-01-01 or 9999-12-31)."""

    def __call__(self, value) -> None:
        if not isinstance(value, dt.date):
            return
        if isinstance(value, dt.datetime):
            value = value.date()
        latest = latest_date()
        if not EARLIEST_DATE <= value <= latest:
            raise ValidationError(
                "%(value)s is outside the dates this program takes: "
                "choose a date from %(earliest)s to %(latest)s.",
                code="date_out_of_range",
                params={
                    "value": value.isoformat(),
                    "earliest": EARLIEST_DATE.isoformat(),
                    "latest": latest.isoformat(),
                },
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, ProgramDate)


program_date = ProgramDate()


@deconstructible
class AtMost:
    """Refuse a whole number over `limit`, naming the field and the limit."""

    def __init__(self, label: str, limit: int):
        self.label = label
        self.limit = limit

    def __call__(self, value) -> None:
        if isinstance(value, int) and value > self.limit:
            raise ValidationError(
                "%(label)s is %(value)s; the most it takes is %(limit)s.",
                code="max_value",
                params={"label": self.label, "value": f"{value:,}", "limit": f"{self.limit:,}"},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, AtMost) and (self.label, self.limit) == (other.label, other.limit)


def position(label: str = "The position") -> list:
    """Validators for an order on a list: at most POSITION_MAX."""
    return [AtMost(label, POSITION_MAX)]


def plain_line(label: str) -> list:
    """Validators for a single-line name or title (its max_length is the field's own)."""
    return [NoControlCharacters(label)]


def plain_text(label: str, limit: int = LONG_TEXT) -> list:
    """Validators for free multi-line text: no control characters but tab and line breaks,
    at most `limit` characters."""
    return [NoControlCharacters(label, multiline=True), TextLimit(label, limit)]


# -- Documents people upload (the standards library's templates) ---------------------------------

# What a document may be, told by its first bytes (and, for Office files, the zip's parts):
# (type, the name's endings it may carry, a label for messages, its content type).
DOCUMENT_TYPES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "pdf": ((".pdf",), "a PDF", "application/pdf"),
    "png": ((".png",), "a PNG image", "image/png"),
    "jpeg": ((".jpg", ".jpeg"), "a JPEG image", "image/jpeg"),
    "docx": (
        (".docx",),
        "a Word document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        (".xlsx",),
        "an Excel workbook",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pptx": (
        (".pptx",),
        "a PowerPoint presentation",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
}
# The part an Office Open XML package of each kind must hold (besides [Content_Types].xml).
_OOXML_MAIN_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
# Signatures of what is refused, so the message can say what the file really is.
_KNOWN_OTHERS = (
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
    (b"#!", "a script"),
    (b"GIF8", "a GIF image"),
    (b"Rar!", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0", "an old-style (pre-2007) Office file"),
)


def document_type(head: bytes, opened: Any) -> str | None:
    """The document type of a file by its content (`head`: its first bytes; `opened`: the
    file, read again for an Office package's parts), or None when it is none we take."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            opened.seek(0)
            names = set(zipfile.ZipFile(opened).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" in names:
            for kind, part in _OOXML_MAIN_PART.items():
                if part in names:
                    return kind
    return None


def _what_it_is(head: bytes) -> str:
    for signature, label in _KNOWN_OTHERS:
        if head.startswith(signature):
            return label
    if head.startswith(b"PK\x03\x04"):
        return "a zip archive that is no Word, Excel or PowerPoint file"
    return "of a type the library does not take"


@deconstructible
class DocumentFile:
    """Refuse an uploaded file over `settings.<limit_setting>` bytes, or whose content is not a
    PDF, a Word, Excel or PowerPoint file (Office Open XML) or a PNG or JPEG image, or whose
    name says another type than its content: the type is told by the bytes, never by the
    name, so an executable renamed .pdf is refused. A file already stored is not read again."""

    def __init__(self, label: str, limit_setting: str):
        self.label = label
        self.limit_setting = limit_setting

    def __call__(self, value) -> None:
        if not value or getattr(value, "_committed", True):
            return
        from django.conf import settings

        limit = getattr(settings, self.limit_setting)
        size = value.size
        if size > limit:
            raise ValidationError(
                "%(label)s is %(size)s; the limit is %(limit)s.",
                code="file_too_large",
                params={"label": self.label, "size": _megabytes(size), "limit": _megabytes(limit)},
            )
        if size == 0:
            raise ValidationError(
                "%(label)s is empty.", code="file_empty", params={"label": self.label}
            )
        opened = value.file
        opened.seek(0)
        head = opened.read(16)
        kind = document_type(head, opened)
        opened.seek(0)
        if kind is None:
            raise ValidationError(
                "%(label)s (%(name)s) is %(what)s: the library takes PDF, Word, Excel and "
                "PowerPoint files (.docx, .xlsx, .pptx) and PNG or JPEG images.",
                code="file_type",
                params={"label": self.label, "name": value.name, "what": _what_it_is(head)},
            )
        endings, label, _ = DOCUMENT_TYPES[kind]
        if not value.name.lower().endswith(endings):
            raise ValidationError(
                "%(label)s is named %(name)s but holds %(kind)s: name it %(ending)s.",
                code="file_name",
                params={
                    "label": self.label,
                    "name": value.name,
                    "kind": label,
                    "ending": " or ".join(endings),
                },
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, DocumentFile) and (self.label, self.limit_setting) == (
            other.label,
            other.limit_setting,
        )


def _megabytes(size: int) -> str:
    if size < 1024**2:
        return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"
    return f"{size / 1024**2:.1f} MB"
