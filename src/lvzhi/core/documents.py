"""The one writer of Word documents: the layout of official documents (党政机关公文格式,
GB/T 9704-2012) as the offices expect it.

Every .docx the platform writes is built here, so a report, a circular, a handbook and a
certificate look alike and nobody sets a margin or a font by hand elsewhere::

    doc = OfficialDocument(organ="伊犁哈萨克自治州人大常委会办公室", masthead=True,
                           number="伊州人常办证〔2026〕3号")
    doc.title("关于……的证明")
    doc.paragraph("……")                      # body: 3号仿宋, first line indented two characters
    doc.heading(1, "基本情况")               # "一、基本情况" in 黑体; level 2 "（一）" 楷体,
                                             # level 3 "1." 仿宋 bold, level 4 "（1）" 仿宋
    doc.table(rows, header=["日期", "事项"])  # widths from content; landscape when too wide
    doc.signature(date)                      # the organ and the date, right-aligned
    data = doc.to_bytes()                    # or doc.save(stream)

What the layout holds (GB/T 9704-2012, sections 5 and 7):

- A4 (210 × 297 mm); margins top 37 mm, left 28 mm, right 26 mm, bottom 35 mm, so the type area
  is 156 × 225 mm; 22 lines of 28 characters (a line and character grid).
- Title 2号 (22 pt) 方正小标宋简体, centred; body 3号 (16 pt) 仿宋_GB2312, justified. Every run
  names its font for ASCII, East Asian and complex scripts alike, so Word never falls back to a
  theme font (宋体/Calibri). Each official font has named fallbacks (``FALLBACKS``), written
  into the font table (``w:altName``) for Word, and mapped to the free fonts Debian installs
  for LibreOffice (``core/data/fonts.conf``, docs/deployment.md).
- The red masthead (发文机关标志 and the red separator line) for what the Standing Committee or
  its office issues (``masthead=True``); working reports go without it. The document number
  (文号) sits above the red line when there is one.
- Page numbers "— 1 —" in 4号 半角宋体 (14 pt): odd pages on the right, even pages on the left,
  one character in from the edge (PAGE fields in the odd and even footers).
- Dates written in full with Arabic numerals, without leading zeros: ``cn_date`` gives
  "2026年12月7日"; never "2026-12-07" in a document.
- Tables fit the type area: column widths from the length of their content; a table whose
  columns cannot fit 156 mm goes on a landscape page of its own (225 mm wide).
- The core properties name the issuing organ as author (not "python-docx").
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import get_language_bidi
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from lvzhi.core import clock
from lvzhi.core.http import DOCX as DOCX
from lvzhi.core.http import xml_text

# --- The page (GB/T 9704-2012 §5.2) -------------------------------------------------------
# The media type of every document made here (.docx): ``DOCX``, from core.http.

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_LEFT_MM = 28
TYPE_WIDTH_MM = 156
TYPE_HEIGHT_MM = 225
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TYPE_WIDTH_MM  # 26
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TYPE_HEIGHT_MM  # 35
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
FOOTER_DISTANCE_MM = 28  # the page number sits 7 mm below the type area's last line

# --- Sizes: the Chinese point sizes (字号) --------------------------------------------------
SIZE_TITLE = 22.0  # 2号
SIZE_BODY = 16.0  # 3号
SIZE_PAGE_NUMBER = 14.0  # 4号
SIZE_TABLE = 12.0  # 小4号: tables may use a smaller size than the body
SIZE_MASTHEAD = 36.0  # the organ's mark: the standard leaves its size to the organ

# --- Fonts: the official names, and what stands in for them where they are absent -----------
FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"
FALLBACKS: dict[str, tuple[str, ...]] = {
    # Word tries these (the font table's altName holds the first); LibreOffice on the server
    # maps every name to a free font through core/data/fonts.conf.
    FONT_TITLE: ("方正小标宋_GBK", "华文中宋", "宋体"),
    FONT_BODY: ("仿宋", "FangSong"),
    FONT_H1: ("SimHei",),
    FONT_H2: ("楷体", "KaiTi"),
    FONT_PAGE_NUMBER: ("SimSun",),
}
# The free fonts Debian installs (fonts-noto-cjk, fonts-arphic-uming, fonts-arphic-ukai) and
# which official font each stands in for; core/data/fonts.conf says the same to
# fontconfig. There is no free 仿宋 in Debian: AR PL UMing, a light Ming face, is the nearest.
FREE_EQUIVALENTS: dict[str, str] = {
    FONT_TITLE: "Noto Serif CJK SC",  # bold: 小标宋 is a heavy Song face
    FONT_BODY: "AR PL UMing CN",
    FONT_H1: "Noto Sans CJK SC",
    FONT_H2: "AR PL UKai CN",
    FONT_PAGE_NUMBER: "Noto Serif CJK SC",
}

RED = RGBColor(0xFF, 0x00, 0x00)
LINE_PITCH_TWIPS = int(TYPE_HEIGHT_MM / 25.4 * 1440 / LINES_PER_PAGE)  # 579: 22 lines fit
# Character pitch: 156 mm / 28 = 15.79 pt for a 16 pt font. Word's character grid
# (w:docGrid linesAndChars) is read differently by LibreOffice, so the body's runs are
# condensed by a quarter point instead (w:spacing), which both honour: 28 characters a line.
CHAR_CONDENSE_TWIPS = -5  # twentieths of a point

CHINESE_NUMERALS = "一二三四五六七八九十"
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def cn_date(day: dt.date | dt.datetime) -> str:
    """A date as GB/T 9704-2012 §7.3.5.7 writes it: Arabic numerals in full, no leading
    zeros ("2026年12月7日"). A datetime is read in the platform's time zone."""
    if isinstance(day, dt.datetime):
        day = timezone.localdate(day)
    if get_language_bidi():  # a Uyghur or Kazakh document writes it its own way (core.bidi)
        from .bidi import long_date

        return long_date(day)
    return f"{day.year}年{day.month}月{day.day}日"


