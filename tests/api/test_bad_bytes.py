"""Issue 18.8: bad bytes and sizes answer 400/413 with a clear message, never a 500: a NUL in
an API filter or JSON body (PostgreSQL refuses NUL in any string), and a body over the limit."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from lvzhi.api import services
from lvzhi.core.models import User

pytestmark = pytest.mark.django_db


def _token() -> str:
    # Every scope (issue 25.2): the calls must reach the endpoints' own parsing of the body.
    _row, raw = services.token_create(
        actor=User.objects.get(username="deputy"), name="nul", scopes=services.all_scopes()
    )
    return raw


def _error(response: Any) -> str:
    body = response.json()
    assert set(body) == {"error"}  # the API's one error shape (docs/api.md)
    return str(body["error"]["message"])


def test_a_nul_in_a_public_api_filter_is_a_400_with_a_message() -> None:
    response = Client().get("/api/v1/public/organisations?kind=%00")
    assert response.status_code == 400
    assert "空字符" in _error(response)


def test_a_nul_in_a_json_body_is_a_400_with_a_message() -> None:
    body = json.dumps({"term_id": 1, "title": "标题\u0000", "body": "内容", "category": "x"})
    response = Client().post(
        "/api/v1/suggestions",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_token()}",
    )
    assert response.status_code == 400
    assert "空字符" in _error(response)


@pytest.mark.parametrize("path", ["/api/v1/suggestions", "/login/"])
def test_a_body_over_the_limit_is_a_413(path: str) -> None:
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    api = "api" in path
    response = Client().generic(
        "POST",
        path,
        b"x" * size,
        content_type="application/json" if api else "application/x-www-form-urlencoded",
        **({"HTTP_AUTHORIZATION": f"Bearer {_token()}"} if api else {}),
    )
    assert response.status_code == 413
    text = _error(response) if api else response.content.decode()
    assert "MB" in text and "太大" in text


@hsettings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(
        [
            "/api/v1/public/organisations",
            "/api/v1/public/deputies",
            "/api/v1/public/suggestions",
        ]
    ),
    key=st.sampled_from(["kind", "q", "level", "page", "x"]),
    value=st.text(max_size=8).map(lambda t: t + "\x00"),
)
def test_no_public_filter_with_a_nul_answers_a_server_error(
    path: str, key: str, value: str
) -> None:
    response = Client().get(path, {key: value})
    assert response.status_code == 400, (path, key, value)
    assert "空字符" in _error(response)


def test_every_operation_of_the_openapi_document_refuses_nul_and_oversized_bodies() -> None:
    """Every operation the API declares, with a NUL in each query parameter, a NUL in a JSON
    body and a body over the limit: 400/413 in the one error shape, never a 500."""
    schema = Client().get("/api/v1/openapi.json").json()
    token = _token()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    checked = 0
    for path, operations in schema["paths"].items():
        url = re.sub(r"\{[^}]+\}", "1", path)
        for method, operation in operations.items():
            params = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            client = Client(raise_request_exception=False)
            if method == "get":
                for name in params:
                    response = client.get(url, {name: "x\x00"}, **auth)
                    assert response.status_code == 400, (path, name)
                    assert "空字符" in _error(response)
                    checked += 1
                continue
            body = json.dumps({"title": "\u0000", "x": "\u0000"})
            response = client.generic(method.upper(), url, body, "application/json", **auth)
            assert response.status_code == 400, (method, path)
            if "multipart/form-data" in operation.get("requestBody", {}).get("content", {}):
                # An upload (issue 25.1: the library, a group's photos): the multipart limit.
                big = b" " * (settings.REQUEST_MAX_BYTES + 1)
                ctype = "multipart/form-data; boundary=x"
            else:
                big = b"{" + b" " * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + b"}"
                ctype = "application/json"
            response = client.generic(method.upper(), url, big, ctype, **auth)
            if "requestBody" not in operation:
                # An action that takes no body never reads one (issue 25.1's check-in, close …):
                # it answers as without it, in the document's terms, never a 500.
                assert str(response.status_code) in operation["responses"], (method, path)
                checked += 2
                continue
            assert response.status_code == 413, (method, path)
            assert "太大" in _error(response)
            checked += 2
    assert checked > 20
