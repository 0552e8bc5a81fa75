"""The shared rules for loose values: control characters, text limits, the program's dates."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cxgov.validators import (
    EARLIEST_DATE,
    NoControlCharacters,
    TextLimit,
    latest_date,
    program_date,
)


def message(validator, value) -> str:
    with pytest.raises(ValidationError) as refused:
        validator(value)
    return refused.value.messages[0]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\t", "\n", "\r", "\x1b", "\x7f", "\x85"])
def test_a_single_line_takes_no_control_character_at_all(char):
    assert message(NoControlCharacters("The name"), f"ab{char}") == (
        f"The name contains the control character U+{ord(char):04X} at character 3; "
        "it takes a single line of plain text."
    )


def test_multi_line_text_takes_tab_newline_and_carriage_return_only():
    validator = NoControlCharacters("The notes", multiline=True)
    validator("one\ttwo\r\nthree\n")
    assert "U+0008 at character 4" in message(validator, "one\x08")


def test_printable_unicode_is_plain_text():
    NoControlCharacters("The name")("Zoë’s café · 客户体验 ✓ \u200d")


def test_text_over_the_limit_names_the_field_and_the_limit():
    TextLimit("The minutes", 10_000)("m" * 10_000)
    assert message(TextLimit("The minutes", 10_000), "m" * 100_000) == (
        "The minutes is 100,000 characters long; the limit is 10,000."
    )


def test_program_dates_run_from_1990_to_ten_years_ahead():
    program_date(EARLIEST_DATE)
    program_date(latest_date())
    for wrong in (dt.date(1, 1, 1), EARLIEST_DATE - dt.timedelta(days=1), dt.date(9999, 12, 31)):
        assert message(program_date, wrong).startswith(f"{wrong.isoformat()} is outside")
    assert message(program_date, latest_date() + dt.timedelta(days=1)).endswith(
        f"choose a date from 1990-01-01 to {latest_date().isoformat()}."
    )


def test_the_kit_validators_compare_equal_so_migrations_stay_still():
    assert NoControlCharacters("The name") == NoControlCharacters("The name")
    assert NoControlCharacters("The name") != NoControlCharacters("The name", multiline=True)
    assert TextLimit("The notes", 10) == TextLimit("The notes", 10)
