"""A rule's drill-down (every group, member, meeting … behind a figure) as a workbook: written in
the request when it is short, a file made in the background with a progress bar when it holds
more items than the bound (``core.filejobs``, issue 22.7: a prefecture-wide rule lists every
deputy or every suggestion). The items are chosen and the columns written here for both."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import clock, filejobs, spreadsheets
from lvzhi.core.errors import NotFound

from . import periods, policies, selectors
from .outcomes import Item
from .rule_registry import BY_KEY

DETAIL_KIND = "compliance.detail"
EXPORT_FORMATS = ("xlsx",)
# Items a drill-down export writes inside the request; above it, a background file.
INLINE_MAX_ROWS = filejobs.INLINE_MAX_ROWS
# Behind first, then open, then met.
STATE_ORDER = {"behind": 0, "open": 1, "ok": 2}


def items(row: selectors.Row, state: str) -> list[Item]:
    """The row's items in the state asked for (all when none), behind first."""
    chosen = [i for i in row.outcome.items if not state or i.state == state]
    chosen.sort(key=lambda i: (STATE_ORDER[i.state], i.period, i.name))
    return chosen


COLUMNS = spreadsheets.Columns[Item](
    (gettext_lazy("Kind"), lambda i: i.kind),
    (gettext_lazy("Name"), lambda i: i.name),
    (gettext_lazy("Period"), lambda i: i.period),
    (gettext_lazy("State"), lambda i: str(i.state_label)),
    (gettext_lazy("Why"), lambda i: i.why),
)
header = COLUMNS.header
lines = COLUMNS.lines


def filename(row: selectors.Row) -> str:
    return f"合规-{row.rule.key}"


def is_large(chosen: list[Item]) -> bool:
    return len(chosen) > INLINE_MAX_ROWS


def _row(actor: Any, params: dict[str, str]) -> selectors.Row:
    congress = selectors.get_congress(actor, filejobs.require_param(params, "congress"))
    period = periods.parse(
        filejobs.require_param(params, "year"), params.get("part", "Y"), clock.today()
    )
    return selectors.row(congress, period, params.get("key", ""))


def _check(actor: Any, params: dict[str, str]) -> None:
    if not policies.can_view(actor) or params.get("fmt") not in EXPORT_FORMATS:
        raise NotFound(_("No such document."))
    selectors.get_congress(actor, filejobs.require_param(params, "congress"))
    if params.get("key", "").lower() not in BY_KEY:
        raise NotFound(_("No such document."))


def _make(actor: Any, params: dict[str, str], progress: filejobs.Progress) -> filejobs.Made:
    row = _row(actor, params)
    chosen = items(row, params.get("state", ""))
    out = lines(filejobs.counted(chosen, len(chosen), progress))
    return filejobs.table_file("xlsx", filename(row), header(), out, row.rule.id)


def register() -> None:
    filejobs.register(
        filejobs.FileKind(DETAIL_KIND, gettext_lazy("Compliance drill-down"), _check, _make)
    )
