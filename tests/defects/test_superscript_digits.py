"""A number field given '²' (a digit to str.isdigit, not to int) answers 400 or the form
again, never a 500 (found by the form fuzz test on contacts:meeting_new)."""

from __future__ import annotations

from typing import Any

import pytest

from lvzhi.core.http import int_or_none

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["²", "¹²", "٣"])
def test_int_or_none_takes_only_decimal_digits(text: str) -> None:
    assert int_or_none(text) == (3 if text == "٣" else None)


def test_the_meeting_request_form_survives_a_superscript_term(login: Any) -> None:
    response = login("deputy").post("/contacts/meetings/new/", {"term": "²"})
    assert response.status_code in (200, 400)
    assert "会见" in response.content.decode() or "约见" in response.content.decode()
