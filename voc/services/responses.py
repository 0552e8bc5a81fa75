"""The response importer: a CSV file (or JSON records turned into one) into voc_response, all or
nothing, idempotent by (metric, external id).

On PostgreSQL the file streams through COPY into a temporary staging table of text columns,
is validated there by SQL (one scan when the file is clean), and goes into voc_response with
one INSERT ... SELECT ... ON CONFLICT DO NOTHING, so memory does not grow with the file. On
SQLite the same rules run in Python, in batches, inside one transaction. The rules (patterns,
limits and the messages a person reads) are defined once below and used by both paths; the
tests run the same bad files through each.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first response row 2;
the JSON bulk import's records from 1 (Numbering).

The file may name metrics and dimension values by code or by name, in any case and spacing
(Names); both paths resolve them with the same Python, the PostgreSQL one for each distinct
value of the file, which reaches SQL as a parameter.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
import time
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db import connection, transaction
from django.template.defaultfilters import pluralize

from cxgov.validators import EARLIEST_DATE, LONG_TEXT, latest_date

from ..errors import ImportRejected
from ..models import (
    DIMENSION_MODELS,
    DimensionKind,
    Metric,
    MetricKind,
    Response,
    dimension_model,
)
from ..models.imports import IMPORT_FIELDS, REQUIRED_FIELDS, SAVING_SHARE
from ..models.responses import CUSTOMER_KEY_MAX, EXTERNAL_ID_MAX

MAX_ERRORS = 100
SNIFF_BYTES = 64 * 1024
CHUNK_BYTES = 1024 * 1024
DELIMITERS = ",;\t|"
BATCH_ROWS = 5000
# The importer tells its progress every this many rows; the job's row is written when the
# percentage moves (at most a hundred writes an import).
PROGRESS_ROWS = 100

# -- The rules, once ----------------------------------------------------------------------

NUMBER = r"^[+-]?([0-9]{1,9}(\.[0-9]{1,9})?|\.[0-9]{1,9})$"
_DATE = r"(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
_OFFSET = r"(Z|z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)"
AWARE_DATETIME = rf"^{_DATE}[T ]{_TIME}{_OFFSET}$"
NAIVE_DATETIME = rf"^{_DATE}([T ]{_TIME})?$"
DATETIME_HINT = "use ISO 8601 with an offset, e.g. 2026-03-02T10:00:00+01:00"
# cxgov.validators' rules for loose values, as patterns both paths run: no control character
# (Unicode Cc) in a single-line value, none but tab and line breaks in a comment; a comment at
# most LONG_TEXT characters; a date (as the file writes it) within the program's range.
CONTROL_IN_LINE = r"[\x00-\x1f\x7f-\x9f]"
CONTROL_IN_TEXT = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
IN_LINE = "it takes a single line of plain text"
IN_TEXT = "it takes text"

MESSAGES = {
    "missing": "missing",
    "unknown": "unknown {what} '{value}'",
    "ambiguous": "'{value}' could be the {what} {candidates}: use its code",
    "operational": "metric '{value}' is operational: enter it per period, not as responses",
    "not_a_number": "'{value}' is not a number",
    "off_scale": "'{value}' is off the scale {low}-{high}",
    "not_whole": "'{value}' is not a whole number",
    "naive": "'{value}' has no time zone offset (add Z or +01:00, or choose to read such "
    "dates in the metric's reporting time zone)",
    "not_a_datetime": "'{value}' is not a date and time ({hint})",
    "too_long": "longer than {limit} characters",
    "control": "contains the control character {code}; {kind}",
    "out_of_range": "'{value}' is outside the dates this program takes: choose a date from "
    "{earliest} to {latest}",
    "email": "looks like an e-mail address; use a pseudonymous key, never the address",
    "duplicate": "external id '{value}' appears more than once in this {container}: {units} {rows}",
}
# The import fields that name a dimension value by its code, and how a message names each: the
# fields are the dimension kinds (voc.models.DIMENSION_MODELS says which model holds them).
DIMENSIONS: dict[str, str] = {kind: DimensionKind(kind).label.lower() for kind in DIMENSION_MODELS}


@dataclass(frozen=True)
class Numbering:
    """How problems point at what was sent: a CSV file's rows as a spreadsheet numbers them
    (the header is row 1) and its columns, or a JSON list's records (from 1) and fields."""

    first: int  # the number of the first response
    unit: str
    container: str
    part: str

    def error(self, number: int | None, column: str, message: str) -> dict:
        return {self.unit: number, self.part: column, "message": message}


ROWS = Numbering(first=2, unit="row", container="file", part="column")
RECORDS = Numbering(first=1, unit="record", container="list", part="field")


@dataclass
class ImportResult:
    total_rows: int = 0
    inserted: int = 0
    skipped: int = 0  # already stored: same metric and external id
    error_count: int = 0
    errors: list[dict] = field(default_factory=list)
    # (metric id, local date) of every inserted response: the periods the rollup must refresh.
    touched: dict[int, set[dt.date]] = field(default_factory=dict)
    cases_opened: int = 0  # closed-loop cases opened for the detractors it added


def row_error(row: int | None, column: str, message: str) -> dict:
    return ROWS.error(row, column, message)


# -- Columns found by their header, values by code or name ---------------------------------

# What people call each field's column, compared as header_key compares; the first found wins.
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "metric": ("metric", "metric code", "survey", "survey type", "kpi"),
    "score": ("score", "rating", "value", "answer"),
    "responded_at": (
        "responded at", "response date", "responded", "answered at", "answered",
        "submitted at", "submitted", "date", "date time", "datetime", "timestamp", "time",
        "when", "created at",
    ),
    "external_id": (
        "external id", "response id", "id", "survey response id", "ref", "reference",
        "record id",
    ),
    "touchpoint": ("touchpoint", "touch point", "journey step"),
    "channel": ("channel",),
    "segment": ("segment", "customer segment"),
    "business_unit": ("business unit", "bu", "unit", "division"),
    "comment": ("comment", "comments", "verbatim", "feedback", "free text"),
    "customer_key": ("customer key", "customer id", "customer"),
}  # fmt: skip


def header_key(name: str) -> str:
    """A column header as mappings compare it: case, spaces, '_', '-' and '.' aside."""
    return " ".join(re.sub(r"[_\-.]+", " ", name).split()).casefold()


