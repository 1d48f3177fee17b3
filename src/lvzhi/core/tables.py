"""A list page's table written in Python (issue 26.2).

The staff lists (the deputy directory, the suggestion queues, the citizens' opinions) show 50
rows of 5-10 cells on every request. Written as a template, each cell is a variable lookup, a
filter chain and an escape through Django's template engine: 10-12 ms of CPU for the
directory's 50 rows, the largest single part of the page. Declared here as columns, a label
beside the function that gives its cell, the same table is written by one loop of
string building, each value escaped: the same markup (``data-label`` on each cell for the
phone layout, the empty row, the optional selection column) in a fraction of the time.

- ``Column(label, cell)``: ``cell(row)`` gives the cell's content; a ``str`` is escaped, a
  ``SafeString`` (``link``, ``tag``, ``format_html``) is written as it is, ``None`` is empty.
- ``Table(css, columns, empty, select=None)``: ``select(row)`` gives the value and the
  accessible label of a row's check box, for the pages that act on several rows at once.
- ``url(name, pk)``: ``reverse(name, args=[pk])`` for an ``<int:…>`` route, reversed once per
  name (and script prefix) instead of once per row.

A page writes ``{% table table page %}`` (``core/templatetags/lvzhi_forms.py``) with the table
in its context; the rows are whatever the page iterates (a ``Page``, a list).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import escape as _escape
from typing import Any, Generic, TypeVar

from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext

R = TypeVar("R")

# A number no real primary key of these lists reaches, reversed in its place and then replaced.
_SENTINEL = "918273645"


@lru_cache(maxsize=256)
def _route(name: str, prefix: str) -> tuple[str, str]:
    # The prefix is a key only: reverse() reads the thread's script prefix itself.
    path = reverse(name, args=[int(_SENTINEL)])
    before, sentinel, after = path.partition(_SENTINEL)
    if not sentinel or _SENTINEL in after:
        raise ValueError(f"{name} does not take one integer argument")
    return before, after


def url(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])`` for a route with one integer argument."""
    before, after = _route(name, get_script_prefix())
    return f"{before}{int(pk)}{after}"


def escape(value: Any) -> str:
    """The value's text, HTML-escaped unless it is already safe markup; ``None`` is empty.
    (``django.utils.html.conditional_escape`` does the same through a lazy-string wrapper,
    three times slower on these pages' thousands of cells.)"""
    if value is None:
        return ""
    if isinstance(value, SafeData):
        return str(value)
    return _escape(str(value))


def link(href: str, text: Any) -> SafeString:
    return SafeString(f'<a href="{escape(href)}">{escape(text)}</a>')


def tag(text: Any, css: str = "") -> SafeString:
    """``<span class="tag …">text</span>``, the small label of a state."""
    return SafeString(f'<span class="tag{" " + escape(css) if css else ""}">{escape(text)}</span>')


def date(value: dt.date | None, empty: str = "—") -> str:
    """A short date as the lists write it (``2026-12-07``), ``—`` where there is none."""
    return value.isoformat() if value else empty


def due(value: dt.date | None, overdue: bool, empty: str = "—") -> SafeString:
    """A due date, with the "overdue" tag where the list's rule says it is past."""
    text = escape(date(value, empty))
    if overdue:
        return SafeString(f"{text} {tag(gettext('overdue'), 'overdue')}")
    return SafeString(text)


@dataclass(frozen=True)
class Column(Generic[R]):
    label: str | Promise
    cell: Callable[[R], Any]


@dataclass(frozen=True)
class Table(Generic[R]):
    css: str
    columns: tuple[Column[R], ...]
    empty: str | Promise
    select: Callable[[R], tuple[Any, Any]] | None = None

    def html(self, rows: Iterable[R], *, selectable: bool = False) -> SafeString:
        """The table (in its scrolling wrapper) with a check box a row where ``selectable``
        and the table declares ``select``."""
        select = self.select if selectable else None
        labels = [escape(str(column.label)) for column in self.columns]
        cells = [(label, column.cell) for label, column in zip(labels, self.columns, strict=True)]
        out = [f'<div class="table-wrap"><table class="{escape(self.css)}">\n<thead><tr>']
        if select is not None:
            out.append(f'<th><span class="sr">{escape(gettext("Select"))}</span></th>')
        out.extend(f"<th>{label}</th>" for label in labels)
        out.append("</tr></thead>\n<tbody>")
        empty = True
        for row in rows:
            empty = False
            out.append("<tr>")
            if select is not None:
                value, name = select(row)
                out.append(
                    f'<td><input type="checkbox" name="ids" value="{escape(value)}" '
                    f'aria-label="{escape(name)}"></td>'
                )
            for label, cell in cells:
                out.append(f'<td data-label="{label}">{escape(cell(row))}</td>')
            out.append("</tr>\n")
        if empty:
            span = len(self.columns) + (select is not None)
            out.append(
                f'<tr><td colspan="{span}" class="empty">{escape(str(self.empty))}</td></tr>'
            )
        out.append("</tbody>\n</table></div>")
        return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped
