"""The evaluation (R48) as a workbook: written in the request for a small congress, a file made
in the background with a progress bar when it covers more seats (``core.filejobs``, issue 22.7:
the prefecture's evaluation scores every seat and takes seconds). The parameters are read and
the columns written here for both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import filejobs, spreadsheets
from lvzhi.core.errors import NotFound
from lvzhi.registry.models import Congress

from . import evaluation, policies, rules, selectors

EVALUATION_KIND = "records.evaluation"
EXPORT_FORMATS = ("xlsx",)
# Seats an evaluation export scores inside the request; above it, a background file.
INLINE_MAX_ROWS = filejobs.INLINE_MAX_ROWS
FLAGS = (evaluation.TALK, evaluation.COMMEND)


def flag_label(kind: str) -> str:
    return _("Candidate for a talk") if kind == evaluation.TALK else _("Candidate for commendation")


def flagged(rows: list[evaluation.Row], flag: str) -> list[evaluation.Row]:
    """The rows carrying ``flag`` (all of them when no flag is chosen)."""
    if flag not in FLAGS:
        return rows
    return [r for r in rows if any(f.kind == flag for f in r.flags)]


def _count(kind: str) -> Callable[[evaluation.Row], Any]:
    """The column of a kind's count ("not yet recorded" where the kind has no figure yet)."""
    return lambda r: r.counts[kind] if r.counts[kind] is not None else _("Not yet recorded")


COLUMNS = spreadsheets.Columns[evaluation.Row](
    (gettext_lazy("Electoral unit"), lambda r: r.membership.electoral_unit.name),
    (gettext_lazy("Deputy"), lambda r: r.membership.deputy.name),
    (gettext_lazy("Score"), lambda r: float(r.score)),
    (gettext_lazy("Rank in unit"), lambda r: f"{r.rank}/{r.of}"),
    *[(rules.KIND_LABELS[k], _count(k)) for k in rules.KIND_KEYS],
    (gettext_lazy("Flag"), lambda r: " ".join(flag_label(f.kind) for f in r.flags)),
    (gettext_lazy("Why"), lambda r: " ".join(" ".join(f.reasons) for f in r.flags)),
)
header = COLUMNS.header
lines = COLUMNS.lines


def filename(year: int) -> str:
    return f"履职评价-{year}"


def is_large(actor: Any, congress: Congress, year: int) -> bool:
    seats = selectors.evaluated_seats(congress, year, selectors.units_in_scope(actor))
    return filejobs.is_large(seats, INLINE_MAX_ROWS)


def _congress(actor: Any, params: dict[str, str]) -> Congress:
    congress = (
        selectors.congresses_for(actor)
        .filter(pk=filejobs.require_param(params, "congress"))
        .first()
    )
    if congress is None:
        raise NotFound(_("No such document."))
    return congress


def _check(actor: Any, params: dict[str, str]) -> None:
    if not policies.can_see_lists(actor) or params.get("fmt") not in EXPORT_FORMATS:
        raise NotFound(_("No such document."))
    _congress(actor, params)
    filejobs.require_param(params, "year")


def _make(actor: Any, params: dict[str, str], progress: filejobs.Progress) -> filejobs.Made:
    congress, year = _congress(actor, params), filejobs.require_param(params, "year")
    units = selectors.units_in_scope(actor)
    progress(0, selectors.evaluated_seats(congress, year, units).count())
    values = selectors.scheme_values(congress, year)[1]
    rows = flagged(selectors.evaluate(congress, year, units, values), params.get("flag", ""))
    out = lines(filejobs.counted(rows, len(rows), progress))
    return filejobs.table_file("xlsx", filename(year), header(), out, _("Evaluation"))


def register() -> None:
    filejobs.register(filejobs.FileKind(EVALUATION_KIND, gettext_lazy("Evaluation"), _check, _make))