def auto_mapping(header: list[str], remembered: dict[str, str] | None = None) -> dict[str, str]:
    """Field -> column of this header: the person's last mapping where the file still has
    that column, then the column named like the field (HEADER_NAMES); no column twice."""
    by_key = {header_key(name): name for name in header}
    mapping: dict[str, str] = {}
    for name in IMPORT_FIELDS:
        column = by_key.get(header_key(str((remembered or {}).get(name) or "")))
        if column and column not in mapping.values():
            mapping[name] = column
    for name in IMPORT_FIELDS:
        for alias in HEADER_NAMES[name] if name not in mapping else ():
            column = by_key.get(alias)
            if column and column not in mapping.values():
                mapping[name] = column
                break
    return mapping


def name_key(text: str) -> str:
    """A code or a name as the importer compares it: case, spaces, '-' and '_' aside."""
    return re.sub(r"[\s_\-]+", "", text).casefold()


class Names:
    """The values a file may name one field by (a metric, a touchpoint...): its code as
    stored, else any code or name equal but for case and spacing; a text two values answer
    to is refused, naming both."""

    def __init__(self, what: str, rows: Iterable[tuple[int, str, str]]):
        self.what = what
        self.by_code: dict[str, int] = {}
        self.by_key: dict[str, set[int]] = {}
        self.label: dict[int, str] = {}
        for pk, code, name in rows:
            self.by_code[code] = pk
            self.label[pk] = f"{name} ({code})"
            for text in (code, name):
                self.by_key.setdefault(name_key(text), set()).add(pk)
        self.known: dict[str, tuple[int | None, str | None]] = {}

    @classmethod
    def of(cls, field: str) -> Names:
        model = Metric if field == "metric" else dimension_model(field)
        what = "metric" if field == "metric" else DIMENSIONS[field]
        return cls(what, model.objects.values_list("pk", "code", "name"))

    def resolve(self, text: str) -> tuple[int | None, str | None]:
        """(id, None), or (None, the problem to report)."""
        if text in self.known:
            return self.known[text]
        found = {self.by_code[text]} if text in self.by_code else self.by_key.get(name_key(text))
        if not found:
            answer = None, MESSAGES["unknown"].format(what=self.what, value=text[:60])
        elif len(found) > 1:
            candidates = " or ".join(sorted(self.label[pk] for pk in found))
            answer = (
                None,
                MESSAGES["ambiguous"].format(
                    what=self.what, value=text[:60], candidates=candidates
                ),
            )
        else:
            answer = next(iter(found)), None
        if len(self.known) < 100_000:
            self.known[text] = answer
        return answer


def local_datetime(text: str, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """A date and time without an offset, read in `zone` as PostgreSQL reads it (the SQL path
    casts it with AT TIME ZONE): a time the clocks skip takes the offset before the change, a
    time that happens twice the one after it."""
    naive = dt.datetime.fromisoformat(text.replace("T", " "))
    early, late = naive.replace(tzinfo=zone), naive.replace(tzinfo=zone, fold=1)
    if early.utcoffset() != late.utcoffset():
        exists = early.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) == naive
        return late if exists else early
    return early


# -- Reading the file's head ----------------------------------------------------------------


@dataclass
class FileHead:
    header: list[str]
    delimiter: str
    has_bom: bool


def read_head(source: IO[bytes], *, delimiter: str | None = None) -> FileHead:
    """The header row and the delimiter (sniffed unless given). Leaves `source` at 0."""
    source.seek(0)
    sample = source.read(SNIFF_BYTES)
    source.seek(0)
    if not sample.strip():
        raise ImportRejected("The file is empty.")
    has_bom = sample.startswith(codecs.BOM_UTF8)
    text = _decode_sample(sample[3:] if has_bom else sample)
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(first_line or text, delimiters=DELIMITERS).delimiter
        except csv.Error:
            if any(d in first_line for d in DELIMITERS):
                raise ImportRejected(
                    "Could not tell which delimiter the file uses; choose it."
                ) from None
            delimiter = ","  # a single column
    elif delimiter not in DELIMITERS:
        raise ImportRejected("The delimiter must be a comma, semicolon, tab or vertical bar.")
    header = next(csv.reader([first_line], delimiter=delimiter), [])
    header = [name.strip() for name in header]
    blank = [str(i) for i, name in enumerate(header, start=1) if not name]
    if blank:
        raise ImportRejected(
            f"Row 1 (the header) has no name for column {', '.join(blank)}: every column needs one."
        )
    seen: dict[str, int] = {}
    for name in header:
        seen[name.lower()] = seen.get(name.lower(), 0) + 1
    twice = [name for name in header if seen[name.lower()] > 1]
    if twice:
        raise ImportRejected(
            f"Row 1 (the header) names a column more than once: {', '.join(sorted(set(twice)))}."
        )
    return FileHead(header=header, delimiter=delimiter, has_bom=has_bom)


def _decode_sample(sample: bytes) -> str:
    try:
        return sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data":
            return sample[: exc.start].decode("utf-8")  # cut mid-character by the sample size
        raise _not_utf8(sample, exc.start, 0) from None


def _not_utf8(chunk: bytes, position: int, offset: int, lines_before: int = 0) -> ImportRejected:
    line = lines_before + chunk[:position].count(b"\n") + 1
    return ImportRejected(
        f"The file is not UTF-8 text (byte {offset + position + 1}, near line {line}, "
        f"byte value 0x{chunk[position]:02x}). Save it as 'CSV UTF-8' and upload it again."
    )


def check_utf8(source: IO[bytes]) -> int:
    """Decode the whole file in chunks (no memory growth); return its size in bytes."""
    source.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = lines = 0
    while chunk := source.read(CHUNK_BYTES):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise _not_utf8(chunk, max(0, exc.start), offset, lines) from None
        offset += len(chunk)
        lines += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise ImportRejected(
            "The file is not UTF-8 text: it ends in the middle of a character. "
            "Save it as 'CSV UTF-8' and upload it again."
        ) from None
    source.seek(0)
    return offset


