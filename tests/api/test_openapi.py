"""The OpenAPI page documents everything, in Chinese (issue 9, item 3 and "done means"):
every operation has a Chinese summary and description, every parameter and every answer a
Chinese description, and the error answers each operation can give are declared."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


def spec() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    return data


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [(m.upper(), p, op) for p, ops in spec()["paths"].items() for m, op in ops.items()]


def test_every_operation_has_a_chinese_summary_and_description() -> None:
    ops = operations()
    assert len(ops) >= 14
    missing = [
        f"{m} {p}"
        for m, p, op in ops
        if not CJK.search(op.get("summary", "")) or not CJK.search(op.get("description", ""))
    ]
    assert missing == []


def test_every_parameter_and_body_field_is_described_in_chinese() -> None:
    data = spec()
    missing = []
    for m, p, op in operations():
        for param in op.get("parameters", []):
            text = param.get("description") or param.get("schema", {}).get("description", "")
            if not CJK.search(text):
                missing.append(f"{m} {p}: {param['name']}")
    for name, schema in data["components"]["schemas"].items():
        if not name.endswith("In"):
            continue
        for field, prop in schema.get("properties", {}).items():
            if not CJK.search(prop.get("description", "")):
                missing.append(f"{name}.{field}")
    assert missing == []


def test_every_operation_declares_the_errors_it_can_answer_in_the_one_error_shape() -> None:
    """Bad input → 400 wherever there is input; 404 wherever an id is in the path; 401 and 403
    wherever a token or session is needed. Every answer is described in Chinese."""
    problems = []
    for m, p, op in operations():
        codes = {int(c) for c in op["responses"]}
        has_input = bool(op.get("parameters")) or "requestBody" in op
        needed = set()
        if has_input:
            needed.add(400)
        if "{" in p:
            needed.add(404)
        if op.get("security"):
            needed |= {401, 403}
        if needed - codes:
            problems.append(f"{m} {p}: missing {sorted(needed - codes)}")
        for code, answer in op["responses"].items():
            if not CJK.search(answer.get("description", "")):
                problems.append(f"{m} {p} {code}: description {answer.get('description')!r}")
            if int(code) >= 400:
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                if not ref.endswith("/ErrorResponse"):
                    problems.append(f"{m} {p} {code}: {ref}")
    assert problems == []


def test_the_interactive_documentation_page_opens_and_lists_the_document() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "openapi.json" in html
    assert "//cdn" not in html and "unpkg" not in html  # served by the platform itself
