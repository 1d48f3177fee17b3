"""Bad input at the edge (issue 11, item 4): bodies over the size limits, too many fields,
bytes that are not UTF-8 and forms sent in GBK are answered with a clear message — in Chinese,
in the API's error shape under /api/ — never with a server error."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote_from_bytes

import pytest
from django.conf import settings
from django.test import Client

from lvzhi.suggestions.models import Suggestion

from ..suggestions.helpers import BODY, term, u
from ..suggestions.test_pages import as_user

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"


def _too_big() -> bytes:
    return b"title=" + b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024)


def test_a_form_body_over_the_limit_is_answered_413_with_the_limit_in_chinese() -> None:
    response = as_user(u("deputy")).post("/suggestions/new/", _too_big(), content_type=FORM)
    assert response.status_code == 413
    text = response.content.decode()
    assert "提交的内容太大" in text and "12 MB" in text
    assert not Suggestion.objects.filter(title__startswith="xxx").exists()


def test_an_api_body_over_the_limit_gets_the_api_error_shape() -> None:
    body = json.dumps({"term_id": 1, "title": "x", "body": "x" * (13 * 1024 * 1024)})
    response = as_user(u("deputy")).post(
        "/api/v1/suggestions", body, content_type="application/json"
    )
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_large" and "提交的内容太大" in error["message"]


def test_too_many_fields_are_answered_400_with_a_message() -> None:
    body = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 10))
    response = as_user(u("deputy")).post("/suggestions/new/", body, content_type=FORM)
    assert response.status_code == 400
    assert "字段太多" in response.content.decode()


@pytest.mark.parametrize(
    "raw",
    [
        b"\xff\xfe\xfd",  # not UTF-8 at all
        "关于".encode("gbk"),  # GBK sent without saying so
        b"\xe5\x85",  # a UTF-8 sequence cut in half
        b"\xc0\xaf",  # an overlong encoding of "/"
    ],
)
def test_form_bytes_that_are_not_utf8_are_not_a_server_error(raw: bytes) -> None:
    client = as_user(u("deputy"))
    body = (
        f"term={term().pk}&category=transport&title=".encode()
        + quote_from_bytes(raw).encode()
        + b"&body="
        + quote_from_bytes(raw * 20).encode()
    )
    response = client.post("/suggestions/new/", body, content_type=FORM)
    assert response.status_code in (200, 302, 400)
    page = client.get("/suggestions/?q=" + quote_from_bytes(raw))
    assert page.status_code == 200


def test_a_form_declared_as_gbk_is_refused_with_a_message_naming_the_encoding() -> None:
    """Django reads forms in UTF-8 only, as browsers send them; a client that sends GBK and
    says so is told what to change, and nothing is stored half-decoded."""
    title = "关于改善伊宁市老旧小区供暖的建议"
    body = "&".join(
        [
            f"term={term().pk}",
            "category=urban",
            "title=" + quote_from_bytes(title.encode("gbk")),
            "body=" + quote_from_bytes(BODY.encode("gbk")),
        ]
    )
    response = as_user(u("deputy")).post(
        "/suggestions/new/", body, content_type=f"{FORM}; charset=gbk"
    )
    assert response.status_code == 400
    assert "gbk" in response.content.decode() and "UTF-8" in response.content.decode()
    assert not Suggestion.objects.filter(title=title).exists()


def test_an_unknown_charset_is_not_a_server_error() -> None:
    # ``generic`` sends the bytes as they are (the test client's ``post`` would encode them).
    response = as_user(u("deputy")).generic(
        "POST", "/suggestions/new/", b"title=x", content_type=f"{FORM}; charset=no-such-codec"
    )
    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"term_id": 1, "title": "\xff\xfe", "body": "x"}',
        '{"term_id": 1, "title": "关于", "body": "x"}'.encode("gbk"),
        b"\xef\xbb\xbf" + b'{"term_id": 1}',  # a BOM before the JSON
        b"\x00\x00\x00{",
    ],
)
def test_api_bodies_that_are_not_utf8_json_get_the_error_shape(raw: bytes) -> None:
    response = as_user(u("deputy")).post(
        "/api/v1/suggestions", raw, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_failed"


def test_api_query_parameters_that_are_not_utf8_are_not_a_server_error() -> None:
    response = Client().get("/api/v1/public/deputies?q=%FF%FE&page=%C0")
    assert response.status_code in (200, 400, 404)


def test_a_gbk_csv_given_to_the_excel_import_is_named_as_not_excel(login: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = "姓名,性别,民族\n木合塔尔·艾买提,男,维吾尔族\n".encode("gbk")
    response = login("yining").post(
        "/registry/imports/",
        {
            "term": term().pk,
            "file": SimpleUploadedFile("代表名册.csv", csv, content_type="text/csv"),
            "mode": "all",
        },
    )
    assert response.status_code == 400
    assert "不是 Excel" in response.content.decode()
