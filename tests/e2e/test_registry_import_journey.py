"""Browser journey (issue 2, item 6): the county congress staff upload an Excel sheet of
deputies with one bad row; nothing is written and the row is named with its number, column
and problem in Chinese; they correct the row and upload again, and the deputies are in the
directory — the Uyghur name in Arabic script and the Chinese one alike."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from lvzhi.registry.models import Deputy, DeputyImport, ImportStatus
from tests.registry.test_import import row, term, xlsx

from .pickers import pick

pytestmark = pytest.mark.e2e
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UYGHUR = "مۇختەر ئەھمەت"


def send(page: Any, selector: str) -> None:
    """Click and wait for the page the click leads to."""
    with page.expect_navigation():
        page.click(selector)


def upload(page: Any, url: str, data: bytes) -> None:
    page.goto(url + "/registry/imports/")
    pick(page, "id_term", term().congress.division.name, str(term().pk))
    page.set_input_files(
        "#id_file", files=[{"name": "代表名册.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    page.check("input[name=mode][value=all]")
    send(page, "main form button[type=submit]")
    page.wait_for_selector("#import-progress:not([hx-get])")


def test_import_with_a_bad_row_is_refused_then_the_corrected_file_is_imported(
    live_server: Any, signed_in: Any, seeded_transactional: None
) -> None:
    url = live_server.url
    staff = signed_in("yining")
    before = Deputy.objects.count()
    good = row(UYGHUR)
    bad = row("王建华", ethnicity="火星族")

    upload(staff, url, xlsx([good, bad]))
    progress = staff.inner_text("#import-progress")
    assert "第 3 行" in progress and "火星族" in progress
    assert DeputyImport.objects.get().status == ImportStatus.REJECTED
    assert Deputy.objects.count() == before

    upload(staff, url, xlsx([good, row("王建华", ethnicity="汉族")]))
    assert "新增代表 2 名" in staff.inner_text("#import-progress")
    assert DeputyImport.objects.latest("pk").status == ImportStatus.DONE
    assert Deputy.objects.count() == before + 2

    send(staff, "#import-progress a[href$='/registry/deputies/']")
    staff.goto(url + "/registry/deputies/?" + urlencode({"q": UYGHUR}))
    assert UYGHUR in staff.inner_text("main")
