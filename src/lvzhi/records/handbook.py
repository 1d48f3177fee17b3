"""The duty handbook (履职手册, R47, Art 95) as a clerk expects it: a cover page (name, term,
electoral unit, year), one section per kind of duty with its count and items, the entries the
deputy added, and the signature and seal lines. PDF by converting the .docx with LibreOffice
when it is installed."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

from lvzhi.core import clock

from .models import EntryStatus
from .selectors import Archive

ITEMS_PER_SECTION = 200  # the handbook lists at most this many items of a kind, then "and N more"
PDF_TIMEOUT_S = 120


def _centred(doc: Any, text: str, size: int, bold: bool = False) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def handbook_docx(a: Archive) -> bytes:
    seat = a.seat
    with translation.override("zh-hans"):
        doc = Document()
        doc.styles["Normal"].font.size = Pt(12)
        # Cover
        for _i in range(4):
            doc.add_paragraph()
        _centred(doc, str(seat.term.congress), 16)
        _centred(doc, _("Deputy's duty handbook"), 26, bold=True)
        _centred(doc, _("Year %(year)d") % {"year": a.year}, 16)
        for _i in range(3):
            doc.add_paragraph()
        cover = doc.add_table(rows=0, cols=2)
        cover.style = "Table Grid"
        for label, value in (
            (_("Name"), seat.deputy.name),
            (_("Term"), str(seat.term)),
            (_("Electoral unit"), seat.electoral_unit.name),
            (_("Delegation"), seat.delegation.name if seat.delegation else "—"),
            (_("Year"), str(a.year)),
        ):
            cells = cover.add_row().cells
            cells[0].text = str(label)
            cells[1].text = str(value)
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

        # Summary table: every kind with its count (or "not yet recorded").
        doc.add_heading(_("Summary of duties"), level=1)
        summary = doc.add_table(rows=1, cols=2)
        summary.style = "Table Grid"
        summary.rows[0].cells[0].text = _("Kind of duty")
        summary.rows[0].cells[1].text = _("Count")
        for s in a.sections:
            cells = summary.add_row().cells
            cells[0].text = str(s.label)
            cells[1].text = str(s.count) if s.recorded else _("Not yet recorded")

        # One section per kind.
        for n, s in enumerate(a.sections, start=1):
            doc.add_heading(f"{n}. {s.label}", level=2)
            if not s.recorded:
                doc.add_paragraph(_("Not yet recorded"))
                continue
            doc.add_paragraph(_("Count: %(n)d") % {"n": s.count})
            for item in s.items[:ITEMS_PER_SECTION]:
                on = item.on.strftime("%Y-%m-%d") if item.on else ""
                detail = f"（{item.detail}）" if item.detail else ""
                doc.add_paragraph(f"{on} {item.title}{detail}".strip(), style="List Bullet")
            if len(s.items) > ITEMS_PER_SECTION:
                doc.add_paragraph(_("and %(n)d more") % {"n": len(s.items) - ITEMS_PER_SECTION})

        doc.add_heading(_("Entries added by the deputy"), level=1)
        if not a.entries:
            doc.add_paragraph(_("None."))
        else:
            t = doc.add_table(rows=1, cols=4)
            t.style = "Table Grid"
            for cell, text in zip(
                t.rows[0].cells, (_("Date"), _("Kind"), _("Title"), _("Status")), strict=True
            ):
                cell.text = str(text)
            for e in a.entries:
                status = e.get_status_display()
                if e.status == EntryStatus.RETURNED:
                    status = f"{status}：{e.return_reason}"
                for cell, text in zip(
                    t.add_row().cells,
                    (e.on.strftime("%Y-%m-%d"), e.get_kind_display(), e.title, status),
                    strict=True,
                ):
                    cell.text = str(text)

        doc.add_paragraph()
        doc.add_heading(_("Signatures"), level=1)
        for line in (
            _("Deputy (signature): ____________________    Date: ____________"),
            _("Electoral unit (seal): ____________________    Date: ____________"),
            _("Deputy-affairs body (seal): ____________________    Date: ____________"),
        ):
            doc.add_paragraph(str(line))
        footer = doc.add_paragraph(
            _("Compiled by the platform on %(date)s.") % {"date": clock.today().isoformat()}
        )
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()


def converter() -> str | None:
    """LibreOffice's command line, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes:
    """Convert with LibreOffice headless in a private profile folder (runs alongside others)."""
    exe = converter()
    if exe is None:
        raise RuntimeError("no converter")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "handbook.docx"
        src.write_bytes(data)
        subprocess.run(  # noqa: S603 - fixed arguments, our own temporary file
            [
                exe,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            timeout=PDF_TIMEOUT_S,
            capture_output=True,
        )
        return (Path(tmp) / "handbook.pdf").read_bytes()