def resolve_mapping(
    header: list[str], mapping: dict[str, str] | None, *, default_metric: Metric | None
) -> dict[str, int]:
    """Field name -> column index. An empty mapping maps the columns named like the fields
    (auto_mapping)."""
    by_name = {name.lower(): i for i, name in enumerate(header)}
    if not mapping:
        mapping = auto_mapping(header)
    unknown = sorted(set(mapping) - set(IMPORT_FIELDS))
    if unknown:
        raise ImportRejected(
            f"Unknown field{pluralize(len(unknown))} in the mapping: {', '.join(unknown)}. "
            f"Map columns to: {', '.join(IMPORT_FIELDS)}."
        )
    resolved: dict[str, int] = {}
    for name, column in mapping.items():
        if not column:
            continue
        index = by_name.get(str(column).strip().lower())
        if index is None:
            raise ImportRejected(f"The file has no column '{column}' (mapped to {name}).")
        if index in resolved.values():
            raise ImportRejected(f"Column '{column}' is mapped to more than one field.")
        resolved[name] = index
    missing = [
        f for f in REQUIRED_FIELDS if f not in resolved and not (f == "metric" and default_metric)
    ]
    if missing:
        raise ImportRejected(
            "These fields need a column: "
            + ", ".join(missing)
            + (" (or choose the metric for the whole file)" if "metric" in missing else "")
            + "."
        )
    return resolved


# -- Entry point ------------------------------------------------------------------------------

# Told the fraction done (0 to 1) and, where known, the rows read so far.
Progress = Callable[..., None]


