"""The proposal list as xlsx (what the queue shows, for the secretariat's registers)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .models import Proposal


def header() -> list[str]:
    return [
        _("Number"),
        _("Kind"),
        _("Subject of the proposal"),
        _("Lead proposer"),
        _("Delegation"),
        _("Category"),
        _("Co-signers"),
        _("Status"),
        _("Received at"),
        _("Decision document"),
    ]


def row(p: Proposal) -> list[object]:
    return [
        p.number,
        p.get_kind_display(),
        p.subject,
        p.proposer.name,
        p.delegation.name if p.delegation else "",
        p.get_category_display(),
        getattr(p, "confirmed", 0),
        p.get_status_display(),
        timezone.localtime(p.submitted_at).strftime("%Y-%m-%d %H:%M") if p.submitted_at else "",
        p.decision_no,
    ]


def queue_xlsx(rows: Iterable[Proposal]) -> bytes:
    with translation.override("zh-hans"):
        wb = Workbook(write_only=False)
        ws = wb.active
        assert ws is not None
        ws.title = _("Proposals")
        ws.append(header())
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for p in rows:
            ws.append(row(p))
        for letter, width in zip("ABCDEFGHIJ", (8, 12, 48, 12, 24, 24, 8, 18, 18, 22), strict=True):
            ws.column_dimensions[letter].width = width
        out = io.BytesIO()
        wb.save(out)
    return out.getvalue()
