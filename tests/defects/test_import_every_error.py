"""Issue 28, point 1: the import reports every error of every row, and the template's help
for the birth date is help, not an error message."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from lvzhi.registry import exports

from ..registry.test_import import row, run, xlsx

pytestmark = pytest.mark.django_db


def test_a_row_with_three_mistakes_gets_three_errors_and_every_row_is_reported() -> None:
    bad = row("王小明", ethnicity="火星族", phone="1234", electoral_unit="")
    other = row("李明", ethnicity="月亮族")
    result = run(xlsx([bad, other]))
    assert not result.written
    by_row: dict[int, set[str]] = {}
    for e in result.errors:
        by_row.setdefault(e.row, set()).add(e.column)
    assert by_row[2] == {"C", "P", "Q"}, [e.as_dict() for e in result.errors]
    assert by_row[3] == {"C"}


def test_the_templates_help_for_the_birth_date_is_help() -> None:
    wb = load_workbook(io.BytesIO(exports.template_xlsx()))
    help_sheet = wb["填写说明"]
    texts = {str(r[0].value): str(r[1].value or "") for r in help_sheet.iter_rows(min_row=2)}
    birth = next(v for k, v in texts.items() if k.startswith("出生日期"))
    assert "格式" in birth and "不一致" not in birth