def cn_number(n: int) -> str:
    """一 … 九十九, for heading numbers."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return head + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def heading_number(level: int, n: int) -> str:
    """The sequence GB/T 9704-2012 §7.3.3 orders: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{cn_number(n)}、"
    if level == 2:
        return f"（{cn_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def text_width(value: object) -> int:
    """Width in half-character units: a CJK or full-width character counts 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(value))


def _set_fonts(rpr_owner: Any, font: str) -> None:
    """Name the font for every script in w:rFonts (ascii, hAnsi, eastAsia, cs), dropping any
    theme reference, which would otherwise win over the names."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), font)


def _rtl_paragraph(paragraph: Any) -> None:
    """A Uyghur or Kazakh document runs right to left (w:bidi); Chinese ones are untouched."""
    if get_language_bidi():
        ppr = paragraph._p.get_or_add_pPr()
        if ppr.find(qn("w:bidi")) is None:
            bidi = OxmlElement("w:bidi")
            # CT_PPr's order: ... autoSpaceDN, bidi, adjustRightInd, snapToGrid, spacing, ind ...
            later = ("adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
                     "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
                     "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
                     "pPrChange")  # fmt: skip
            after = next((c for c in ppr if c.tag in {qn(f"w:{n}") for n in later}), None)
            if after is not None:
                after.addprevious(bidi)
            else:
                ppr.append(bidi)


