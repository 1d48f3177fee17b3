"""Figures per station: an SVG bar chart drawn on the server and an xlsx export."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from .models import Status

BAR_HEIGHT = 22
CHART_WIDTH = 380
LABEL_WIDTH = 190
COLOURS: dict[str, str] = {
    Status.RECEIVED: "#9aa5b1",
    Status.ASSIGNED: "#d98e04",
    Status.HANDLED: "#3b82c4",
    Status.ANSWERED: "#2e8b57",
    Status.CLOSED: "#5b6770",
}


def chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Stacked bars (one per station, one segment per status), scaled to the largest total."""
    top = max((r["total"] for r in rows), default=0) or 1
    bars = []
    for i, r in enumerate(rows):
        x = float(LABEL_WIDTH)
        parts = []
        for (status, label), n in zip(Status.choices, r["by_status"], strict=True):
            width = round(CHART_WIDTH * n / top, 1)
            if n:
                parts.append(
                    {"label": label, "n": n, "x": x, "width": width, "colour": COLOURS[status]}
                )
            x += width
        bars.append(
            {
                "label": r["label"],
                "total": r["total"],
                "y": i * BAR_HEIGHT,
                "total_x": round(x + 6, 1),
                "parts": parts,
            }
        )
    return {
        "bars": bars,
        "chart_height": max(len(rows), 1) * BAR_HEIGHT + 4,
        "legend": [(label, COLOURS[value]) for value, label in Status.choices],
    }


def xlsx_response(rows: list[dict[str, Any]], year: int) -> HttpResponse:
    from lvzhi.core import spreadsheets

    header = [
        _("Station"),
        _("Received"),
        *[str(label) for _v, label in Status.choices],
        _("Answered rate"),
        _("Time to answer (days)"),
    ]
    body = (
        [
            r["label"],
            r["total"],
            *r["by_status"],
            spreadsheets.percent(r["answered_rate"]),
            r["days_to_answer"],
        ]
        for r in rows
    )
    title = _("Citizens' opinions by station, %(year)s") % {"year": year}
    return spreadsheets.xlsx_response(
        f"{title}.xlsx",
        spreadsheets.Sheet(title, header, body, filters=[_("Year: %(year)s") % {"year": year}]),
    )


def opinions_xlsx(
    header: list[str], rows: Iterable[list[str]], filters: Iterable[str] = ()
) -> HttpResponse:
    """The queue as a spreadsheet (written row by row; contact data arrives masked)."""
    from lvzhi.core import spreadsheets

    title = str(_("Citizens' opinions"))
    return spreadsheets.xlsx_response(
        f"{title}.xlsx", spreadsheets.Sheet(title, header, rows, filters=list(filters))
    )
