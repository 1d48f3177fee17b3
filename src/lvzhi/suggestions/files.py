"""Suggestion lists as spreadsheets (every list exports), and the staff's queue as a file made in
the background when it is large (``core.filejobs``, issue 22.7: work above about a second is not
done in the request; the prefecture's queue reaches hundreds of thousands of items).

The columns are declared in one place (``COLUMNS``, and ``INBOX_COLUMNS`` for the handling
units' inbox), for the exports streamed from the request and for the background file alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import filejobs, publicfiles, spreadsheets
from lvzhi.core.errors import NotFound
from lvzhi.registry.models import Role

from . import policies, selectors
from .forms import InboxFilterForm, QueueFilterForm
from .models import Status

QUEUE_KIND = "suggestions.queue"
INBOX_KIND = "suggestions.inbox"
EXPORT_FORMATS = ("csv", "xlsx")
# Rows an export writes inside the request; above it the staff's queue is a background file
# with a progress bar (the bound every list's export shares).
INLINE_MAX_ROWS = filejobs.INLINE_MAX_ROWS

COLUMNS = spreadsheets.Columns[Any](
    (gettext_lazy("Number"), lambda s: s.number),
    (gettext_lazy("Title"), lambda s: s.title),
    (gettext_lazy("Proposer"), lambda s: s.proposer.name),
    (gettext_lazy("Category"), lambda s: s.get_category_display()),
    (gettext_lazy("Status"), lambda s: s.get_status_display()),
    (gettext_lazy("Assigned on"), lambda s: s.assigned_on or ""),
    (gettext_lazy("Reply due on"), lambda s: s.due_on or ""),
)


def _signed_for(a: Any) -> str:
    return timezone.localtime(a.received_at).strftime("%Y-%m-%d %H:%M") if a.received_at else ""


# The inbox's rows are assignments: their suggestion's columns, then the unit-side ones.
INBOX_COLUMNS = COLUMNS.of(
    lambda a: a.suggestion,
    (gettext_lazy("Handling unit"), lambda a: a.unit.name),
    (gettext_lazy("Role"), lambda a: a.get_role_display()),
    (gettext_lazy("Signed for on"), _signed_for),
    (
        gettext_lazy("Handler"),
        lambda a: (a.handler.get_full_name() or a.handler.username) if a.handler else "",
    ),
)


def public_title() -> str:
    return str(_("Suggestions published"))


def public_xlsx(language: str) -> bytes:
    """Every published suggestion as a workbook in ``language``: the public list's stored
    document (``PUBLIC``), the same sheet as its page's download."""
    with translation.override(language):
        rows = COLUMNS.lines(selectors.public("").iterator(chunk_size=500))
        return spreadsheets.xlsx_bytes([spreadsheets.Sheet(public_title(), COLUMNS.header(), rows)])


# The public list's workbook (issue 22.7): the whole list stored in advance (core.publicfiles).
PUBLIC = publicfiles.PublicList(
    name="public-suggestions",
    builder="lvzhi.suggestions.files.public_xlsx",
    filename=lambda: f"{public_title()}.xlsx",
)


def export_filters(data: Mapping[str, str]) -> selectors.QueueFilters:
    """The queue's filters of an export from its query (a job's parameters). An export's query
    always holds its format, so the page's form is always bound for it: no status given means
    every status, as in the export streamed from the page; an invalid query gives the page's
    default."""
    form = QueueFilterForm(filejobs.query_dict(data))
    if form.is_valid():
        return selectors.QueueFilters(**form.cleaned_data)
    return selectors.QueueFilters()


def inbox_filters(data: Mapping[str, str]) -> tuple[InboxFilterForm, selectors.InboxFilters]:
    """A handling unit's inbox filters from its page's query: what is being handled unless the
    query asks for something else (``status=`` empty: every status)."""
    query = filejobs.query_dict(data).copy()
    query.setdefault("status", Status.ASSIGNED)
    form = InboxFilterForm(query)
    if form.is_valid():
        return form, selectors.InboxFilters(**form.cleaned_data)
    return form, selectors.InboxFilters()


def inbox_query(data: Mapping[str, str]) -> QueryDict:
    """The page's query for its background export: the default status written out, so that a
    job without ``status`` (the empty "all" is not kept in its parameters) means every status."""
    query = filejobs.query_dict(data).copy()
    query.setdefault("status", Status.ASSIGNED)
    return query


def is_large(rows: Any) -> bool:
    """More rows than an export writes inside the request (counting no further)."""
    return filejobs.is_large(rows, INLINE_MAX_ROWS)


def _check_queue(actor: Any, params: dict[str, str]) -> None:
    if not selectors.roles(actor) & policies.STAFF_ROLES or params.get("fmt") not in (
        EXPORT_FORMATS
    ):
        raise NotFound(_("No such document."))


def _make_queue(actor: Any, params: dict[str, str], progress: filejobs.Progress) -> filejobs.Made:
    rows = selectors.queue(actor, export_filters(filejobs.filters_of(params)))
    rows = rows.select_related("proposer")
    total = rows.count()
    progress(0, total)
    out = COLUMNS.lines(filejobs.counted(rows.iterator(chunk_size=500), total, progress))
    return filejobs.table_file(params.get("fmt", "xlsx"), _("Suggestions"), COLUMNS.header(), out)


def _check_inbox(actor: Any, params: dict[str, str]) -> None:
    if Role.HANDLING_UNIT not in selectors.roles(actor) or params.get("fmt") not in (
        EXPORT_FORMATS
    ):
        raise NotFound(_("No such document."))


def _make_inbox(actor: Any, params: dict[str, str], progress: filejobs.Progress) -> filejobs.Made:
    """The inbox's export; a job without ``status`` holds every status (``inbox_query``)."""
    _form, filters = inbox_filters({"status": "", **filejobs.filters_of(params)})
    rows = selectors.inbox(actor, filters)
    total = rows.count()
    progress(0, total)
    title = _("Assigned suggestions")
    out = INBOX_COLUMNS.lines(filejobs.counted(rows.iterator(chunk_size=500), total, progress))
    return filejobs.table_file(params.get("fmt", "xlsx"), title, INBOX_COLUMNS.header(), out, title)


def register() -> None:
    publicfiles.register(PUBLIC)
    filejobs.register(
        filejobs.FileKind(QUEUE_KIND, gettext_lazy("Suggestions"), _check_queue, _make_queue)
    )
    filejobs.register(
        filejobs.FileKind(
            INBOX_KIND, gettext_lazy("Assigned suggestions"), _check_inbox, _make_inbox
        )
    )
