"""One text-cleaning path for forms and services (issue 17 item 5): control characters the
database and .xlsx cannot hold are dropped, text is NFC, white space normalised."""

from __future__ import annotations

import pytest
from django import forms
from django.http import QueryDict

from lvzhi.core.errors import DomainError
from lvzhi.core.forms import CleanTextForm, add_refusal
from lvzhi.core.http import xml_text
from lvzhi.core.text import clean_text, one_line

DECOMPOSED = "Cafe\u0301"  # e + combining acute
COMPOSED = "Café"


def test_clean_text_drops_what_postgresql_and_xlsx_refuse_and_keeps_every_script() -> None:
    raw = "\x00  第一条\x0b 伊犁\u200d\r\n\r\nئىلى  \x1b\x7f\n\n"
    assert clean_text(raw) == "第一条 伊犁\u200d\n\nئىلى"
    assert clean_text(None) == ""
    assert clean_text(DECOMPOSED) == COMPOSED
    assert clean_text("一二三四五", 3) == "一二三"


def test_one_line_makes_every_run_of_white_space_one_space() -> None:
    assert one_line(" 伊犁河\n流域\t\x00生态 ") == "伊犁河 流域 生态"
    assert one_line(DECOMPOSED) == COMPOSED
    assert one_line(None) == ""


def test_xml_text_uses_the_same_character_class() -> None:
    assert xml_text("a\x00b\x0bc\x1fd") == "abcd"


class _Form(CleanTextForm):
    title = forms.CharField(max_length=10)
    body = forms.CharField(widget=forms.Textarea)
    password = forms.CharField(strip=False, required=False)


def test_form_accepts_a_pasted_nul_and_cleans_every_text_field() -> None:
    data = QueryDict(mutable=True)
    data.update(
        {"title": " 标题\x00 二\n", "body": "第一段\x0c\r\n第二段  ", "password": " p\x01 "}
    )
    form = _Form(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "标题 二"
    assert form.cleaned_data["body"] == "第一段\n第二段"
    assert form.cleaned_data["password"] == " p\x01 "  # a password is kept as typed


def test_form_counts_the_limit_on_the_cleaned_text() -> None:
    form = _Form(data={"title": "一二三四五六七八九十" + "\x00" * 5, "body": "x"})
    assert form.is_valid(), form.errors
    too_long = _Form(data={"title": "一二三四五六七八九十一", "body": "x"})
    assert not too_long.is_valid()
    assert "title" in too_long.errors


def test_add_refusal_puts_the_message_next_to_the_named_field_or_above() -> None:
    form = _Form(data={"title": "t", "body": "b"})
    assert form.is_valid()
    add_refusal(form, DomainError("标题已被使用。", field="title"))
    add_refusal(form, DomainError("不能保存。", field="nonexistent"))
    assert form.errors["title"] == ["标题已被使用。"]
    assert form.non_field_errors() == ["不能保存。"]


@pytest.mark.parametrize("value", ["\x00", "\x00\x00 \x0b"])
def test_a_text_of_only_control_characters_is_empty(value: str) -> None:
    form = _Form(data={"title": value, "body": "b"})
    assert not form.is_valid()
    assert "title" in form.errors  # required: answered, never a database error