def _run(paragraph: Any, text: str, *, font: str, size: float, bold: bool = False) -> Any:
    _rtl_paragraph(paragraph)
    run = paragraph.add_run(xml_text(text))
    run.font.size = Pt(size)
    run.font.bold = bold
    _set_fonts(run._r, font)
    rpr = run._r.get_or_add_rPr()
    sz = rpr.find(qn("w:sz"))  # CT_RPr's order: ... spacing, w, kern, position, sz, szCs ...
    szcs = OxmlElement("w:szCs")
    szcs.set(qn("w:val"), str(int(size * 2)))
    sz.addnext(szcs)
    if get_language_bidi() and any("\u0600" <= ch <= "\u06ff" for ch in text):
        rpr.append(OxmlElement("w:rtl"))
    if size == SIZE_BODY:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(CHAR_CONDENSE_TWIPS))
        sz.addprevious(spacing)
    return run


def _exact_lines(paragraph: Any, first_line_chars: int = 0) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing = Twips(LINE_PITCH_TWIPS)
    fmt.line_spacing_rule = 4  # WD_LINE_SPACING.EXACTLY
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if first_line_chars:
        ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))
        ind.set(qn("w:firstLine"), str(int(first_line_chars * SIZE_BODY * 20)))


def _field(paragraph: Any, instruction: str, *, font: str, size: float) -> None:
    """A complex field (w:fldChar begin / instrText / separate / result / end)."""

    def piece(kind: str | None = None, text: str | None = None, instr: bool = False) -> None:
        run = _run(paragraph, "", font=font, size=size)
        if kind is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instruction
            run._r.append(el)
        elif text is not None:
            run.text = text

    piece("begin")
    piece(instr=True)
    piece("separate")
    piece(text="1")
    piece("end")


