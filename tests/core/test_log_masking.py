"""Logs keep no full ID or phone numbers (issue 11, item 3; SPEC rule 6, MLPS 2.0): the output
of the configured log handler is captured while requests carrying a deputy's ID number and a
citizen's phone number are answered, refused and fail — and neither number appears in full,
not even in a traceback."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from lvzhi.core.logging import MaskPersonalDataFilter

from ..registry.factories import id_number

pytestmark = pytest.mark.django_db
PHONE = "13899990123"


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What the handlers configured in settings.LOGGING write (pytest's own capture aside)."""
    configured = [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler)
        and any(isinstance(f, MaskPersonalDataFilter) for f in h.filters)
    ]
    assert configured, "settings.LOGGING has no masking handler on the root logger"
    buffer = io.StringIO()
    old = [h.setStream(buffer) for h in configured]
    try:
        yield buffer
    finally:
        for h, stream in zip(configured, old, strict=True):
            h.setStream(stream)


def test_requests_with_id_and_phone_numbers_leave_only_masked_numbers_in_the_log(
    log_output: io.StringIO, login: Any, password: str
) -> None:
    import datetime as dt

    number = id_number(dt.date(1980, 5, 17))
    staff = login("yining")
    # Not found: Django logs the path, which holds the numbers.
    assert staff.get(f"/registry/deputies/{number[:17]}1/").status_code == 404
    assert staff.get(f"/stations/opinions/{PHONE}/").status_code == 404
    assert Client().get(f"/api/v1/registry/deputies/{PHONE}").status_code == 401
    # Refused: a deputy form carrying both numbers, with one field wrong.
    refused = staff.post(
        "/registry/deputies/new/",
        {"name": "", "id_number": number, "phone": PHONE, "gender": "x"},
    )
    assert refused.status_code == 400
    # A failed sign-in with a phone number as the user name.
    Client().post("/login/", {"username": PHONE, "password": password + "x"})
    # A failure whose exception text holds both numbers, logged with its traceback.
    try:
        raise LookupError(f"no deputy with ID {number} and phone {PHONE}")
    except LookupError:
        logging.getLogger("lvzhi.registry").exception("deputy %s not found", number)

    written = log_output.getvalue()
    assert "Not Found" in written and "Traceback" in written and "LookupError" in written
    assert number not in written and number[:17] not in written
    assert PHONE not in written
    assert f"{number[:4]}**********" in written and "138****0123" in written
