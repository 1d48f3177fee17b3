"""Figures per station: an SVG bar chart drawn on the server and an xlsx export."""

from __future__ import annotations

import io
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
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = str(year)
    ws.append(
        [
            _("Station"),
            _("Received"),
            *[str(label) for _v, label in Status.choices],
            _("Answered rate"),
        ]
    )
    for r in rows:
        rate = r["answered_rate"]
        ws.append(
            [
                r["label"],
                r["total"],
                *r["by_status"],
                "" if rate is None else f"{rate}%",
                "" if r["days_to_answer"] is None else r["days_to_answer"],
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="stations-{year}.xlsx"'
    return response


def opinions_xlsx(header: list[str], rows: Iterable[list[str]]) -> HttpResponse:
    """The queue as a spreadsheet (written row by row; contact data arrives masked)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Citizens' opinions"))
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="opinions.xlsx"'
    return response
