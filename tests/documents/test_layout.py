"""Issue 23 point 1: every Word document the platform writes has the official layout
(GB/T 9704-2012). Each document is generated as a user gets it and opened."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lvzhi.core import clock
from lvzhi.core.documents import OfficialDocument, cn_date, heading_number, text_width
from lvzhi.registry.models import Level, Membership

from . import layout

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _get(client: Any, path: str, params: dict[str, Any] | None = None) -> bytes:
    response = client.get(path, params or {})
    assert response.status_code == 200, path
    assert response["Content-Type"] == DOCX
    return response.content


def test_dates_are_written_in_full_without_leading_zeros() -> None:
    assert cn_date(dt.date(2026, 12, 7)) == "2026年12月7日"
    assert cn_date(dt.date(2026, 3, 1)) == "2026年3月1日"
    # A datetime is read in the platform's zone: 23:30 UTC is the next morning in Beijing.
    assert cn_date(dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)) == "2026年3月2日"


def test_headings_are_numbered_as_the_standard_orders_them() -> None:
    assert [heading_number(level, 2) for level in (1, 2, 3, 4)] == ["二、", "（二）", "2.", "（2）"]
    assert heading_number(1, 11) == "十一、" and heading_number(1, 20) == "二十、"
    doc = OfficialDocument(organ="测试机关")
    assert doc.heading(1, "甲") == "一、甲"
    assert doc.heading(2, "乙") == "（一）乙"
    assert doc.heading(2, "丙") == "（二）丙"
    assert doc.heading(1, "丁") == "二、丁"
    assert doc.heading(2, "戊") == "（一）戊"  # lower levels start again


def test_the_module_writes_the_layout_and_a_masthead_with_the_number() -> None:
    doc = OfficialDocument(
        organ="伊犁哈萨克自治州人大常委会办公室", masthead=True, number="伊州人常办〔2026〕1号"
    )
    doc.title("关于测试的通知")
    doc.heading(1, "总体要求")
    doc.paragraph("正文。")
    doc.table([["2026年1月5日", "会议"]], ["日期", "事项"])
    doc.signature(dt.date(2026, 1, 5))
    opened = layout.check(doc.to_bytes(), organ="伊犁哈萨克自治州人大常委会办公室", masthead=True)
    text = layout.all_text(opened)
    assert "伊州人常办〔2026〕1号" in text and "2026年1月5日" in text
    heading = next(p for p in opened.paragraphs if p.text == "一、总体要求")
    assert heading.style.name == "Heading 1"
    assert (
        heading.runs[0]._r.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "黑体"
    )


def test_a_wide_table_gets_a_landscape_page_and_a_narrow_one_fits_the_type_area() -> None:
    from docx.shared import Mm

    doc = OfficialDocument(organ="测试机关")
    doc.title("宽表")
    doc.table([["伊犁哈萨克自治州住房和城乡建设局"] + ["100"] * 9], [f"第{i}列" for i in range(10)])
    doc.paragraph("表后")
    doc.table([["甲", "1"]], ["名称", "数"])
    opened = layout.check(doc.to_bytes())
    orientations = [s.page_width > s.page_height for s in opened.sections]
    assert orientations == [False, True, False]
    wide, narrow = opened.tables
    # The unit's name column is wide enough for six characters at 12 pt at least.
    assert wide.columns[0].width >= Mm(6 * 12 * 25.4 / 72)
    assert sum(c.width for c in narrow.columns) <= Mm(156.5)
    assert text_width("伊犁") == 4 and text_width("A1") == 2


def test_suggestion_handling_report_and_circular_have_the_layout_R16_R17(login: Any) -> None:
    client = login("office")
    report = _get(client, "/suggestions/statistics/", {"format": "docx", "year": "2026"})
    layout.check(report, organ="自治州人大常委会代表工作委员会", masthead=False)
    circular = _get(client, "/suggestions/statistics/", {"format": "circular", "year": "2026"})
    layout.check(circular, organ="自治州人大常委会办公室", masthead=True)


def test_compliance_reports_of_art_68_and_73_have_the_layout(login: Any) -> None:
    client = login("office")
    for path in ("/compliance/reports/members.docx", "/compliance/reports/committees.docx"):
        layout.check(_get(client, path), organ="自治州人大常委会代表工作委员会")


def test_member_year_end_report_has_the_layout_R34(login: Any) -> None:
    from lvzhi.contacts.models import Holder

    holder = Holder.objects.get(user__username="scmember")
    response = login("scmember").post(f"/contacts/members/{holder.pk}/report/?year=2026")
    assert response.status_code == 200
    layout.check(response.content, organ=holder.organisation.name)


def test_proposals_handling_report_has_the_layout_R10(login: Any) -> None:
    from lvzhi.registry.models import Session

    session = (
        Session.objects.filter(term__congress__level=Level.PREFECTURE, term__is_current=True)
        .order_by("-number")
        .first()
    )
    assert session is not None
    data = _get(
        login("office"), "/proposals/statistics/", {"session": session.pk, "format": "docx"}
    )
    layout.check(data, organ="自治州人大常委会代表工作委员会")


def test_duty_handbook_has_the_layout_R47(login: Any) -> None:
    seat = Membership.objects.select_related("electoral_unit").get(
        deputy__user__username="deputy", term__congress__level=Level.PREFECTURE
    )
    year = clock.today().year
    data = _get(login("deputy"), f"/records/{seat.pk}/{year}/handbook.docx")
    layout.check(data, organ=seat.electoral_unit.name)


def test_library_material_of_the_demo_has_the_layout() -> None:
    from lvzhi.activities.demo import _docx

    layout.check(_docx("代表法", ("第一条 为了保证……",)))


def test_activation_letters_have_the_layout_and_dates_in_full() -> None:
    """Issue 23.5: the letters of issue 21 are written by the shared layout module."""
    from lvzhi.registry.letters import Letter, activation_letters_docx

    letter = Letter(
        name="阿依古丽·别克",
        id_number_masked="6540**********0028",
        unit="伊宁市选举单位",
        username="ayiguli12",
        code="ABCDE-FGHJK",
        url="http://127.0.0.1:8000/activate/",
        expires_on=dt.date(2027, 1, 5),
    )
    data = activation_letters_docx(
        [letter, letter], title="账号激活通知书", organ="伊宁市人大常委会"
    )
    doc = layout.check(data, organ="伊宁市人大常委会")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2027年1月5日" in text and "ABCDE-FGHJK" in text
