"""The response importer: every rule, on whichever database the suite runs on (SQLite locally,
PostgreSQL's COPY path in CI). A refused file writes nothing; re-importing adds nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from governance.models import BusinessUnit
from voc.errors import ImportRejected
from voc.models import Response
from voc.services import RECORDS, import_responses, json_records, records_to_csv

from .factories import ChannelFactory, SegmentFactory, TouchpointFactory, metric

pytestmark = pytest.mark.django_db

HEADER = "metric,score,responded_at,external_id,touchpoint,channel,segment,business_unit,comment,customer_key"


@pytest.fixture
def dimensions(db):
    TouchpointFactory(code="checkout", name="Checkout")
    ChannelFactory(code="web", name="Web")
    SegmentFactory(code="smb", name="Small business")
    BusinessUnit.objects.create(code="retail", name="Retail")


def csv_file(*rows: str, header: str = HEADER, bom: bool = False, encoding="utf-8") -> io.BytesIO:
    text = "\n".join([header, *rows]) + "\n"
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))


def good_row(n: int, *, metric_code="nps", score="9", when="2026-03-02T10:00:00+01:00", extra=""):
    return f"{metric_code},{score},{when},ext-{n},checkout,web,smb,retail,{extra},cust-{n}"


def rejected(source, **kwargs) -> ImportRejected:
    before = Response.objects.count()
    with pytest.raises(ImportRejected) as caught:
        import_responses(source=source, **kwargs)
    assert Response.objects.count() == before, "a refused import wrote rows"
    return caught.value


def test_a_clean_file_imports_every_row_with_its_dimensions(dimensions):
    result = import_responses(
        source=csv_file(
            good_row(1),
            good_row(2, metric_code="csat", score="4", when="2026-03-02T23:30:00Z"),
            'ces,6,2026-03-03 08:00:00+0100,ext-3,,,,,"two\nlines, and a comma",',
        )
    )
    assert (result.total_rows, result.inserted, result.skipped) == (3, 3, 0)
    first = Response.objects.select_related("touchpoint", "channel", "segment").get(
        external_id="ext-1"
    )
    assert first.metric.code == "nps" and first.score == 9
    assert first.responded_at == dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    assert (first.touchpoint.code, first.channel.code, first.segment.code) == (
        "checkout",
        "web",
        "smb",
    )
    assert first.business_unit.code == "retail" and first.customer_key == "cust-1"
    third = Response.objects.get(external_id="ext-3")
    assert third.comment == "two\nlines, and a comma"
    assert third.touchpoint is None and third.customer_key == ""
    assert third.responded_at == dt.datetime(2026, 3, 3, 7, 0, tzinfo=dt.UTC)


def test_touched_periods_are_the_local_days_of_inserted_responses(dimensions):
    result = import_responses(source=csv_file(good_row(1, when="2026-03-02T23:30:00-05:00")))
    # UTC is the seeded metrics' reporting zone: 23:30 at -05:00 is 04:30 UTC on the 3rd.
    assert result.touched == {metric("nps").pk: {dt.date(2026, 3, 3)}}


def test_reimporting_the_same_file_adds_nothing(dimensions):
    import_responses(source=csv_file(good_row(1), good_row(2)))
    again = import_responses(source=csv_file(good_row(1), good_row(2), good_row(3)))
    assert (again.inserted, again.skipped) == (1, 2)
    assert again.touched == {metric("nps").pk: {dt.date(2026, 3, 2)}}
    assert Response.objects.count() == 3


def test_utf8_with_a_byte_order_mark_is_read(dimensions):
    result = import_responses(source=csv_file(good_row(1, extra="Très bien"), bom=True))
    assert result.inserted == 1
    assert Response.objects.get().comment == "Très bien"


def test_semicolon_delimiter_is_sniffed_and_tab_can_be_chosen(dimensions):
    semicolons = csv_file(good_row(1).replace(",", ";"), header=HEADER.replace(",", ";"))
    assert import_responses(source=semicolons).inserted == 1
    tabs = csv_file(good_row(2).replace(",", "\t"), header=HEADER.replace(",", "\t"))
    assert import_responses(source=tabs, delimiter="\t").inserted == 1


def test_columns_are_mapped_by_the_users_mapping_and_the_metric_chosen_for_the_file():
    source = csv_file("2026-03-02T10:00:00Z,7,A1", header="When,Rating,Survey id")
    result = import_responses(
        source=source,
        mapping={"responded_at": "When", "score": "Rating", "external_id": "Survey id"},
        default_metric=metric("ces"),
    )
    assert result.inserted == 1
    assert Response.objects.get().metric.code == "ces"


def test_a_file_with_one_bad_row_writes_nothing_and_names_row_column_and_problem(dimensions):
    error = rejected(csv_file(good_row(1), good_row(2, score="11"), good_row(3)))
    assert error.error_count == 1
    assert error.errors == [{"row": 3, "column": "score", "message": "'11' is off the scale 0-10"}]


@pytest.mark.parametrize(
    "row, column, message",
    [
        (good_row(1, metric_code="nsp"), "metric", "unknown metric 'nsp'"),
        (
            good_row(1, metric_code="churn"),
            "metric",
            "metric 'churn' is operational: enter it per period, not as responses",
        ),
        (good_row(1, score="nine"), "score", "'nine' is not a number"),
        (good_row(1, score=""), "score", "missing"),
        (good_row(1, metric_code="csat", score="4.5"), "score", "'4.5' is not a whole number"),
        (good_row(1, metric_code="csat", score="0"), "score", "'0' is off the scale 1-5"),
        (
            good_row(1, when="2026-03-02 10:00"),
            "responded_at",
            "'2026-03-02 10:00' has no time zone offset (add Z or +01:00, or choose to read such "
            "dates in the metric's reporting time zone)",
        ),
        (
            good_row(1, when="2026-02-30T10:00:00Z"),
            "responded_at",
            "'2026-02-30T10:00:00Z' is not a date and time (use ISO 8601 with an offset, e.g. 2026-03-02T10:00:00+01:00)",
        ),
        (
            good_row(1, when="02/03/2026"),
            "responded_at",
            "'02/03/2026' is not a date and time (use ISO 8601 with an offset, e.g. 2026-03-02T10:00:00+01:00)",
        ),
        (good_row(1).replace("checkout", "kiosk"), "touchpoint", "unknown touchpoint 'kiosk'"),
        (good_row(1).replace("smb", "whales"), "segment", "unknown segment 'whales'"),
        (good_row(1).replace("retail", "mars"), "business_unit", "unknown business unit 'mars'"),
        (
            good_row(1).replace("cust-1", "jane@example.com"),
            "customer_key",
            "looks like an e-mail address; use a pseudonymous key, never the address",
        ),
        (good_row(1).replace("ext-1", ""), "external_id", "missing"),
        (good_row(1).replace("ext-1", "x" * 101), "external_id", "longer than 100 characters"),
    ],
)
def test_bad_values_are_refused_with_row_and_column(dimensions, row, column, message):
    error = rejected(csv_file(good_row(0), row))
    assert error.errors == [{"row": 3, "column": column, "message": message}]


def test_several_problems_on_one_row_are_all_named(dimensions):
    error = rejected(
        csv_file(good_row(1, score="x", when="yesterday").replace("checkout", "kiosk"))
    )
    assert [(e["row"], e["column"]) for e in error.errors] == [
        (2, "score"),
        (2, "responded_at"),
        (2, "touchpoint"),
    ]
    assert error.error_count == 3


def test_only_the_first_100_errors_are_listed_with_the_total_count(dimensions):
    rows = [good_row(i, score="12") for i in range(150)]
    error = rejected(csv_file(*rows))
    assert error.error_count == 150
    assert len(error.errors) == 100
    assert error.errors[0]["row"] == 2 and error.errors[-1]["row"] == 101
    assert "150 problems in 150 rows" in error.message


def test_one_problem_in_one_row_is_counted_in_the_singular(dimensions):
    error = rejected(csv_file(good_row(1, score="12")))
    assert error.message.startswith("Nothing was imported: 1 problem in 1 row. Fix it and")


def test_a_duplicate_external_id_inside_the_file_names_its_rows(dimensions):
    error = rejected(csv_file(good_row(1), good_row(2), good_row(1), good_row(1)))
    assert error.errors == [
        {
            "row": 2,
            "column": "external_id",
            "message": "external id 'ext-1' appears more than once in this file: rows 2, 4, 5",
        }
    ]


def test_wrong_encoding_is_refused_with_where_it_breaks(dimensions):
    error = rejected(csv_file(good_row(1, extra="Très bien"), encoding="latin-1"))
    assert "not UTF-8" in error.message and "near line 2" in error.message


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The file is empty."),
        (b"  \n", "The file is empty."),
        ((HEADER + "\n").encode(), "The file has a header but no rows."),
        (b"metric,score,score,external_id\nnps,1,1,a\n", "names a column more than once: score"),
        (b"metric,score,external_id\nnps,1,a\n", "These fields need a column: responded_at."),
        (b"metric,,responded_at,external_id\n", "has no name for column 2"),
    ],
)
def test_empty_header_only_duplicate_or_missing_header_is_refused(content, message):
    error = rejected(io.BytesIO(content))
    assert message in error.message


def test_a_row_with_more_columns_than_the_header_is_refused(dimensions):
    error = rejected(csv_file(good_row(1), good_row(2) + ",surplus"))
    assert error.errors[0]["row"] == 3
    assert "more columns than the header" in error.message


def test_a_file_over_the_size_limit_is_refused(settings, dimensions):
    settings.CXGOV_VOC_IMPORT_MAX_BYTES = 100
    error = rejected(csv_file(good_row(1), good_row(2)))
    assert "the limit is" in error.message


def test_a_mapping_naming_a_missing_column_is_refused():
    error = rejected(
        csv_file("nps,9,2026-03-02T10:00:00Z,a", header="m,s,t,e"),
        mapping={"metric": "m", "score": "s", "responded_at": "t", "external_id": "id"},
    )
    assert error.message == "The file has no column 'id' (mapped to external_id)."


def test_without_all_or_nothing_the_good_rows_go_in_and_the_bad_are_reported(dimensions):
    result = import_responses(
        source=csv_file(good_row(1), good_row(2, score="11"), good_row(3)), all_or_nothing=False
    )
    assert (result.inserted, result.error_count) == (2, 1)
    assert result.errors[0]["row"] == 3
    assert set(Response.objects.values_list("external_id", flat=True)) == {"ext-1", "ext-3"}


def test_json_records_go_through_the_same_rules(dimensions):
    records = json_records(
        b'{"responses": [{"metric": "nps", "score": 10, "responded_at": "2026-03-02T10:00:00Z",'
        b' "external_id": "j-1", "touchpoint": "checkout"}, {"metric": "nps", "score": 3,'
        b' "responded_at": "2026-03-02T11:00:00Z", "external_id": "j-2"}]}'
    )
    result = import_responses(source=records_to_csv(records))
    assert result.inserted == 2
    assert Response.objects.get(external_id="j-1").touchpoint.code == "checkout"
    error = rejected(
        records_to_csv(
            [
                {
                    "metric": "nps",
                    "score": 3,
                    "external_id": "j-3",
                    "responded_at": "2026-03-02T11:00:00",
                }
            ]
        )
    )
    assert error.errors[0]["column"] == "responded_at" and error.errors[0]["row"] == 2


def test_json_that_is_not_a_list_of_records_is_refused():
    with pytest.raises(ImportRejected, match="not JSON"):
        json_records(b"{nope")
    with pytest.raises(ImportRejected, match="unknown field"):
        records_to_csv([{"metric": "nps", "mood": "happy"}])


# A header is the file's own text: quotes, semicolons and SQL in it must reach the database as
# nothing but data (the PostgreSQL path builds its checks in SQL; see voc.services.responses).
HOSTILE = [
    "score'); DROP TABLE voc_response; --",
    'when "quoted"; and ;semicolons;',
    "it's O''Brien's id",
]


def hostile_file(*rows: str) -> io.BytesIO:
    header = ",".join('"' + name.replace('"', '""') + '"' for name in HOSTILE)
    return csv_file(*rows, header=header)


MAPPING = {"score": HOSTILE[0], "responded_at": HOSTILE[1], "external_id": HOSTILE[2]}


def _database_intact() -> None:
    from django.db import connection

    assert "voc_response" in connection.introspection.table_names()


def test_a_header_of_quotes_semicolons_and_sql_imports_as_plain_names():
    result = import_responses(
        source=hostile_file("7,2026-03-02T10:00:00Z,A1"),
        mapping=MAPPING,
        default_metric=metric("ces"),
    )
    assert result.inserted == 1
    _database_intact()
    assert Response.objects.get().external_id == "A1"


def test_a_refused_row_names_a_hostile_header_exactly_and_writes_nothing():
    from django.db import connection

    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        error = rejected(
            hostile_file("7,2026-03-02T10:00:00Z,A1", "nine,2026-03-02T10:00:00Z,A2"),
            mapping=MAPPING,
            default_metric=metric("ces"),
        )
    assert error.errors == [{"row": 3, "column": HOSTILE[0], "message": "'nine' is not a number"}]
    _database_intact()
    # The file's text never became part of a statement (at most a parameter).
    assert statements
    assert not [sql for sql in statements for name in HOSTILE if name in sql]


def test_a_value_with_a_quote_is_quoted_as_it_is_in_the_file(dimensions):
    error = rejected(csv_file(good_row(0), good_row(1).replace("checkout", "o'brien")))
    assert error.errors == [
        {"row": 3, "column": "touchpoint", "message": "unknown touchpoint 'o'brien'"}
    ]


@pytest.mark.postgres
def test_on_postgresql_a_hostile_header_goes_through_copy_and_the_sql_checks():
    from django.db import connection

    assert connection.vendor == "postgresql"
    test_a_header_of_quotes_semicolons_and_sql_imports_as_plain_names()
    test_a_refused_row_names_a_hostile_header_exactly_and_writes_nothing()


# -- What people actually have: names for codes, headers of their own, dates without offsets --


def test_dimensions_and_metrics_are_named_by_code_or_name_in_any_case_and_spacing(dimensions):
    BusinessUnit.objects.create(code="private-banking", name="Private Banking")
    result = import_responses(
        source=csv_file(
            "NPS,9,2026-03-02T10:00:00Z,n-1,CHECKOUT,  web ,Small  Business,private banking,,",
            "Net Promoter Score,9,2026-03-02T10:00:00Z,n-2,check out,WEB,smb,Private-Banking,,",
        )
    )
    assert result.inserted == 2
    for stored in Response.objects.select_related(
        "touchpoint", "channel", "segment", "business_unit"
    ):
        assert stored.metric.code == "nps"
        assert (stored.touchpoint.code, stored.channel.code, stored.segment.code) == (
            "checkout", "web", "smb",
        )  # fmt: skip
        assert stored.business_unit.code == "private-banking"


def test_a_name_two_values_answer_to_is_refused_naming_both_row_and_column(dimensions):
    # "App" is one touchpoint's name and, but for case, the other's code.
    TouchpointFactory(code="app", name="Mobile app")
    TouchpointFactory(code="store-app", name="App")
    error = rejected(csv_file(good_row(1), good_row(2).replace("checkout", "APP")))
    assert error.errors == [
        {
            "row": 3,
            "column": "touchpoint",
            "message": "'APP' could be the touchpoint App (store-app) or Mobile app (app): "
            "use its code",
        }
    ]
    # Its exact code is no riddle.
    assert import_responses(source=csv_file(good_row(3).replace("checkout", "app"))).inserted == 1


def test_columns_named_as_people_name_them_are_mapped_without_a_mapping(dimensions):
    source = csv_file(
        "nps,10,2026-03-02T10:00:00Z,r-1,Checkout,Great",
        header="Survey,Rating,Response Date,Response ID,Touch point,Verbatim",
    )
    assert import_responses(source=source).inserted == 1
    stored = Response.objects.get()
    assert (stored.external_id, stored.touchpoint.code, stored.comment) == (
        "r-1",
        "checkout",
        "Great",
    )


@pytest.fixture
def paris_nps(db):
    nps = metric("nps")
    nps.reporting_time_zone = "Europe/Paris"
    nps.save(update_fields=["reporting_time_zone"])
    return nps


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        ("2026-03-02 10:00", dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)),  # winter: +01:00
        ("2026-07-01T10:00:00", dt.datetime(2026, 7, 1, 8, 0, tzinfo=dt.UTC)),  # summer: +02:00
        ("2026-03-02", dt.datetime(2026, 3, 1, 23, 0, tzinfo=dt.UTC)),  # midnight in Paris
        # 29 Mar 2026 the clocks skip 02:00-03:00: read with the offset before, +01:00.
        ("2026-03-29 02:30", dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)),
        # 25 Oct 2026 02:30 happens twice: read as the second, after the change, +01:00.
        ("2026-10-25 02:30", dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)),
    ],
)
def test_a_date_without_offset_is_read_in_the_metrics_zone_when_asked(paris_nps, local, utc):
    source = csv_file(f"nps,9,{local},z-1,,,,,,")
    assert import_responses(source=source, naive_in_reporting_zone=True).inserted == 1
    assert Response.objects.get().responded_at == utc


def test_with_the_zone_option_an_offset_still_wins_and_a_non_date_is_still_refused(paris_nps):
    result = import_responses(
        source=csv_file("nps,9,2026-03-02T10:00:00Z,z-1,,,,,,"), naive_in_reporting_zone=True
    )
    assert result.inserted == 1
    assert Response.objects.get().responded_at == dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
    error = rejected(
        csv_file("nps,9,2026-02-30 10:00,z-2,,,,,,", "nps,9,02/03/2026,z-3,,,,,,"),
        naive_in_reporting_zone=True,
    )
    assert [(e["row"], e["column"]) for e in error.errors] == [
        (2, "responded_at"), (3, "responded_at"),
    ]  # fmt: skip
    assert "is not a date and time" in error.errors[0]["message"]


def test_json_problems_are_numbered_by_record_and_named_by_field(dimensions):
    records = [
        {"metric": "nps", "score": 9, "responded_at": "2026-03-02T10:00:00Z", "external_id": "a"},
        {"metric": "nps", "score": 11, "responded_at": "2026-03-02T10:00:00Z", "external_id": "b"},
        {"metric": "nps", "score": 9, "responded_at": "2026-03-02T10:00:00Z", "external_id": "a"},
    ]
    error = rejected(records_to_csv(records), numbering=RECORDS)
    assert error.errors == [
        {"record": 1, "field": "external_id",
         "message": "external id 'a' appears more than once in this list: records 1, 3"},
        {"record": 2, "field": "score", "message": "'11' is off the scale 0-10"},
    ]  # fmt: skip
    assert error.message.startswith("Nothing was imported: 2 problems in 3 records.")