class OfficialDocument:
    """A document in the official layout. ``organ`` issues it (the signature and the author);
    ``masthead`` adds the red 发文机关标志 and separator line (what the Standing Committee and
    its office issue); ``masthead_text`` is the mark itself (the organ's name by default,
    e.g. "…办公室文件"); ``number`` is the 文号 ("伊州人常办证〔2026〕3号")."""

    def __init__(
        self,
        *,
        organ: str,
        masthead: bool = False,
        number: str = "",
        masthead_text: str | None = None,
    ) -> None:
        self.organ = xml_text(organ)
        self.number = xml_text(number)
        self.doc = Document()
        self._counters = [0, 0, 0, 0]
        self._title = ""
        self._defaults()
        self._page(self.doc.sections[0], landscape=False)
        self._footers(self.doc.sections[0])
        # python-docx's template starts with one empty paragraph; the body begins with it.
        self._first: Any = self.doc.paragraphs[0] if self.doc.paragraphs else None
        if masthead:
            self._masthead(xml_text(masthead_text or organ))
        elif self.number:
            p = self._para(align=WD_ALIGN_PARAGRAPH.RIGHT)
            _run(p, self.number, font=FONT_BODY, size=SIZE_BODY)

    # --- setup --------------------------------------------------------------------------------
    def _defaults(self) -> None:
        doc = self.doc
        styles = doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(SIZE_BODY)
        _set_fonts(normal.element, FONT_BODY)
        # The template's document defaults point at theme fonts; name ours instead.
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            for fonts in defaults.iter(qn("w:rFonts")):
                for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                    fonts.attrib.pop(qn(f"w:{attr}"), None)
                for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
                    fonts.set(qn(f"w:{attr}"), FONT_BODY)
        # The heading styles stay (outline, navigation pane) but lose Word's blue and sizes.
        for level, (font, bold) in enumerate(
            ((FONT_H1, False), (FONT_H2, False), (FONT_BODY, True), (FONT_BODY, False)), start=1
        ):
            style = styles[f"Heading {level}"]
            style.font.size = Pt(SIZE_BODY)
            style.font.bold = bold
            style.font.italic = False
            style.font.color.rgb = RGBColor(0, 0, 0)
            _set_fonts(style.element, font)
            style.paragraph_format.space_before = Pt(0)
            style.paragraph_format.space_after = Pt(0)
            style.paragraph_format.keep_with_next = True
        title = styles["Title"]
        title.font.size = Pt(SIZE_TITLE)
        title.font.bold = False
        title.font.color.rgb = RGBColor(0, 0, 0)
        _set_fonts(title.element, FONT_TITLE)
        ppr = title.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
        # Fallback names in the font table, for Word on a machine without the official fonts.
        table = doc.part.package.main_document_part
        self._font_table(table)
        props = doc.core_properties
        props.author = self.organ
        props.last_modified_by = self.organ
        props.comments = ""
        props.keywords = ""
        props.subject = ""
        props.category = ""
        props.language = "zh-CN"
        props.created = clock.now()
        props.modified = clock.now()
        props.revision = 1

    def _font_table(self, part: Any) -> None:
        font_part = None
        for rel in part.rels.values():
            if rel.reltype.endswith("/fontTable"):
                font_part = rel.target_part
        if font_part is None:  # the template always has one; nothing to add to otherwise
            return
        from lxml import etree

        root = etree.fromstring(font_part.blob)
        for name, alternatives in FALLBACKS.items():
            font = OxmlElement("w:font")
            font.set(qn("w:name"), name)
            alt = OxmlElement("w:altName")
            alt.set(qn("w:val"), alternatives[0])
            font.append(alt)
            charset = OxmlElement("w:charset")
            charset.set(qn("w:val"), "86")  # GB2312
            font.append(charset)
            family = OxmlElement("w:family")
            family.set(qn("w:val"), "modern" if name == FONT_H1 else "roman")
            font.append(family)
            root.append(font)
        font_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def _page(self, section: Any, *, landscape: bool) -> None:
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
            # The type area turned: 225 mm wide, 156 mm high; the binding edge stays on top.
            section.top_margin, section.bottom_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
            section.left_margin, section.right_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
            section.footer_distance = Mm(12)
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
            section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
            section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
            section.footer_distance = Mm(FOOTER_DISTANCE_MM)
        section.header_distance = Mm(15)
        section.gutter = Mm(0)
        sect = section._sectPr
        for grid in sect.findall(qn("w:docGrid")):
            sect.remove(grid)
        grid = OxmlElement("w:docGrid")
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
        sect.append(grid)

    def _footers(self, section: Any) -> None:
        """Page numbers: odd pages on the right, even on the left, one character in."""
        self.doc.settings.odd_and_even_pages_header_footer = True
        for footer, align in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            p.alignment = align
            fmt = p.paragraph_format
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                fmt.right_indent = Pt(SIZE_PAGE_NUMBER)
            else:
                fmt.left_indent = Pt(SIZE_PAGE_NUMBER)
            _run(p, "— ", font=FONT_PAGE_NUMBER, size=SIZE_PAGE_NUMBER)
            _field(p, "PAGE", font=FONT_PAGE_NUMBER, size=SIZE_PAGE_NUMBER)
            _run(p, " —", font=FONT_PAGE_NUMBER, size=SIZE_PAGE_NUMBER)

    def _para(self, *, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: int = 0) -> Any:
        if self._first is not None:
            p, self._first = self._first, None
        else:
            p = self.doc.add_paragraph()
        p.alignment = align
        _exact_lines(p, indent)
        return p

    def _masthead(self, text: str) -> None:
        p = self._para(align=WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.line_spacing = None
        p.paragraph_format.line_spacing_rule = 0  # single: the mark is larger than the grid
        # As large as the organ likes, never wider than the type area.
        size = min(SIZE_MASTHEAD, int(TYPE_WIDTH_MM / 25.4 * 72 / max(len(text), 1)) - 1)
        run = _run(p, text, font=FONT_TITLE, size=size)
        run.font.color.rgb = RED
        self._para()  # a blank line between the mark and the number
        line = self._para(align=WD_ALIGN_PARAGRAPH.CENTER)
        if self.number:
            _run(line, self.number, font=FONT_BODY, size=SIZE_BODY)
        # The red separator line, 4 mm under the number, the width of the type area.
        ppr = line._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        bottom.set(qn("w:val"), "single")
        bottom.set(qn("w:sz"), "12")  # eighths of a point: 1.5 pt
        bottom.set(qn("w:space"), "11")  # points: about 4 mm
        bottom.set(qn("w:color"), "FF0000")
        borders.append(bottom)
        # w:pBdr goes before the spacing elements in CT_PPr's sequence.
        spacing = ppr.find(qn("w:spacing"))
        if spacing is not None:
            spacing.addprevious(borders)
        else:
            ppr.append(borders)
        self._para()  # two blank lines under the red line before the title
        self._para()

    # --- the public API ----------------------------------------------------------------------
    def title(self, text: str, *, subtitle: str = "") -> None:
        """The title (2号 方正小标宋简体, centred) with a blank line under it; a subtitle (the
        congress, the period) in 3号 楷体 under it."""
        self._title = self._title or xml_text(text)
        p = self._para(align=WD_ALIGN_PARAGRAPH.CENTER)
        p.style = self.doc.styles["Title"]
        p.paragraph_format.line_spacing = Pt(35)
        _run(p, text, font=FONT_TITLE, size=SIZE_TITLE)
        if subtitle:
            s = self._para(align=WD_ALIGN_PARAGRAPH.CENTER)
            _run(s, subtitle, font=FONT_H2, size=SIZE_BODY)
        self._para()
        self.doc.core_properties.title = self._title

    def heading(self, level: int, text: str, *, numbered: bool = True) -> str:
        """A level heading numbered as the standard orders them (一、 （一） 1. （1）) in its
        font (黑体, 楷体, 仿宋 bold, 仿宋); returns the text written."""
        if not 1 <= level <= 4:
            raise ValueError("heading levels are 1 to 4")
        self._counters[level - 1] += 1
        for lower in range(level, 4):
            self._counters[lower] = 0
        full = heading_number(level, self._counters[level - 1]) + text if numbered else text
        p = self._para(indent=2)
        p.style = self.doc.styles[f"Heading {level}"]
        font = (FONT_H1, FONT_H2, FONT_BODY, FONT_BODY)[level - 1]
        _run(p, full, font=font, size=SIZE_BODY, bold=level == 3)
        return full

    def paragraph(
        self,
        text: str = "",
        *,
        indent: bool = True,
        align: str = "justify",
        bold: bool = False,
    ) -> Any:
        """A body paragraph (3号 仿宋_GB2312, first line indented two characters). ``align``:
        "justify", "center", "right", "left"."""
        alignment = {
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
        }[align]
        p = self._para(align=alignment, indent=2 if indent and align == "justify" else 0)
        if text:
            _run(p, text, font=FONT_BODY, size=SIZE_BODY, bold=bold)
        return p

    def items(self, lines: Iterable[str]) -> None:
        """An enumeration in the body: each line a paragraph numbered 1. 2. 3."""
        for n, line in enumerate(lines, start=1):
            self.paragraph(f"{n}. {line}")

    def table(
        self,
        rows: Sequence[Sequence[object]],
        header: Sequence[object],
        *,
        size: float = SIZE_TABLE,
    ) -> Any:
        """A table that fits the type area: each column as wide as its content asks (header
        and cells, long texts capped), scaled to 156 mm; when even the narrowest sensible
        widths do not fit, the table gets a landscape page (225 mm wide) of its own."""
        columns = len(header)
        data = [[xml_text(v) for v in row] for row in rows]
        head = [xml_text(h) for h in header]
        char_mm = size * 25.4 / 72  # one full-width character at this size
        pad_mm = 4.0  # Word's cell margins, 1.9 mm each side
        # Wanted width of a column: its longest cell (at most 16 characters; longer texts
        # wrap). Minimum: its header (up to four characters) and up to six characters of its
        # longest cell, so that a unit's name never wraps one character a line.
        wanted = []
        minimum = []
        for i in range(columns):
            longest = max([text_width(r[i]) for r in data] + [text_width(head[i]), 2])
            wanted.append(min(longest, 32) / 2 * char_mm + pad_mm)
            least = max(min(text_width(head[i]), 8), min(longest, 12))
            minimum.append(least / 2 * char_mm + pad_mm)
        landscape = sum(minimum) > TYPE_WIDTH_MM
        width_mm = TYPE_HEIGHT_MM if landscape else TYPE_WIDTH_MM
        if landscape:
            self._section(landscape=True)
        total = sum(wanted)
        if total > width_mm:
            # Give every column its minimum, share the rest in proportion to what it wants.
            spare = width_mm - sum(minimum)
            extra = [w - m for w, m in zip(wanted, minimum, strict=True)]
            share = sum(extra) or 1
            widths = [m + max(spare, 0) * e / share for m, e in zip(minimum, extra, strict=True)]
        else:
            widths = [w * width_mm / total for w in wanted]
        table = self.doc.add_table(rows=1, cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        tbl_pr.append(layout)
        tbl_w = tbl_pr.find(qn("w:tblW"))
        if tbl_w is None:
            tbl_w = OxmlElement("w:tblW")
            tbl_pr.append(tbl_w)
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(int(sum(widths) / 25.4 * 1440)))
        for col, w in zip(table.columns, widths, strict=True):
            col.width = Mm(w)

        def fill(cells: Any, values: Sequence[str], bold: bool) -> None:
            for cell, value, w in zip(cells, values, widths, strict=True):
                cell.width = Mm(w)
                p = cell.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER if bold else WD_ALIGN_PARAGRAPH.LEFT
                p.paragraph_format.space_before = Pt(0)
                p.paragraph_format.space_after = Pt(0)
                p.paragraph_format.line_spacing = 1.0
                snap = OxmlElement("w:snapToGrid")  # a table's lines follow its own size
                snap.set(qn("w:val"), "0")
                p._p.get_or_add_pPr().find(qn("w:spacing")).addprevious(snap)
                _run(p, value, font=FONT_H1 if bold else FONT_BODY, size=size)

        fill(table.rows[0].cells, head, True)
        header_row = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")  # the header repeats on every page
        header_row.append(repeat)
        for row in data:
            fill(table.add_row().cells, row, False)
        if landscape:
            self._section(landscape=False)
        else:
            self._para()
        return table

    def _section(self, *, landscape: bool) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._page(section, landscape=landscape)
        # The paragraph python-docx leaves before the break holds the previous section's
        # properties: nothing is written into it.
        self._first = None

    def picture(self, image: IO[bytes], *, width_mm: float) -> None:
        """An image (a QR code, a chart) on a line of its own, right-aligned."""
        p = self._para(align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.line_spacing = None
        p.paragraph_format.line_spacing_rule = 0
        p.add_run().add_picture(image, width=Mm(width_mm))

    def page_break(self) -> None:
        p = self._para()
        p.add_run().add_break(WD_BREAK.PAGE)

    def date_line(self, day: dt.date | dt.datetime | None = None) -> None:
        """The date written in full ("2026年12月7日"), right-aligned four characters in."""
        p = self._para(align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(SIZE_BODY * 4)
        _run(p, cn_date(day or clock.today()), font=FONT_BODY, size=SIZE_BODY)

    def signature(self, day: dt.date | dt.datetime | None = None, *, organ: str = "") -> None:
        """The issuing organ's name and the date under the text (§7.3.5), right-aligned."""
        self._para()
        self._para()
        p = self._para(align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(SIZE_BODY * 2)
        _run(p, organ or self.organ, font=FONT_BODY, size=SIZE_BODY)
        self.date_line(day)

    def save(self, stream: IO[bytes]) -> None:
        self.doc.save(stream)

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.save(buf)
        return buf.getvalue()