def import_responses(
    *,
    source: IO[bytes],
    mapping: dict[str, str] | None = None,
    delimiter: str | None = None,
    default_metric: Metric | None = None,
    all_or_nothing: bool = True,
    naive_in_reporting_zone: bool = False,
    numbering: Numbering = ROWS,
    progress: Progress | None = None,
    after_insert: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Import a CSV byte stream. Raises ImportRejected (nothing written) when a row is wrong
    and `all_or_nothing`; otherwise skips wrong rows and reports them in the result.
    `naive_in_reporting_zone` reads a date and time without an offset in the row's metric's
    reporting time zone (else it is refused). `numbering` says how problems point at rows.
    `after_insert` runs inside the writing transaction (the rollup refresh, the job record)."""
    size = check_utf8(source)
    limit = settings.CXGOV_VOC_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportRejected(
            f"The file is {size / 1024**2:.1f} MB; the limit is {limit / 1024**2:.0f} MB. "
            "Split it into smaller files (re-importing a row adds nothing)."
        )
    if default_metric is not None and default_metric.kind == MetricKind.OPERATIONAL:
        raise ImportRejected(
            f"{default_metric.name} is operational: enter it per period, not as responses."
        )
    head = read_head(source, delimiter=delimiter)
    columns = resolve_mapping(head.header, mapping, default_metric=default_metric)
    report = progress or (lambda fraction, rows=None: None)
    options = _Options(naive_in_reporting_zone, numbering)
    if connection.vendor == "postgresql":
        importer = _PostgresImport(source, head, columns, default_metric, size, report, options)
    else:
        importer = _BatchImport(source, head, columns, default_metric, size, report, options)
    return importer.run(all_or_nothing=all_or_nothing, after_insert=after_insert)


@dataclass(frozen=True)
class _Options:
    naive_in_reporting_zone: bool = False
    numbering: Numbering = ROWS


# The fields a file names by code or by name.
NAME_FIELDS = ("metric", *DIMENSIONS)


def records_to_csv(records: Iterable[dict[str, Any]]) -> io.BytesIO:
    """JSON bulk records (field -> value) as a CSV file with the field names as header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(IMPORT_FIELDS)
    for index, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise ImportRejected(f"Record {index} is not an object of field names and values.")
        unknown = sorted(set(record) - set(IMPORT_FIELDS))
        if unknown:
            raise ImportRejected(
                f"Record {index} has unknown field{pluralize(len(unknown))}: {', '.join(unknown)}."
            )
        writer.writerow(
            ["" if record.get(f) is None else str(record.get(f)) for f in IMPORT_FIELDS]
        )
    return io.BytesIO(buffer.getvalue().encode("utf-8"))


def json_records(raw: bytes | str) -> list[dict[str, Any]]:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportRejected(f"The body is not JSON: {exc}.") from None
    except RecursionError:  # json recurses per nesting level: a small deep body is no 500
        raise ImportRejected("The body is not JSON a person could send: nested too deep.") from None
    if isinstance(data, dict):
        data = data.get("responses")
    if not isinstance(data, list):
        raise ImportRejected('Send a list of responses, or {"responses": [...]}.')
    if not data:
        raise ImportRejected("The list of responses is empty.")
    return data


# -- PostgreSQL: COPY, validate in SQL, INSERT ... ON CONFLICT DO NOTHING -----------------------


class _ProgressReader(io.RawIOBase):
    """A file wrapper that tells how far COPY has read: the share of the bytes, and the lines
    (the rows, but for a comment's line breaks) after the header."""

    def __init__(self, source: IO[bytes], size: int, report: Progress, share: float):
        self.source, self.size, self.report, self.share = source, max(size, 1), report, share
        self.done = self.lines = 0

    @staticmethod
    def chunk(size: int) -> int:
        """COPY reads this much at a time: about a hundredth of the file, so the progress
        moves in steps of a percent, within 8 KB and CHUNK_BYTES."""
        return max(8 * 1024, min(CHUNK_BYTES, size // 100))

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self.source.read(n)
        self.done += len(data)
        self.lines += data.count(b"\n")
        self.report(self.share * self.done / self.size, max(0, self.lines - 1))
        return data


class _PostgresImport:
    def __init__(self, source, head: FileHead, columns, default_metric, size, report, options):
        self.source, self.head, self.columns = source, head, columns
        self.default_metric, self.size, self.report = default_metric, size, report
        self.options, self.numbering = options, options.numbering
        self.table = f"voc_import_{int(time.time() * 1000)}_{id(self) % 10000}"
        self.names_table = f"{self.table}_names"
        self.named = [name for name in NAME_FIELDS if name in columns]

    def run(self, *, all_or_nothing: bool, after_insert) -> ImportResult:
        # One transaction from COPY to the last insert: the staging table goes with it
        # (ON COMMIT DROP), and a refusal or a killed worker leaves nothing behind.
        with transaction.atomic(), connection.cursor() as cursor:
            # Room to hash the file's external ids for the duplicate check without spilling.
            cursor.execute("SET LOCAL work_mem = '256MB'")
            self._copy(cursor)
            self._resolve_names(cursor)
            self.report(0.7)
            result = self._validate(cursor)
            self.report(SAVING_SHARE, result.total_rows)
            if result.error_count and all_or_nothing:
                raise _rejection(result, self.numbering)
            self._insert(cursor, result, only_valid=bool(result.error_count))
            if after_insert:
                after_insert(result)
        self.report(1.0, result.total_rows)
        return result

    def col(self, name: str) -> str | None:
        return f"s.{name}" if name in self.columns else None

    @property
    def rows(self) -> str:
        """The staging rows with each mapped value trimmed once. OFFSET 0 keeps PostgreSQL
        from inlining the trim into every check that reads it."""
        fields = ", ".join(
            f"c{index} AS {name}" if name == "comment" else f"NULLIF(BTRIM(c{index}), '') AS {name}"
            for name, index in self.columns.items()
        )
        return f"(SELECT row_no, {fields} FROM {self.table} OFFSET 0) s"

    def _copy(self, cursor) -> None:
        columns = ", ".join(f"c{i} text" for i in range(len(self.head.header)))
        cursor.execute(
            f"CREATE TEMP TABLE {self.table} (row_no bigserial, {columns}) ON COMMIT DROP"
        )
        names = ", ".join(f"c{i}" for i in range(len(self.head.header)))
        delimiter = "E'\\t'" if self.head.delimiter == "\t" else f"'{self.head.delimiter}'"
        sql = (
            f"COPY {self.table} ({names}) FROM STDIN "
            f"WITH (FORMAT csv, HEADER true, DELIMITER {delimiter}, ENCODING 'UTF8')"
        )
        self.source.seek(0)
        reader = _ProgressReader(self.source, self.size, self.report, 0.6)
        try:
            cursor.cursor.copy_expert(sql, reader, size=reader.chunk(self.size))
        except Exception as exc:  # psycopg2's DataError, BadCopyFileFormat...
            raise _copy_rejection(exc) from None

    def _resolve_names(self, cursor) -> None:
        """Each distinct metric and dimension text of the file resolved by Names (the rules
        the SQLite path uses), into a table the checks and the insert join: (field, value,
        id or NULL, problem or NULL). The values go to SQL as parameters."""
        from psycopg2.extras import execute_values

        cursor.execute(
            f"CREATE TEMP TABLE {self.names_table} (field text, value text, id bigint, "
            f"message text) ON COMMIT DROP"
        )
        for name in self.named:
            names = Names.of(name)
            cursor.execute(f"SELECT DISTINCT s.{name} FROM {self.rows} WHERE s.{name} IS NOT NULL")
            while chunk := cursor.fetchmany(BATCH_ROWS):
                resolved = [(name, value, *names.resolve(value)) for (value,) in chunk]
                with connection.cursor() as writer:
                    execute_values(
                        writer.cursor,
                        f"INSERT INTO {self.names_table} VALUES %s",
                        resolved,
                        page_size=1000,
                    )
        cursor.execute(f"CREATE INDEX ON {self.names_table} (field, value)")
        cursor.execute(f"ANALYZE {self.names_table}")

    def _joins(self) -> str:
        joins = [
            f"LEFT JOIN {self.names_table} n_{name} "
            f"ON n_{name}.field = '{name}' AND n_{name}.value = s.{name}"
            for name in self.named
        ]
        if self.col("metric"):
            joins.append("LEFT JOIN voc_metric m ON m.id = n_metric.id")
        else:
            joins.append(f"LEFT JOIN voc_metric m ON m.id = {int(self.default_metric.pk)}")
        return " ".join(joins)

    def _error_columns(self) -> list[tuple[str, str]]:
        """(column header, SQL giving the message or NULL) per mapped field."""
        checks: list[tuple[str, str]] = []
        header = self.head.header

        def quoted(value_sql: str) -> str:
            # The value as the file has it (its first 60 characters), as the SQLite path shows it.
            return f"LEFT({value_sql}, 60)"

        def control(value_sql: str, pattern: str, kind: str) -> str:
            # "<value> ~ pattern THEN <message naming the first one>", for a WHEN. PostgreSQL's
            # text holds no NUL (COPY refuses it before this), so its range starts at U+0001.
            pattern = _sql_literal(pattern.replace("\\x00", "\\x01"))
            code = (
                f"'U+' || upper(lpad(to_hex(ascii(substring({value_sql} from {pattern}))), 4, '0'))"
            )
            return (
                f"{value_sql} ~ {pattern} THEN "
                f"{message('control', code=code, kind=_sql_literal(kind))}"
            )

        def message(key: str, **parts: str) -> str:
            # MESSAGES with {value}-like parts filled by SQL expressions.
            pieces = re.split(r"(\{\w+\})", MESSAGES[key])
            sql_parts = []
            for piece in pieces:
                name = piece[1:-1] if piece.startswith("{") else None
                if name and name in parts:
                    sql_parts.append(parts[name])
                elif piece:
                    sql_parts.append(_sql_literal(piece))
            return " || ".join(sql_parts)

        metric = self.col("metric")
        if metric:
            checks.append(
                (
                    header[self.columns["metric"]],
                    f"CASE WHEN {metric} IS NULL THEN {_sql_literal(MESSAGES['missing'])} "
                    f"WHEN n_metric.message IS NOT NULL THEN n_metric.message "
                    f"WHEN m.id IS NULL THEN "
                    f"{message('unknown', what=_sql_literal('metric'), value=quoted(metric))} "
                    f"WHEN m.kind = 'operational' THEN "
                    f"{message('operational', value=quoted(metric))} END",
                )
            )
        score = self.col("score")
        off_scale = message(
            "off_scale", value=quoted(score), low="m.scale_min::text", high="m.scale_max::text"
        )
        checks.append(
            (
                header[self.columns["score"]],
                f"CASE WHEN {score} IS NULL THEN {_sql_literal(MESSAGES['missing'])} "
                f"WHEN {score} !~ {_sql_literal(NUMBER)} THEN "
                f"{message('not_a_number', value=quoted(score))} "
                f"WHEN m.id IS NULL OR m.kind = 'operational' THEN NULL "
                f"WHEN {score}::float8 < m.scale_min OR {score}::float8 > m.scale_max THEN "
                f"{off_scale} "
                f"WHEN m.whole_scores AND {score}::float8 <> trunc({score}::float8) THEN "
                f"{message('not_whole', value=quoted(score))} END",
            )
        )
        when = self.col("responded_at")
        day_ok = (
            f"(substr({when}, 9, 2) <= '28' OR substr({when}, 9, 2)::int <= extract(day from "
            f"date_trunc('month', to_date(substr({when}, 1, 7) || '-01', 'YYYY-MM-DD')) "
            f"+ interval '1 month - 1 day'))"
        )
        not_a_datetime = message(
            "not_a_datetime", value=quoted(when), hint=_sql_literal(DATETIME_HINT)
        )
        earliest, latest = program_range()
        in_range = (
            f"CASE WHEN substr({when}, 1, 10) BETWEEN {_sql_literal(earliest)} AND "
            f"{_sql_literal(latest)} THEN NULL ELSE "
            f"{message('out_of_range', value=quoted(when), earliest=_sql_literal(earliest), latest=_sql_literal(latest))} END"  # noqa: E501
        )
        # A date without an offset is refused, or read in the metric's zone when asked.
        naive = message("naive", value=quoted(when))
        if self.options.naive_in_reporting_zone:
            naive = in_range
        # Nested CASEs: SQL promises no order for AND, and the day check needs the shape first.
        checks.append(
            (
                header[self.columns["responded_at"]],
                f"CASE WHEN {when} IS NULL THEN {_sql_literal(MESSAGES['missing'])} "
                f"WHEN {when} ~ {_sql_literal(AWARE_DATETIME)} THEN "
                f"CASE WHEN {day_ok} THEN {in_range} ELSE {not_a_datetime} END "
                f"WHEN {when} ~ {_sql_literal(NAIVE_DATETIME)} THEN "
                f"CASE WHEN {day_ok} THEN {naive} "
                f"ELSE {not_a_datetime} END "
                f"ELSE {not_a_datetime} END",
            )
        )
        external = self.col("external_id")
        checks.append(
            (
                header[self.columns["external_id"]],
                f"CASE WHEN {external} IS NULL THEN {_sql_literal(MESSAGES['missing'])} "
                f"WHEN length({external}) > {EXTERNAL_ID_MAX} THEN "
                f"{_sql_literal(MESSAGES['too_long'].format(limit=EXTERNAL_ID_MAX))} "
                f"WHEN {control(external, CONTROL_IN_LINE, IN_LINE)} END",
            )
        )
        comment = self.col("comment")
        if comment:
            checks.append(
                (
                    header[self.columns["comment"]],
                    f"CASE WHEN length({comment}) > {LONG_TEXT} THEN "
                    f"{_sql_literal(MESSAGES['too_long'].format(limit=f'{LONG_TEXT:,}'))} "
                    f"WHEN {control(comment, CONTROL_IN_TEXT, IN_TEXT)} END",
                )
            )
        for name in DIMENSIONS:
            value = self.col(name)
            if value:
                checks.append(
                    (
                        header[self.columns[name]],
                        f"CASE WHEN {value} IS NOT NULL THEN n_{name}.message END",
                    )
                )
        key = self.col("customer_key")
        if key:
            checks.append(
                (
                    header[self.columns["customer_key"]],
                    f"CASE WHEN position('@' in {key}) > 0 THEN {_sql_literal(MESSAGES['email'])} "
                    f"WHEN length({key}) > {CUSTOMER_KEY_MAX} THEN "
                    f"{_sql_literal(MESSAGES['too_long'].format(limit=CUSTOMER_KEY_MAX))} "
                    f"WHEN {control(key, CONTROL_IN_LINE, IN_LINE)} END",
                )
            )
        return checks

    def _validate(self, cursor) -> ImportResult:
        checks = self._error_columns()
        joins = self._joins()
        counted = " + ".join(f"(({sql}) IS NOT NULL)::int" for _, sql in checks)
        external = self.col("external_id")
        # One response per metric and external id, the metric as the file's text resolves.
        group_by = (
            f"COALESCE(n_metric.id::text, s.metric), {external}" if self.col("metric") else external
        )
        first = self.numbering.first - 1  # row_no counts the responses from 1
        # One scan counts the rows and their problems and keeps the numbers of the first
        # MAX_ERRORS rows with any: their messages, below, are made for those rows only (a
        # second scan evaluating every check of every row made a refusal slower than an import).
        cursor.execute(
            f"SELECT count(*), COALESCE(sum(bad), 0), "
            f"(array_agg(row_no ORDER BY row_no) FILTER (WHERE bad > 0))[1:{MAX_ERRORS}] "
            f"FROM (SELECT s.row_no, {counted} AS bad FROM {self.rows} {joins}) checked"
        )
        total, error_count, first_bad = cursor.fetchone()
        result = ImportResult(total_rows=total)
        if total == 0:
            raise ImportRejected("The file has a header but no rows.")
        errors: list[tuple[int, int, str, str]] = []
        if error_count:
            # Each check by its position; the column's name (the file's own header text) is
            # put back in Python, so no text from the file is ever part of the SQL.
            cells = ", ".join(f"({position}, {sql})" for position, (_, sql) in enumerate(checks))
            bad_rows = ",".join(str(int(row)) for row in first_bad)
            cursor.execute(
                f"SELECT s.row_no + {first}, v.position, v.message "
                f"FROM {self.rows} {joins} "
                f"CROSS JOIN LATERAL (VALUES {cells}) v(position, message) "
                f"WHERE s.row_no = ANY('{{{bad_rows}}}'::bigint[]) AND v.message IS NOT NULL "
                f"ORDER BY s.row_no, v.position LIMIT {MAX_ERRORS}"
            )
            errors = [
                (row, position, checks[position][0], text)
                for row, position, text in cursor.fetchall()
            ]
        # A duplicate external id inside the file: the rows that share it.
        metric_join = (
            f"LEFT JOIN {self.names_table} n_metric "
            f"ON n_metric.field = 'metric' AND n_metric.value = s.metric"
            if self.col("metric")
            else ""
        )
        cursor.execute(
            f"SELECT count(*) OVER (), min(s.row_no) + {first}, min({external}), "
            f"(array_agg(s.row_no + {first} ORDER BY s.row_no))[1:10], count(*) "
            f"FROM {self.rows} {metric_join} WHERE {external} IS NOT NULL "
            f"GROUP BY {group_by} HAVING count(*) > 1 "
            f"ORDER BY min(s.row_no) LIMIT {MAX_ERRORS}"
        )
        duplicates = cursor.fetchall()
        ext_column = self.head.header[self.columns["external_id"]]
        error_count += duplicates[0][0] if duplicates else 0
        for _groups, first_row, value, rows, count in duplicates:
            shown = ", ".join(str(r) for r in rows) + (" ..." if count > len(rows) else "")
            errors.append((first_row, 99, ext_column, _duplicate(value, shown, self.numbering)))
        errors.sort(key=lambda e: (e[0], e[1]))
        result.errors = [self.numbering.error(r, c, m) for r, _, c, m in errors[:MAX_ERRORS]]
        result.error_count = error_count
        return result

    def _insert(self, cursor, result: ImportResult, *, only_valid: bool) -> None:
        joins = self._joins()
        where = ""
        if only_valid:
            checks = self._error_columns()
            where = "WHERE " + " AND ".join(f"({sql}) IS NULL" for _, sql in checks)
        score = self.col("score")
        when = self.col("responded_at")

        def fk(name: str) -> str:
            return f"n_{name}.id" if self.col(name) else "NULL"

        responded_at = f"{when}::timestamptz"
        if self.options.naive_in_reporting_zone:
            responded_at = (
                f"CASE WHEN {when} ~ {_sql_literal(AWARE_DATETIME)} THEN {when}::timestamptz "
                f"ELSE {when}::timestamp AT TIME ZONE m.reporting_time_zone END"
            )

        comment = "COALESCE(s.comment, '')" if "comment" in self.columns else "''"
        key = self.col("customer_key")
        customer_key = f"COALESCE({key}, '')" if key else "''"
        cursor.execute(
            f"WITH inserted AS ("
            f"INSERT INTO voc_response (metric_id, score, responded_at, touchpoint_id, "
            f"channel_id, segment_id, business_unit_id, comment, external_id, customer_key) "
            f"SELECT m.id, {score}::float8, {responded_at}, {fk('touchpoint')}, "
            f"{fk('channel')}, {fk('segment')}, {fk('business_unit')}, {comment}, "
            f"{self.col('external_id')}, {customer_key} "
            f"FROM {self.rows} {joins} {where} "
            f"ON CONFLICT (metric_id, external_id) DO NOTHING "
            f"RETURNING metric_id, responded_at) "
            f"SELECT i.metric_id, (i.responded_at AT TIME ZONE m.reporting_time_zone)::date, "
            f"count(*) FROM inserted i JOIN voc_metric m ON m.id = i.metric_id GROUP BY 1, 2"
        )
        inserted = 0
        for metric_id, day, count in cursor.fetchall():
            result.touched.setdefault(metric_id, set()).add(day)
            inserted += count
        result.inserted = inserted
        valid_rows = result.total_rows - (0 if not only_valid else self._invalid_rows(cursor))
        result.skipped = valid_rows - inserted

    def _invalid_rows(self, cursor) -> int:
        checks = self._error_columns()
        cursor.execute(
            f"SELECT count(*) FROM {self.rows} {self._joins()} WHERE "
            + " OR ".join(f"({sql}) IS NOT NULL" for _, sql in checks)
        )
        return cursor.fetchone()[0]


def _sql_literal(text: str) -> str:
    """A SQL string literal of one of this module's own constants (a message, a pattern).
    Never for text from a file or a person: that reaches SQL as a parameter, or not at all."""
    return "'" + text.replace("'", "''") + "'"


def _duplicate(value: str, rows: str, numbering: Numbering) -> str:
    return MESSAGES["duplicate"].format(
        value=value, rows=rows, container=numbering.container, units=f"{numbering.unit}s"
    )


def _rejection(result: ImportResult, numbering: Numbering = ROWS) -> ImportRejected:
    again = "upload the file again" if numbering is ROWS else "send the records again"
    return ImportRejected(
        f"Nothing was imported: {result.error_count} problem{pluralize(result.error_count)} "
        f"in {result.total_rows} {numbering.unit}{pluralize(result.total_rows)}. "
        f"Fix {pluralize(result.error_count, 'it,them')} and {again}.",
        errors=result.errors,
        error_count=result.error_count,
    )


def _copy_rejection(exc: Exception) -> ImportRejected:
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None) or str(exc).splitlines()[0]
    context = getattr(diag, "context", None) or ""
    line = re.search(r"line (\d+)", context)
    row = int(line.group(1)) if line else None
    if "extra data after last expected column" in primary:
        text = "has more columns than the header"
    elif "missing data for column" in primary:
        text = "has fewer columns than the header"
    elif "unterminated CSV quoted field" in primary:
        text = "opens a quote that is never closed"
    else:
        text = primary
    where = f"Row {row}" if row else "The file"
    return ImportRejected(
        f"{where} {text}; nothing was imported.",
        errors=[row_error(row, "", text)],
        error_count=1,
    )


# -- SQLite (and any other database): the same rules in Python, in batches ----------------------


class _BatchImport:
    """The SQLite path (and the preview's checker). The file is read and checked once, outside
    the writing transaction, its good rows kept in a temporary table of this connection (which
    takes no lock on the database), so the job's progress commits as the rows are read; then
    one short transaction moves them into voc_response."""

    def __init__(self, source, head: FileHead, columns, default_metric, size, report, options):
        self.source, self.head, self.columns = source, head, columns
        self.default_metric, self.size, self.report = default_metric, size, report
        self.options, self.numbering = options, options.numbering
        self.names = {name: Names.of(name) for name in NAME_FIELDS if name in columns}
        self.metrics = {m.pk: m for m in Metric.objects.all()}
        self.zones = {m.pk: zoneinfo.ZoneInfo(m.reporting_time_zone) for m in self.metrics.values()}

    def rows(self) -> Iterable[tuple[int, list[str]]]:
        self.source.seek(0)
        text = io.TextIOWrapper(self.source, encoding="utf-8-sig", newline="")
        try:
            reader = csv.reader(text, delimiter=self.head.delimiter, strict=True)
            width = len(self.head.header)
            next(reader, None)
            for number, row in enumerate(reader, start=self.numbering.first):
                if not row:
                    continue  # a blank line
                if len(row) != width:
                    text_ = "more" if len(row) > width else "fewer"
                    message = f"has {text_} columns than the header"
                    raise ImportRejected(
                        f"Row {number} {message}; nothing was imported.",
                        errors=[row_error(number, "", message)],
                        error_count=1,
                    )
                yield number, row
        except csv.Error as exc:
            raise ImportRejected(
                f"Row {reader.line_num}: {exc}; nothing was imported.",
                errors=[row_error(reader.line_num, "", str(exc))],
                error_count=1,
            ) from None
        finally:
            text.detach()

    def value(self, row: list[str], name: str) -> str | None:
        index = self.columns.get(name)
        if index is None:
            return None
        return row[index].strip() or None

    def check(self, number: int, row: list[str]) -> tuple[Response | None, list[dict]]:
        header = self.head.header
        errors: list[dict] = []

        def fail(name: str, key: str, **parts: Any) -> None:
            problem(name, MESSAGES[key].format(**parts))

        def problem(name: str, message: str) -> None:
            errors.append(self.numbering.error(number, header[self.columns[name]], message))

        def named(name: str) -> int | None:
            text = self.value(row, name)
            if text is None:
                return None
            pk, message = self.names[name].resolve(text)
            if message:
                problem(name, message)
            return pk

        metric = self.default_metric
        if "metric" in self.columns:
            code = self.value(row, "metric")
            metric = self.metrics.get(named("metric")) if code else None
            if code is None:
                fail("metric", "missing")
            elif metric is not None and metric.kind == MetricKind.OPERATIONAL:
                fail("metric", "operational", value=code[:60])
                metric = None
        score_text = self.value(row, "score")
        score = None
        if score_text is None:
            fail("score", "missing")
        elif not re.match(NUMBER, score_text):
            fail("score", "not_a_number", value=score_text[:60])
        else:
            score = float(score_text)
            if metric is not None:
                if not (metric.scale_min <= score <= metric.scale_max):
                    fail(
                        "score",
                        "off_scale",
                        value=score_text[:60],
                        low=f"{metric.scale_min:g}",
                        high=f"{metric.scale_max:g}",
                    )
                elif metric.whole_scores and score != int(score):
                    fail("score", "not_whole", value=score_text[:60])
        when_text = self.value(row, "responded_at")
        when = None
        if when_text is None:
            fail("responded_at", "missing")
        else:
            when = _aware_datetime(when_text)
            if when is None:
                if not (re.match(NAIVE_DATETIME, when_text) and _calendar_ok(when_text)):
                    fail("responded_at", "not_a_datetime", value=when_text[:60], hint=DATETIME_HINT)
                elif not self.options.naive_in_reporting_zone:
                    fail("responded_at", "naive", value=when_text[:60])
                elif metric is not None:
                    when = local_datetime(when_text, self.zones[metric.pk])
            if when is not None and not in_program_range(when_text):
                earliest, latest = program_range()
                fail("responded_at", "out_of_range", value=when_text[:60], earliest=earliest,
                     latest=latest)  # fmt: skip
                when = None
        external = self.value(row, "external_id")
        if external is None:
            fail("external_id", "missing")
        elif len(external) > EXTERNAL_ID_MAX:
            fail("external_id", "too_long", limit=EXTERNAL_ID_MAX)
        elif code := control_character(external, CONTROL_IN_LINE):
            fail("external_id", "control", code=code, kind=IN_LINE)
        dims = {name: named(name) if name in self.columns else None for name in DIMENSIONS}
        key = self.value(row, "customer_key") or ""
        if "@" in key:
            fail("customer_key", "email")
        elif len(key) > CUSTOMER_KEY_MAX:
            fail("customer_key", "too_long", limit=CUSTOMER_KEY_MAX)
        elif code := control_character(key, CONTROL_IN_LINE):
            fail("customer_key", "control", code=code, kind=IN_LINE)
        comment = row[self.columns["comment"]] if "comment" in self.columns else ""
        if len(comment) > LONG_TEXT:
            fail("comment", "too_long", limit=f"{LONG_TEXT:,}")
        elif code := control_character(comment, CONTROL_IN_TEXT):
            fail("comment", "control", code=code, kind=IN_TEXT)
        if errors:
            return None, errors
        return (
            Response(
                metric=metric,
                score=score,
                responded_at=when,
                touchpoint_id=dims["touchpoint"],
                channel_id=dims["channel"],
                segment_id=dims["segment"],
                business_unit_id=dims["business_unit"],
                comment=comment,
                external_id=external,
                customer_key=key,
            ),
            [],
        )

    def run(self, *, all_or_nothing: bool, after_insert) -> ImportResult:
        result = ImportResult()
        first_row: dict[tuple[int | str, str], int] = {}
        duplicates: dict[tuple[int | str, str], list[int]] = {}
        errors: list[dict] = []
        with _Stage() as stage:
            for number, row in self.rows():
                result.total_rows += 1
                response, row_errors = self.check(number, row)
                external = self.value(row, "external_id")
                if external is not None:
                    # One response per metric and external id, the metric as its text resolves.
                    metric_key = response.metric_id if response else self.value(row, "metric")
                    key = (metric_key or "", external)
                    if key in first_row:
                        duplicates.setdefault(key, [first_row[key]]).append(number)
                        response = None
                    else:
                        first_row[key] = number
                result.error_count += len(row_errors)
                errors.extend(row_errors[: max(0, MAX_ERRORS - len(errors))])
                if response is not None and not (all_or_nothing and result.error_count):
                    stage.add(response, self.zones[response.metric_id])
                if result.total_rows % PROGRESS_ROWS == 0:
                    fraction = self.source.tell() / max(self.size, 1)
                    self.report(SAVING_SHARE * min(1.0, fraction), result.total_rows)
            if result.total_rows == 0:
                raise ImportRejected("The file has a header but no rows.")
            self.report(SAVING_SHARE, result.total_rows)
            ext_column = self.head.header[self.columns["external_id"]]
            for (_metric, external), rows in duplicates.items():
                shown = ", ".join(str(r) for r in rows[:10]) + (" ..." if len(rows) > 10 else "")
                errors.append(
                    self.numbering.error(
                        rows[0], ext_column, _duplicate(external, shown, self.numbering)
                    )
                )
                result.error_count += 1
            unit, part = self.numbering.unit, self.numbering.part
            errors.sort(
                key=lambda e: (e[unit], e[part] == ext_column and "appears" in e["message"])
            )
            result.errors = errors[:MAX_ERRORS]
            if result.error_count and all_or_nothing:
                raise _rejection(result, self.numbering)
            with transaction.atomic():
                stage.write(result)
                if after_insert:
                    after_insert(result)
        self.report(1.0, result.total_rows)
        return result


class _Stage:
    """The checked rows of an import in a temporary table of this connection, then into
    voc_response in the caller's transaction: the rows already stored are skipped, and the
    metrics' local days of the new ones are the periods the rollup refreshes."""

    FIELDS = (
        "metric_id", "score", "responded_at", "touchpoint_id", "channel_id", "segment_id",
        "business_unit_id", "comment", "external_id", "customer_key",
    )  # fmt: skip

    def __init__(self):
        self.table = f"voc_import_stage_{int(time.time() * 1000)}_{id(self) % 10000}"
        self.batch: list[tuple] = []

    def __enter__(self) -> _Stage:
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE {self.table} ({', '.join(self.FIELDS)}, local_day, "
                f"stored integer NOT NULL DEFAULT 0)"
            )
        return self

    def __exit__(self, *exc_info) -> None:
        if connection.needs_rollback:
            return  # the enclosing transaction's rollback takes the table with it
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS temp.{self.table}")

    def add(self, response: Response, zone: zoneinfo.ZoneInfo) -> None:
        values = [getattr(response, name) for name in self.FIELDS]
        values[2] = connection.ops.adapt_datetimefield_value(response.responded_at)
        day = response.responded_at.astimezone(zone).date()
        self.batch.append((*values, day.isoformat()))
        if len(self.batch) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            marks = ", ".join(["%s"] * (len(self.FIELDS) + 1))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {self.table} ({', '.join(self.FIELDS)}, local_day) "
                    f"VALUES ({marks})",
                    self.batch,
                )
            self.batch = []

    def write(self, result: ImportResult) -> None:
        self.flush()
        fields = ", ".join(self.FIELDS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {self.table} SET stored = 1 WHERE EXISTS (SELECT 1 FROM voc_response r "
                f"WHERE r.metric_id = {self.table}.metric_id "
                f"AND r.external_id = {self.table}.external_id)"
            )
            cursor.execute(
                f"INSERT INTO voc_response ({fields}) SELECT {fields} FROM {self.table} "
                f"WHERE stored = 0 ON CONFLICT (metric_id, external_id) DO NOTHING"
            )
            result.inserted = max(cursor.rowcount, 0)
            cursor.execute(f"SELECT count(*) FROM {self.table}")
            result.skipped = cursor.fetchone()[0] - result.inserted
            cursor.execute(
                f"SELECT DISTINCT metric_id, local_day FROM {self.table} WHERE stored = 0"
            )
            for metric_id, day in cursor.fetchall():
                result.touched.setdefault(metric_id, set()).add(dt.date.fromisoformat(day))


def program_range() -> tuple[str, str]:
    """The program's date range as ISO text, compared with a date as the file writes it."""
    return EARLIEST_DATE.isoformat(), latest_date().isoformat()


def in_program_range(text: str) -> bool:
    earliest, latest = program_range()
    return earliest <= text[:10] <= latest


def control_character(text: str, pattern: str) -> str | None:
    """The first control character `pattern` finds, as U+XXXX, or None."""
    found = re.search(pattern, text)
    return f"U+{ord(found.group()):04X}" if found else None


def _calendar_ok(text: str) -> bool:
    try:
        dt.date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


def _aware_datetime(text: str) -> dt.datetime | None:
    if not re.match(AWARE_DATETIME, text) or not _calendar_ok(text):
        return None
    normal = text[:-1] + "+00:00" if text[-1] in "Zz" else text
    offset = re.search(r"[+-]([0-9]{2})(:?([0-9]{2}))?$", normal)
    if offset and not offset.group(3):
        normal += ":00"  # Python wants +HH:MM where PostgreSQL also takes +HH
    try:
        return dt.datetime.fromisoformat(normal)
    except ValueError:
        return None


# -- The browser's upload: a file checked before it is kept, and a preview of its first rows ----

PREVIEW_ROWS = 10


def inspect_file(source: IO[bytes], *, delimiter: str | None = None) -> FileHead:
    """What the upload page checks before keeping a file: its size, UTF-8 throughout, a header
    with a name for every column and none twice, and at least one row under it. Raises
    ImportRejected with a sentence a person can act on; leaves `source` at 0."""
    source.seek(0, 2)
    size = source.tell()
    source.seek(0)
    limit = settings.CXGOV_VOC_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportRejected(
            f"The file is {size / 1024**2:.1f} MB; the limit is {limit / 1024**2:.0f} MB. "
            "Split it into smaller files (re-importing a row adds nothing)."
        )
    check_utf8(source)
    head = read_head(source, delimiter=delimiter)
    text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    try:
        reader = csv.reader(text, delimiter=head.delimiter)
        next(reader, None)
        if not any(any(cell.strip() for cell in row) for row in reader):
            raise ImportRejected("The file has a header but no rows: there is nothing to import.")
    except csv.Error as exc:
        raise ImportRejected(f"Row {reader.line_num}: {exc}.") from None
    finally:
        text.detach()
        source.seek(0)
    return head


@dataclass
class PreviewCell:
    text: str
    problem: str = ""


@dataclass
class PreviewRow:
    number: int
    cells: list[PreviewCell]
    problems: list[str]  # those not tied to a mapped cell


@dataclass
class Preview:
    header: list[str]
    rows: list[PreviewRow]

    @property
    def problem_count(self) -> int:
        return sum(len(r.problems) + sum(1 for c in r.cells if c.problem) for r in self.rows)


def preview(
    source: IO[bytes],
    *,
    mapping: dict[str, str] | None,
    delimiter: str | None = None,
    default_metric: Metric | None = None,
    naive_in_reporting_zone: bool = False,
    rows: int = PREVIEW_ROWS,
) -> Preview:
    """The first rows of a file as the import would read them with this mapping, each cell
    with the problem the import would report (the same checks as the SQLite path). Raises
    ImportRejected when the mapping itself is wrong. Writes nothing."""
    head = read_head(source, delimiter=delimiter)
    columns = resolve_mapping(head.header, mapping, default_metric=default_metric)
    checker = _BatchImport(
        source,
        head,
        columns,
        default_metric,
        0,
        lambda fraction, rows=None: None,
        _Options(naive_in_reporting_zone=naive_in_reporting_zone),
    )
    shown: list[PreviewRow] = []
    for number, row in checker.rows():
        _response, errors = checker.check(number, row)
        by_column: dict[str, str] = {}
        loose = []
        for error in errors:
            if error["column"] in head.header:
                by_column.setdefault(error["column"], error["message"])
            else:
                loose.append(error["message"])
        shown.append(
            PreviewRow(
                number=number,
                cells=[
                    PreviewCell(text, by_column.get(name, ""))
                    for name, text in zip(head.header, row, strict=True)
                ],  # fmt: skip
                problems=loose,
            )
        )
        if len(shown) >= rows:
            break
    source.seek(0)
    return Preview(header=head.header, rows=shown)
