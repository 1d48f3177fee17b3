"""Excel import of deputies: row-numbered Chinese errors, all-or-nothing by default, an
explicit valid-rows mode, re-import updates by identity, and the nasty files (issue 2, item 6).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from lvzhi.core.models import AuditEvent, User
from lvzhi.registry import exports, imports
from lvzhi.registry.models import Deputy, DeputyImport, ImportMode, Membership, Term
from lvzhi.registry.spreadsheet import headers_zh

from .factories import id_number

pytestmark = pytest.mark.django_db
UNIT = "伊宁市（自治州人大代表选举单位）"


def row(name: str = "木合塔尔·艾买提", **over: Any) -> list[Any]:
    birth = over.pop("birth", dt.date(1979, 4, 2))
    values = {
        "name": name,
        "gender": "男",
        "ethnicity": "维吾尔族",
        "birth_date": birth.isoformat(),
        "id_number": id_number(birth),
        "political_status": "中共党员",
        "education": "大学本科",
        "position": "伊宁市某社区书记",
        "occupation_category": "党政领导干部",
        "is_grassroots": "是",
        "is_frontline": "否",
        "holds_leading_post": "否",
        "expertise": "基层治理、法律",
        "languages": "汉语、维吾尔语",
        "public_contact": "",
        "phone": "13899990001",
        "electoral_unit": UNIT,
        "delegation": "伊宁市代表团",
        "deputy_group": "",
        "elected_on": "2021-12-28",
    }
    values.update(over)
    return list(values.values())


def xlsx(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header or headers_zh())
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def term() -> Term:
    return Term.objects.get(congress__level="prefecture", is_current=True)


def run(
    data: bytes, mode: str = ImportMode.ALL_OR_NOTHING, actor: str = "yining"
) -> imports.ImportResult:
    return imports.run(
        actor=User.objects.get(username=actor),
        term=term(),
        fh=io.BytesIO(data),
        size=len(data),
        mode=mode,
    )


def test_valid_rows_are_imported_with_seats_and_audit_entries() -> None:
    before = Deputy.objects.count()
    result = run(
        xlsx([row("木合塔尔·艾买提"), row("张建国", ethnicity="汉族", birth=dt.date(1970, 1, 9))])
    )
    assert (result.created, result.updated, result.errors) == (2, 0, [])
    assert Deputy.objects.count() == before + 2
    d = Deputy.objects.get(name="张建国")
    m = d.memberships.get()
    assert (m.electoral_unit.name, m.delegation.name, m.level) == (
        UNIT,
        "伊宁市代表团",
        "prefecture",
    )
    assert d.name_initials == "zjg" and d.languages == ["zh", "ug"]
    assert AuditEvent.objects.filter(action="deputy.imported_created").count() == 2


def test_reimport_updates_by_identity_instead_of_duplicating() -> None:
    first = row("张建国", birth=dt.date(1970, 1, 9))
    run(xlsx([first]))
    first[7] = "伊宁市人民医院院长"
    result = run(xlsx([first]))
    assert (result.created, result.updated) == (0, 1)
    assert Deputy.objects.filter(name="张建国").count() == 1
    assert Deputy.objects.get(name="张建国").position == "伊宁市人民医院院长"
    assert Membership.objects.filter(deputy__name="张建国").count() == 1


def test_reimporting_an_export_with_masked_numbers_updates_without_duplicates() -> None:
    run(xlsx([row("张建国", birth=dt.date(1970, 1, 9))]))
    d = Deputy.objects.get(name="张建国")
    m = d.memberships.select_related("electoral_unit", "delegation", "deputy_group").get()
    exported = exports.memberships_xlsx([m])
    result = run(exported)
    assert (result.created, result.updated, result.errors) == (0, 1, [])
    d.refresh_from_db()
    assert d.id_number_hash  # the masked value did not overwrite the stored number


def test_wrong_check_digit_is_reported_by_row_and_column_in_chinese() -> None:
    bad = row("李明")
    bad[4] = bad[4][:-1] + ("0" if bad[4][-1] != "0" else "1")
    result = run(xlsx([row(), bad]))
    assert not result.written
    [error] = result.errors
    assert (error.row, error.column) == (3, "E")
    assert "校验" in error.message


def test_unknown_ethnicity_is_reported_and_nothing_is_written() -> None:
    before = Deputy.objects.count()
    result = run(xlsx([row(), row("王小明", ethnicity="火星族")]))
    assert not result.written and Deputy.objects.count() == before
    [error] = result.errors
    assert (error.row, error.column) == (3, "C")
    assert "火星族" in error.message


def test_ethnicity_may_be_written_without_the_suffix_or_as_a_code() -> None:
    result = run(
        xlsx(
            [
                row("甲", ethnicity="哈萨克", birth=dt.date(1971, 2, 2)),
                row("乙", ethnicity="17", birth=dt.date(1972, 2, 2)),
            ]
        )
    )
    assert result.errors == []
    assert set(
        Deputy.objects.filter(name__in=["甲", "乙"]).values_list("ethnicity", flat=True)
    ) == {"17"}


def test_the_same_person_twice_in_a_file_is_reported() -> None:
    same = row("张建国")
    result = run(xlsx([same, list(same)]))
    [error] = result.errors
    assert error.row == 3 and "第 2 行" in error.message


def test_empty_rows_are_skipped_silently() -> None:
    blank = [None] * len(headers_zh())
    result = run(xlsx([blank, row(), blank, ["  "] + [None] * 19]))
    assert (result.total, result.created, result.errors) == (1, 1, [])


def test_merged_cells_are_refused_with_their_location() -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(headers_zh())
    ws.append(row())
    ws.append(row("张建国", birth=dt.date(1970, 1, 9)))
    ws.merge_cells("Q2:Q3")
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(imports.FileRejected) as exc:
        run(buf.getvalue())
    assert "合并单元格" in exc.value.message and "Q2:Q3" in exc.value.message


def test_a_ten_megabyte_file_is_refused_with_the_limit() -> None:
    data = b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024)
    with pytest.raises(imports.FileRejected) as exc:
        run(data)
    assert "10.0" in exc.value.message and "8.0" in exc.value.message


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"name,gender\n\xe5\xbc\xa0,1\n", "不是 Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
        (b"PK\x03\x04broken zip", "无法打开"),
        (b"", "空"),
    ],
)
def test_files_that_are_not_xlsx_get_a_clear_message(data: bytes, fragment: str) -> None:
    with pytest.raises(imports.FileRejected) as exc:
        run(data)
    assert fragment in exc.value.message


def test_missing_required_columns_are_named() -> None:
    header = headers_zh()
    with pytest.raises(imports.FileRejected) as exc:
        run(xlsx([row()[:3]], header=header[:3]))
    assert "出生日期" in exc.value.message


def test_valid_rows_mode_imports_good_rows_and_lists_bad_ones() -> None:
    result = run(xlsx([row(), row("坏行", gender="不详的")]), mode=ImportMode.VALID_ROWS)
    assert result.written and result.created == 1 and result.skipped == 1
    assert [e.row for e in result.errors] == [3]


def test_electoral_unit_outside_the_importers_scope_is_a_row_error() -> None:
    result = run(xlsx([row(electoral_unit="察布查尔（自治州人大代表选举单位）")]))
    [error] = result.errors
    assert error.column == "Q" and "范围" in error.message


def test_upload_in_the_browser_shows_progress_and_the_result(
    login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login("yining")
    upload = SimpleUploadedFile("代表.xlsx", xlsx([row(), row("坏行", ethnicity="不存在")]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:import_start"), {"term": term().pk, "file": upload, "mode": "all"}
        )
    assert response.status_code == 302
    job = DeputyImport.objects.get()
    page = client.get(response.headers["Location"])
    body = page.content.decode()
    assert job.status == "rejected"
    assert "第 3 行" in body and "不存在" in body and "<progress" in body


def test_upload_of_a_non_xlsx_file_keeps_the_form_and_explains(login: Any) -> None:
    client = login("yining")
    upload = SimpleUploadedFile("代表.csv", b"a,b,c\n")
    response = client.post(
        reverse("registry:import_start"), {"term": term().pk, "file": upload, "mode": "all"}
    )
    assert response.status_code == 400
    assert "不是 Excel" in response.content.decode()
    assert not DeputyImport.objects.exists()


def test_template_download_has_the_headers_and_instructions(login: Any) -> None:
    response = login("yining").get(reverse("registry:import_template"))
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb.worksheets[0][1]] == headers_zh()
    assert wb.worksheets[1].title == "填写说明"


def test_command_line_import_reports_rows_and_refuses_bad_files(tmp_path: Any) -> None:
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([row("张建国", birth=dt.date(1970, 1, 9))]))
    out = io.StringIO()
    call_command("import_deputies", str(good), term=term().pk, user="yining", stdout=out)
    assert "1 created" in out.getvalue()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="Excel"):
        call_command("import_deputies", str(bad), term=term().pk, user="yining")
