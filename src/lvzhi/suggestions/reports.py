"""Documents a clerk signs off: the statistics as xlsx, and the handling report to the
Standing Committee before the next session (R16, Art 26) as .docx."""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from lvzhi.core import clock, spreadsheets
from lvzhi.core.http import xml_text

from .statistics import Row, totals


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}%"


def columns() -> list[str]:
    return [
        _("Group"),
        _("Assigned"),
        _("Replied"),
        _("On time"),
        _("On-time rate"),
        _("Class A"),
        _("Completion rate"),
        _("Evaluated"),
        _("Satisfied"),
        _("Satisfaction rate"),
    ]


def values(r: Row) -> list[Any]:
    return [
        r.label,
        r.assigned,
        r.replied,
        r.on_time,
        _pct(r.on_time_rate),
        r.class_a,
        _pct(r.completion_rate),
        r.evaluated,
        r.satisfied,
        _pct(r.satisfaction_rate),
    ]


def statistics_xlsx(rows: list[Row], filters: list[str] | None = None) -> bytes:
    """The statistics through the shared writer: counts as numbers, rates as percentages."""
    with translation.override("zh-hans"):
        body = []
        for r in [*rows, totals(rows)]:
            line = values(r)
            for i in (4, 6, 9):  # the three rates, as numbers formatted as %
                line[i] = spreadsheets.percent(getattr(r, RATE_FIELDS[i]))
            body.append(line)
        sheet = spreadsheets.Sheet(str(_("Statistics")), columns(), body, filters=filters or [])
        return spreadsheets.xlsx_bytes([sheet])


RATE_FIELDS = {4: "on_time_rate", 6: "completion_rate", 9: "satisfaction_rate"}


def handling_report_docx(
    *,
    congress_name: str,
    year: int | None,
    by_unit: list[Row],
    by_category: list[Row],
    key_items: list[Any],
) -> bytes:
    """R16 (Art 26): the report on the handling of deputies' suggestions."""
    with translation.override("zh-hans"):
        doc = Document()
        style = doc.styles["Normal"]
        style.font.size = Pt(12)
        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = title.add_run(
            _("Report on the handling of deputies' suggestions of %(congress)s")
            % {"congress": xml_text(congress_name)}
        )
        run.bold = True
        run.font.size = Pt(18)
        t = totals(by_unit)
        scope = (_("in %(year)s") % {"year": year}) if year else _("in this term")
        doc.add_paragraph(
            _(
                "%(scope)s, %(assigned)d suggestions were assigned to handling units; "
                "%(replied)d have been answered, %(on_time)s of them on time. "
                "%(a)d replies (completion rate %(completion)s) solved or adopted what the "
                "deputies asked; the deputies were satisfied or basically satisfied with "
                "%(satisfaction)s of the replies they evaluated."
            )
            % {
                "scope": scope,
                "assigned": t.assigned,
                "replied": t.replied,
                "on_time": _pct(t.on_time_rate),
                "a": t.class_a,
                "completion": _pct(t.completion_rate),
                "satisfaction": _pct(t.satisfaction_rate),
            }
        )
        for heading, rows in ((_("By handling unit"), by_unit), (_("By category"), by_category)):
            doc.add_heading(heading, level=2)
            table = doc.add_table(rows=1, cols=len(columns()))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, columns(), strict=True):
                cell.text = str(text)
            for r in [*rows, totals(rows)]:
                for cell, value in zip(table.add_row().cells, values(r), strict=True):
                    cell.text = xml_text(value)
        doc.add_heading(_("Key supervised suggestions (R17)"), level=2)
        if not key_items:
            doc.add_paragraph(_("None this period."))
        for s in key_items:
            doc.add_paragraph(
                xml_text(f"{s.number or ''} {s.title}（{s.get_status_display()}）"),
                style="List Number",
            )
        doc.add_paragraph()
        sign = doc.add_paragraph(_("Deputy-affairs body of the Standing Committee"))
        sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        date = doc.add_paragraph(clock.today().strftime("%Y-%m-%d"))
        date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()


def annual_circular_docx(
    *,
    congress_name: str,
    year: int,
    by_unit: list[Row],
    key_items: list[Any],
    overdue_items: list[Any],
) -> bytes:
    """R17 (Art 27): the annual circular on the handling of suggestions — key supervised
    items, the units ranked by their rates, and what is overdue."""
    with translation.override("zh-hans"):
        doc = Document()
        doc.styles["Normal"].font.size = Pt(12)
        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = title.add_run(
            _("Circular on the handling of deputies' suggestions in %(year)s") % {"year": year}
        )
        run.bold = True
        run.font.size = Pt(18)
        doc.add_paragraph(xml_text(congress_name)).alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_heading(_("Key supervised suggestions (R17)"), level=2)
        if not key_items:
            doc.add_paragraph(_("None this period."))
        for s in key_items:
            doc.add_paragraph(
                xml_text(f"{s.number or ''} {s.title}（{s.get_status_display()}）"),
                style="List Number",
            )
        doc.add_heading(_("Handling units ranked by satisfaction"), level=2)
        ranked = sorted(by_unit, key=lambda r: (-(r.satisfaction_rate or 0), -r.replied))
        table = doc.add_table(rows=1, cols=len(columns()))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, columns(), strict=True):
            cell.text = str(text)
        for r in ranked:
            for cell, value in zip(table.add_row().cells, values(r), strict=True):
                cell.text = xml_text(value)
        doc.add_heading(_("Overdue suggestions"), level=2)
        if not overdue_items:
            doc.add_paragraph(_("None this period."))
        for s in overdue_items:
            doc.add_paragraph(
                _("%(number)s %(title)s — due on %(due)s")
                % {"number": s.number or "", "title": xml_text(s.title), "due": s.due_on},
                style="List Bullet",
            )
        doc.add_paragraph()
        sign = doc.add_paragraph(_("Deputy-affairs body of the Standing Committee"))
        sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        doc.add_paragraph(clock.today().strftime("%Y-%m-%d")).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
