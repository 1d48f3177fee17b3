"""Identity and phone numbers: validation (GB 11643) and masking (SPEC section 2, rule 6)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from lvzhi.core.errors import ValidationFailed
from lvzhi.core.logging import MaskPersonalDataFilter
from lvzhi.core.personal import (
    id_check_character,
    mask_id_number,
    mask_in_text,
    mask_phone,
    validate_id_number,
    validate_phone,
)

VALID = "11010519491231002X"  # the example of GB 11643-1999


def test_id_number_with_correct_check_digit_is_accepted() -> None:
    assert validate_id_number(VALID) == VALID
    assert validate_id_number(" 11010519491231002x ") == VALID


def test_id_number_check_digit_follows_gb_11643() -> None:
    assert id_check_character("11010519491231002") == "X"
    assert (
        id_check_character("65400219900101123")
        == validate_id_number("65400219900101123" + id_check_character("65400219900101123"))[-1]
    )


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("110105194912310021", "check digit"),
        ("11010519491231002", "18 characters"),
        ("1101051949123100X2", "only digits"),
        ("990105194912310029", "region code"),
        ("110105194913310020", "impossible birth date"),
    ],
)
def test_id_number_errors_say_what_is_wrong(raw: str, fragment: str) -> None:
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationFailed) as exc:
        validate_id_number(raw, today=dt.date(2026, 11, 24))
    assert fragment in exc.value.message


def test_id_number_error_is_chinese_by_default() -> None:
    with pytest.raises(ValidationFailed) as exc:
        validate_id_number("110105194912310021")
    assert "校验" in exc.value.message


def test_id_number_is_masked_to_first_four_and_last_four() -> None:
    assert mask_id_number("654002199001011234") == "6540**********1234"


@pytest.mark.parametrize("raw", ["13812345678", "+86 138 1234 5678", "0999-8123456"])
def test_valid_phone_numbers_are_accepted(raw: str) -> None:
    assert validate_phone(raw)


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "电话", "138123456789"])
def test_invalid_phone_numbers_are_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed):
        validate_phone(raw)


def test_phone_is_masked_to_first_three_and_last_four() -> None:
    assert mask_phone("13812345678") == "138****5678"


def test_free_text_masks_id_and_mobile_numbers() -> None:
    text = "ID 654002199001011234 phone 13812345678 order 123"
    assert mask_in_text(text) == "ID 6540**********1234 phone 138****5678 order 123"


def test_log_records_keep_no_full_id_or_phone_number() -> None:
    record = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "looked up %s and %s",
        ("654002199001011234", "13812345678"),
        None,
    )
    MaskPersonalDataFilter().filter(record)
    assert record.getMessage() == "looked up 6540**********1234 and 138****5678"
