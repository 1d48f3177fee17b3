"""Browser journey of issue 10: the deputy opens their duty archive and adds an entry with
evidence; the staff of their electoral unit confirm it; the handbook downloads as .docx with
the confirmed entry in it — in Chinese, in a real browser, on a phone-sized screen too."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from lvzhi.core import clock
from lvzhi.records.demo import PDF
from lvzhi.records.models import DutyEntry, EntryStatus
from lvzhi.registry.models import Level, Membership

pytestmark = pytest.mark.e2e


def send(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_deputy_adds_an_entry_unit_confirms_and_the_handbook_downloads(
    live_server: Any, signed_in: Any, seeded_transactional: None, tmp_path: Path
) -> None:
    url = live_server.url
    year = clock.today().year
    seat = Membership.objects.get(
        deputy__user__username="deputy", term__congress__level=Level.PREFECTURE
    )
    evidence = tmp_path / "接待记录.pdf"
    evidence.write_bytes(PDF)

    page = signed_in("deputy", viewport=(360, 740))
    page.goto(url + "/records/")
    send(page, f"a[href='/records/{seat.pk}/{year}/']")
    assert "履职档案" in page.content() and "履职情况汇总" in page.content()
    page.select_option("#id_kind", "reception")
    page.fill("#id_on", clock.today().isoformat())
    page.fill("#id_title", "走访社区听取供暖意见")
    page.fill("#id_description", "走访居民 20 户，记录意见 4 条。")
    page.set_input_files("#id_evidence", str(evidence))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    send(page, "form[action$='/entries/'] button[type=submit]")
    assert "待所在选举单位确认" in page.content()
    entry = DutyEntry.objects.get(membership=seat, title="走访社区听取供暖意见")
    assert entry.status == EntryStatus.PENDING

    staff = signed_in("yining")
    staff.goto(url + f"/records/{seat.pk}/{year}/")
    send(staff, f"form[action='/records/entries/{entry.pk}/confirm/'] button")
    assert "履职记录已确认" in staff.content()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CONFIRMED

    with staff.expect_download() as info:
        staff.click(f"a[href='/records/{seat.pk}/{year}/handbook.docx']")
    path = info.value.path()
    from docx import Document

    doc = Document(io.BytesIO(Path(path).read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert seat.deputy.name in text
    assert "走访社区听取供暖意见" in text
