"""Server-drawn SVG charts: the geometry is computed here, the template only draws
rectangles and text (no script, CSP-safe)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LABEL_WIDTH = 200
BAR_WIDTH = 360
ROW_HEIGHT = 26
COLOURS = {
    "green": "#1b7f3b",
    "amber": "#c77700",
    "red": "#b71c1c",
    "blue": "#1f6fb2",
    "grey": "#8a939b",
}


@dataclass
class Bar:
    x: int
    y: int
    width: int
    height: int
    colour: str
    title: str


@dataclass
class Line:
    """One row of a chart for the page: its label as text and its bars, drawn from x = 0."""

    label: str
    bars: list[Bar]
    width: int = BAR_WIDTH
    height: int = ROW_HEIGHT


@dataclass
class Chart:
    height: int
    labels: list[dict[str, Any]]
    bars: list[Bar]
    legend: list[tuple[str, str]]
    names: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        """The chart row by row, the label apart from the drawing (the dashboard's phone
        layout puts it above its bars at the page's own text size)."""
        out = [Line(label=name, bars=[]) for name in self.names]
        for b in self.bars:
            i = b.y // ROW_HEIGHT
            if 0 <= i < len(out):
                out[i].bars.append(
                    Bar(
                        b.x - LABEL_WIDTH,
                        b.y - i * ROW_HEIGHT,
                        b.width,
                        b.height,
                        b.colour,
                        b.title,
                    )
                )
        return out


def _chart(
    rows: list[tuple[str, Any]],
    labels: list[dict[str, Any]],
    bars: list[Bar],
    legend: list[tuple[str, str]],
) -> Chart:
    """A row per ``rows`` entry, named by its label; the legend's colours by name."""
    return Chart(
        height=max(ROW_HEIGHT, len(rows) * ROW_HEIGHT),
        labels=labels,
        bars=bars,
        legend=[(COLOURS.get(c, c), text) for c, text in legend],
        names=[label for label, _values in rows],
    )


def percent_bars(
    rows: list[tuple[str, list[tuple[str, float | None]]]], legend: list[tuple[str, str]]
) -> Chart:
    """Horizontal bars of percentages (0-100): one line per label, one thin bar per series."""
    series = max((len(values) for _label, values in rows), default=1) or 1
    thin = max(4, (ROW_HEIGHT - 6) // series)
    bars, labels = [], []
    for i, (label, values) in enumerate(rows):
        y = i * ROW_HEIGHT
        labels.append({"x": 0, "y": y + ROW_HEIGHT // 2 + 4, "text": label[:18]})
        for j, (colour, value) in enumerate(values):
            if value is None:
                continue
            bars.append(
                Bar(
                    x=LABEL_WIDTH,
                    y=y + j * thin,
                    width=round(BAR_WIDTH * max(0.0, min(value, 100.0)) / 100),
                    height=thin - 1,
                    colour=COLOURS.get(colour, colour),
                    title=f"{value:g}%",
                )
            )
    return _chart(rows, labels, bars, legend)


def stacked_bars(
    rows: list[tuple[str, list[tuple[str, int]]]], legend: list[tuple[str, str]]
) -> Chart:
    """Horizontal stacked bars of counts, scaled to the largest total."""
    largest = max((sum(n for _c, n in values) for _l, values in rows), default=0) or 1
    bars, labels = [], []
    for i, (label, values) in enumerate(rows):
        y = i * ROW_HEIGHT
        labels.append({"x": 0, "y": y + ROW_HEIGHT // 2 + 4, "text": label[:18]})
        x = LABEL_WIDTH
        for colour, n in values:
            if not n:
                continue
            width = round(BAR_WIDTH * n / largest)
            bars.append(Bar(x, y + 3, width, ROW_HEIGHT - 6, COLOURS.get(colour, colour), str(n)))
            x += width
    return _chart(rows, labels, bars, legend)
