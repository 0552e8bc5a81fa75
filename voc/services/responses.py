"""The response importer: a CSV file (or JSON records turned into one) into voc_response, all or
nothing, idempotent by (metric, external id).

On PostgreSQL the file streams through COPY into a temporary staging table of text columns,
is validated there by SQL (one scan when the file is clean), and goes into voc_response with
one INSERT ... SELECT ... ON CONFLICT DO NOTHING, so memory does not grow with the file. On
SQLite the same rules run in Python, in batches, inside one transaction. The rules (patterns,
limits and the messages a person reads) are defined once below and used by both paths; the
tests run the same bad files through each.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first response row 2.
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

from ..errors import ImportRejected
from ..models import (
    DIMENSION_MODELS,
    DimensionKind,
    Metric,
    MetricKind,
    Response,
    dimension_model,
)
from ..models.imports import IMPORT_FIELDS, REQUIRED_FIELDS
from ..models.responses import CUSTOMER_KEY_MAX, EXTERNAL_ID_MAX

MAX_ERRORS = 100
SNIFF_BYTES = 64 * 1024
CHUNK_BYTES = 1024 * 1024
DELIMITERS = ",;\t|"
BATCH_ROWS = 5000

# -- The rules, once ----------------------------------------------------------------------

NUMBER = r"^[+-]?([0-9]{1,9}(\.[0-9]{1,9})?|\.[0-9]{1,9})$"
_DATE = r"(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
_OFFSET = r"(Z|z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)"
AWARE_DATETIME = rf"^{_DATE}[T ]{_TIME}{_OFFSET}$"
NAIVE_DATETIME = rf"^{_DATE}([T ]{_TIME})?$"
DATETIME_HINT = "use ISO 8601 with an offset, e.g. 2026-03-02T10:00:00+01:00"

MESSAGES = {
    "missing": "missing",
    "unknown": "unknown {what} '{value}'",
    "operational": "metric '{value}' is operational: enter it per period, not as responses",
    "not_a_number": "'{value}' is not a number",
    "off_scale": "'{value}' is off the scale {low}-{high}",
    "not_whole": "'{value}' is not a whole number",
    "naive": "'{value}' has no time zone offset (add Z or +01:00)",
    "not_a_datetime": "'{value}' is not a date and time ({hint})",
    "too_long": "longer than {limit} characters",
    "email": "looks like an e-mail address; use a pseudonymous key, never the address",
    "duplicate": "external id '{value}' appears more than once in this file: rows {rows}",
}
# The import fields that name a dimension value by its code, and how a message names each: the
# fields are the dimension kinds (voc.models.DIMENSION_MODELS says which model holds them).
DIMENSIONS: dict[str, str] = {kind: DimensionKind(kind).label.lower() for kind in DIMENSION_MODELS}


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
    return {"row": row, "column": column, "message": message}


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
    """Field name -> column index. An empty mapping maps columns named like the fields."""
    by_name = {name.lower(): i for i, name in enumerate(header)}
    if not mapping:
        mapping = {f: header[by_name[f]] for f in IMPORT_FIELDS if f in by_name}
    unknown = sorted(set(mapping) - set(IMPORT_FIELDS))
    if unknown:
        raise ImportRejected(
            f"Unknown field(s) in the mapping: {', '.join(unknown)}. "
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

Progress = Callable[[float], None]


def import_responses(
    *,
    source: IO[bytes],
    mapping: dict[str, str] | None = None,
    delimiter: str | None = None,
    default_metric: Metric | None = None,
    all_or_nothing: bool = True,
    progress: Progress | None = None,
    after_insert: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Import a CSV byte stream. Raises ImportRejected (nothing written) when a row is wrong
    and `all_or_nothing`; otherwise skips wrong rows and reports them in the result.
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
    report = progress or (lambda fraction: None)
    if connection.vendor == "postgresql":
        importer = _PostgresImport(source, head, columns, default_metric, size, report)
    else:
        importer = _BatchImport(source, head, columns, default_metric, size, report)
    return importer.run(all_or_nothing=all_or_nothing, after_insert=after_insert)


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
            raise ImportRejected(f"Record {index} has unknown field(s): {', '.join(unknown)}.")
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
    """A file wrapper that tells how far COPY has read."""

    def __init__(self, source: IO[bytes], size: int, report: Progress, share: float):
        self.source, self.size, self.report, self.share = source, max(size, 1), report, share
        self.done = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self.source.read(n)
        self.done += len(data)
        self.report(self.share * self.done / self.size)
        return data


class _PostgresImport:
    def __init__(self, source, head: FileHead, columns, default_metric, size, report):
        self.source, self.head, self.columns = source, head, columns
        self.default_metric, self.size, self.report = default_metric, size, report
        self.table = f"voc_import_{int(time.time() * 1000)}_{id(self) % 10000}"

    def run(self, *, all_or_nothing: bool, after_insert) -> ImportResult:
        # One transaction from COPY to the last insert: the staging table goes with it
        # (ON COMMIT DROP), and a refusal or a killed worker leaves nothing behind.
        with transaction.atomic(), connection.cursor() as cursor:
            # Room to hash the file's external ids for the duplicate check without spilling.
            cursor.execute("SET LOCAL work_mem = '256MB'")
            self._copy(cursor)
            self.report(0.6)
            result = self._validate(cursor)
            self.report(0.75)
            if result.error_count and all_or_nothing:
                raise _rejection(result)
            self._insert(cursor, result, only_valid=bool(result.error_count))
            if after_insert:
                after_insert(result)
        self.report(1.0)
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
            cursor.cursor.copy_expert(sql, reader, size=CHUNK_BYTES)
        except Exception as exc:  # psycopg2's DataError, BadCopyFileFormat...
            raise _copy_rejection(exc) from None

    def _joins(self) -> str:
        joins = []
        metric = self.col("metric")
        if metric:
            joins.append(f"LEFT JOIN voc_metric m ON m.code = {metric}")
        else:
            joins.append(f"LEFT JOIN voc_metric m ON m.id = {int(self.default_metric.pk)}")
        for name in DIMENSIONS:
            table = dimension_model(name)._meta.db_table
            if self.col(name):
                joins.append(f"LEFT JOIN {table} d_{name} ON d_{name}.code = {self.col(name)}")
        return " ".join(joins)

    def _error_columns(self) -> list[tuple[str, str]]:
        """(column header, SQL giving the message or NULL) per mapped field."""
        checks: list[tuple[str, str]] = []
        header = self.head.header

        def quoted(value_sql: str) -> str:
            # The value as the file has it (its first 60 characters), as the SQLite path shows it.
            return f"LEFT({value_sql}, 60)"

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
        # Nested CASEs: SQL promises no order for AND, and the day check needs the shape first.
        checks.append(
            (
                header[self.columns["responded_at"]],
                f"CASE WHEN {when} IS NULL THEN {_sql_literal(MESSAGES['missing'])} "
                f"WHEN {when} ~ {_sql_literal(AWARE_DATETIME)} THEN "
                f"CASE WHEN {day_ok} THEN NULL ELSE {not_a_datetime} END "
                f"WHEN {when} ~ {_sql_literal(NAIVE_DATETIME)} THEN "
                f"CASE WHEN {day_ok} THEN {message('naive', value=quoted(when))} "
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
                f"{_sql_literal(MESSAGES['too_long'].format(limit=EXTERNAL_ID_MAX))} END",
            )
        )
        for name, what in DIMENSIONS.items():
            value = self.col(name)
            if value:
                checks.append(
                    (
                        header[self.columns[name]],
                        f"CASE WHEN {value} IS NOT NULL AND d_{name}.id IS NULL THEN "
                        f"{message('unknown', what=_sql_literal(what), value=quoted(value))} END",
                    )
                )
        key = self.col("customer_key")
        if key:
            checks.append(
                (
                    header[self.columns["customer_key"]],
                    f"CASE WHEN position('@' in {key}) > 0 THEN {_sql_literal(MESSAGES['email'])} "
                    f"WHEN length({key}) > {CUSTOMER_KEY_MAX} THEN "
                    f"{_sql_literal(MESSAGES['too_long'].format(limit=CUSTOMER_KEY_MAX))} END",
                )
            )
        return checks

    def _validate(self, cursor) -> ImportResult:
        checks = self._error_columns()
        joins = self._joins()
        counted = " + ".join(f"(({sql}) IS NOT NULL)::int" for _, sql in checks)
        external = self.col("external_id")
        group_by = f"{self.col('metric')}, {external}" if self.col("metric") else external
        cursor.execute(f"SELECT count(*), COALESCE(sum({counted}), 0) FROM {self.rows} {joins}")
        total, error_count = cursor.fetchone()
        result = ImportResult(total_rows=total)
        if total == 0:
            raise ImportRejected("The file has a header but no rows.")
        errors: list[tuple[int, int, str, str]] = []
        if error_count:
            # Each check by its position; the column's name (the file's own header text) is
            # put back in Python, so no text from the file is ever part of the SQL.
            cells = ", ".join(f"({position}, {sql})" for position, (_, sql) in enumerate(checks))
            cursor.execute(
                f"SELECT s.row_no + 1, v.position, v.message "
                f"FROM {self.rows} {joins} "
                f"CROSS JOIN LATERAL (VALUES {cells}) v(position, message) "
                f"WHERE v.message IS NOT NULL ORDER BY s.row_no, v.position LIMIT {MAX_ERRORS}"
            )
            errors = [
                (row, position, checks[position][0], text)
                for row, position, text in cursor.fetchall()
            ]
        # A duplicate external id inside the file: the rows that share it.
        cursor.execute(
            f"SELECT count(*) OVER (), min(s.row_no) + 1, {external}, "
            f"(array_agg(s.row_no + 1 ORDER BY s.row_no))[1:10], count(*) "
            f"FROM {self.rows} WHERE {external} IS NOT NULL "
            f"GROUP BY {group_by} HAVING count(*) > 1 "
            f"ORDER BY min(s.row_no) LIMIT {MAX_ERRORS}"
        )
        duplicates = cursor.fetchall()
        ext_column = self.head.header[self.columns["external_id"]]
        error_count += duplicates[0][0] if duplicates else 0
        for _groups, first_row, value, rows, count in duplicates:
            shown = ", ".join(str(r) for r in rows) + (" ..." if count > len(rows) else "")
            errors.append(
                (first_row, 99, ext_column, MESSAGES["duplicate"].format(value=value, rows=shown))
            )
        errors.sort(key=lambda e: (e[0], e[1]))
        result.errors = [row_error(r, c, m) for r, _, c, m in errors[:MAX_ERRORS]]
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
            return f"d_{name}.id" if self.col(name) else "NULL"

        comment = "COALESCE(s.comment, '')" if "comment" in self.columns else "''"
        key = self.col("customer_key")
        customer_key = f"COALESCE({key}, '')" if key else "''"
        cursor.execute(
            f"WITH inserted AS ("
            f"INSERT INTO voc_response (metric_id, score, responded_at, touchpoint_id, "
            f"channel_id, segment_id, business_unit_id, comment, external_id, customer_key) "
            f"SELECT m.id, {score}::float8, {when}::timestamptz, {fk('touchpoint')}, "
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


def _rejection(result: ImportResult) -> ImportRejected:
    return ImportRejected(
        f"Nothing was imported: {result.error_count} problem(s) in {result.total_rows} rows. "
        "Fix them and upload the file again.",
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
    def __init__(self, source, head: FileHead, columns, default_metric, size, report):
        self.source, self.head, self.columns = source, head, columns
        self.default_metric, self.size, self.report = default_metric, size, report
        self.lookup: dict[str, dict[str, Any]] = {
            name: dict(dimension_model(name).objects.values_list("code", "pk"))
            for name in DIMENSIONS
        }
        self.metrics = {m.code: m for m in Metric.objects.all()}
        self.zones = {m.pk: zoneinfo.ZoneInfo(m.reporting_time_zone) for m in self.metrics.values()}

    def rows(self) -> Iterable[tuple[int, list[str]]]:
        self.source.seek(0)
        text = io.TextIOWrapper(self.source, encoding="utf-8-sig", newline="")
        try:
            reader = csv.reader(text, delimiter=self.head.delimiter, strict=True)
            width = len(self.head.header)
            next(reader, None)
            for number, row in enumerate(reader, start=2):
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
            errors.append(
                row_error(number, header[self.columns[name]], MESSAGES[key].format(**parts))
            )

        metric = self.default_metric
        if "metric" in self.columns:
            code = self.value(row, "metric")
            metric = self.metrics.get(code) if code else None
            if code is None:
                fail("metric", "missing")
            elif metric is None:
                fail("metric", "unknown", what="metric", value=code[:60])
            elif metric.kind == MetricKind.OPERATIONAL:
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
                if re.match(NAIVE_DATETIME, when_text) and _calendar_ok(when_text):
                    fail("responded_at", "naive", value=when_text[:60])
                else:
                    fail("responded_at", "not_a_datetime", value=when_text[:60], hint=DATETIME_HINT)
        external = self.value(row, "external_id")
        if external is None:
            fail("external_id", "missing")
        elif len(external) > EXTERNAL_ID_MAX:
            fail("external_id", "too_long", limit=EXTERNAL_ID_MAX)
        dims: dict[str, int | None] = {}
        for name, what in DIMENSIONS.items():
            code = self.value(row, name)
            dims[name] = self.lookup[name].get(code) if code else None
            if code and dims[name] is None:
                fail(name, "unknown", what=what, value=code[:60])
        key = self.value(row, "customer_key") or ""
        if "@" in key:
            fail("customer_key", "email")
        elif len(key) > CUSTOMER_KEY_MAX:
            fail("customer_key", "too_long", limit=CUSTOMER_KEY_MAX)
        if errors:
            return None, errors
        comment = row[self.columns["comment"]] if "comment" in self.columns else ""
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
        with transaction.atomic():
            batch: list[Response] = []
            for number, row in self.rows():
                result.total_rows += 1
                response, row_errors = self.check(number, row)
                metric_key = self.value(row, "metric") or ""
                external = self.value(row, "external_id")
                if external is not None:
                    key = (metric_key, external)
                    if key in first_row:
                        duplicates.setdefault(key, [first_row[key]]).append(number)
                        response = None
                    else:
                        first_row[key] = number
                result.error_count += len(row_errors)
                errors.extend(row_errors[: max(0, MAX_ERRORS - len(errors))])
                if response is not None and not (all_or_nothing and result.error_count):
                    batch.append(response)
                if len(batch) >= BATCH_ROWS:
                    self._write(batch, result)
                    batch = []
                    self.report(min(0.95, self.source.tell() / max(self.size, 1)))
            if result.total_rows == 0:
                raise ImportRejected("The file has a header but no rows.")
            ext_column = self.head.header[self.columns["external_id"]]
            for (_metric, external), rows in duplicates.items():
                shown = ", ".join(str(r) for r in rows[:10]) + (" ..." if len(rows) > 10 else "")
                errors.append(
                    row_error(
                        rows[0],
                        ext_column,
                        MESSAGES["duplicate"].format(value=external, rows=shown),
                    )
                )
                result.error_count += 1
            errors.sort(
                key=lambda e: (e["row"], e["column"] == ext_column and "appears" in e["message"])
            )
            result.errors = errors[:MAX_ERRORS]
            if result.error_count and all_or_nothing:
                raise _rejection(result)
            self._write(batch, result)
            if after_insert:
                after_insert(result)
        self.report(1.0)
        return result

    def _write(self, batch: list[Response], result: ImportResult) -> None:
        if not batch:
            return
        by_metric: dict[int, list[str]] = {}
        for response in batch:
            by_metric.setdefault(response.metric_id, []).append(response.external_id)
        existing = set()
        for metric_id, ids in by_metric.items():
            existing.update(
                (metric_id, e)
                for e in Response.objects.filter(metric_id=metric_id, external_id__in=ids)
                .values_list("external_id", flat=True)
                .iterator()
            )
        new = [r for r in batch if (r.metric_id, r.external_id) not in existing]
        Response.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
        result.inserted += len(new)
        result.skipped += len(batch) - len(new)
        for response in new:
            day = response.responded_at.astimezone(self.zones[response.metric_id]).date()
            result.touched.setdefault(response.metric_id, set()).add(day)


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
    rows: int = PREVIEW_ROWS,
) -> Preview:
    """The first rows of a file as the import would read them with this mapping, each cell
    with the problem the import would report (the same checks as the SQLite path). Raises
    ImportRejected when the mapping itself is wrong. Writes nothing."""
    head = read_head(source, delimiter=delimiter)
    columns = resolve_mapping(head.header, mapping, default_metric=default_metric)
    checker = _BatchImport(source, head, columns, default_metric, 0, lambda fraction: None)
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
