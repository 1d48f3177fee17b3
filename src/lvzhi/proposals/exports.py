"""The proposal list as xlsx (what the queue shows, for the secretariat's registers)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import spreadsheets

from .models import Proposal

COLUMNS = spreadsheets.Columns[Proposal](
    (gettext_lazy("Number"), lambda p: p.number),
    (gettext_lazy("Kind"), lambda p: p.get_kind_display()),
    (gettext_lazy("Subject of the proposal"), lambda p: p.subject),
    (gettext_lazy("Lead proposer"), lambda p: p.proposer.name),
    (gettext_lazy("Delegation"), lambda p: p.delegation.name if p.delegation else ""),
    (gettext_lazy("Category"), lambda p: p.get_category_display()),
    (gettext_lazy("Co-signers"), lambda p: getattr(p, "confirmed", 0)),
    (gettext_lazy("Status"), lambda p: p.get_status_display()),
    (gettext_lazy("Received at"), lambda p: p.submitted_at),
    (gettext_lazy("Decision document"), lambda p: p.decision_no),
)
header = COLUMNS.header
row = COLUMNS.row


def lines(rows: Iterable[Proposal]) -> Iterator[list[object]]:
    """One line per proposal, for the export streamed from the request and the background file
    (``files``) alike."""
    return COLUMNS.lines(rows)


def queue_xlsx(rows: Iterable[Proposal]) -> bytes:
    """Through the shared writer (lvzhi.core.spreadsheets): typed cells, no formulas."""
    sheet = spreadsheets.Sheet(_("Proposals"), header(), lines(rows))
    return spreadsheets.xlsx_bytes([sheet])
