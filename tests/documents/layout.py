"""Opens a generated .docx and checks the official-document layout (GB/T 9704-2012) that
``lvzhi.core.documents`` promises: page size and margins, fonts named for East Asian text and
their sizes, the red masthead when asked, page-number fields in odd and even footers, dates
written in full, the author."""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
LEADING_ZERO = re.compile(r"\d{4}年0\d月|月0\d日")
OFFICIAL_FONTS = {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"}


def _near(a: int, b: int) -> bool:
    return abs(a - b) <= Mm(0.5)


def all_text(doc: Any) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    for section in doc.sections:
        for footer in (section.footer, section.even_page_footer):
            parts.extend(p.text for p in footer.paragraphs)
    return "\n".join(parts)


def _runs(doc: Any) -> list[Any]:
    runs = [r for p in doc.paragraphs for r in p.runs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                runs.extend(r for p in cell.paragraphs for r in p.runs)
    return runs


def check(data: bytes, *, organ: str | None = None, masthead: bool = False) -> Any:
    """Assert the layout; return the opened document for further checks."""
    doc = Document(io.BytesIO(data))
    # Page: A4, margins top 37 / left 28 (type area 156 × 225 mm); landscape pages for wide
    # tables turn the same type area.
    for section in doc.sections:
        if section.page_width < section.page_height:
            assert _near(section.page_width, Mm(210)) and _near(section.page_height, Mm(297))
            assert _near(section.top_margin, Mm(37)) and _near(section.left_margin, Mm(28))
            assert _near(section.page_width - section.left_margin - section.right_margin, Mm(156))
            assert _near(section.page_height - section.top_margin - section.bottom_margin, Mm(225))
        else:
            assert _near(section.page_width, Mm(297)) and _near(section.page_height, Mm(210))
            assert _near(section.page_width - section.left_margin - section.right_margin, Mm(225))
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid is not None and grid.get(qn("w:linePitch")) == "579"  # 22 lines
    # Fonts: every run with text names an official font for East Asian text (and ASCII), at a
    # size; the body is 3号 (16 pt) 仿宋_GB2312, the title 2号 (22 pt) 方正小标宋简体.
    runs = [r for r in _runs(doc) if r.text.strip()]
    assert runs
    for r in runs:
        fonts = r._r.rPr.find(qn("w:rFonts"))
        assert fonts is not None, r.text
        assert fonts.get(qn("w:eastAsia")) in OFFICIAL_FONTS, r.text
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:eastAsia")), r.text
        assert fonts.get(qn("w:eastAsiaTheme")) is None
        assert r.font.size is not None, r.text
    sizes = {(r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")), r.font.size.pt) for r in runs}
    assert ("仿宋_GB2312", 16.0) in sizes
    assert ("方正小标宋简体", 22.0) in sizes
    body = [p for p in doc.paragraphs if p.style.name == "Normal" and p.text.strip()]
    assert body
    # No heading in Word's blue.
    for level in (1, 2, 3, 4):
        color = doc.styles[f"Heading {level}"].font.color
        assert color.rgb is None or str(color.rgb) == "000000"
    # Masthead: the organ's mark in red and the red separator line.
    red = [r for r in runs if r.font.color is not None and str(r.font.color.rgb) == "FF0000"]
    borders = [
        b
        for p in doc.paragraphs
        if p._p.pPr is not None
        for b in p._p.pPr.iter(qn("w:bottom"))
        if b.get(qn("w:color")) == "FF0000"
    ]
    if masthead:
        assert red and borders, "red masthead expected"
    else:
        assert not red and not borders, "no masthead on a working report"
    # Page numbers: PAGE fields in both footers, odd on the right, even on the left, 14 pt.
    assert doc.settings.odd_and_even_pages_header_footer
    for section in doc.sections[:1]:
        for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
            p = footer.paragraphs[0]
            instr = "".join(t.text for t in p._p.iter(qn("w:instrText")))
            assert instr.strip() == "PAGE"
            assert p.alignment is not None and p.alignment.name.lower() == align
            assert p.text.startswith("— ") and p.text.endswith(" —")
            assert {r.font.size.pt for r in p.runs} == {14.0}
    # Dates in full, never ISO, no leading zeros.
    text = all_text(doc)
    assert not ISO_DATE.search(text), ISO_DATE.search(text)
    assert not LEADING_ZERO.search(text)
    # Author: the organ, never the library.
    assert doc.core_properties.author and doc.core_properties.author != "python-docx"
    assert "python-docx" not in (doc.core_properties.comments or "")
    if organ is not None:
        assert doc.core_properties.author == organ
    return doc
