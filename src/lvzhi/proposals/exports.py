"""The proposal list as xlsx (what the queue shows, for the secretariat's registers)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from lvzhi.core import spreadsheets

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
        p.submitted_at,
        p.decision_no,
    ]


def lines(rows: Iterable[Proposal]) -> Iterator[list[object]]:
    """One line per proposal, for the export streamed from the request and the background file
    (``files``) alike."""
    return (row(p) for p in rows)


def queue_xlsx(rows: Iterable[Proposal]) -> bytes:
    """Through the shared writer (lvzhi.core.spreadsheets): typed cells, no formulas."""
    sheet = spreadsheets.Sheet(_("Proposals"), header(), lines(rows))
    return spreadsheets.xlsx_bytes([sheet])
