"""The citizens' opinions queue as a spreadsheet: streamed from the request when it is small, a
file made in the background with a progress bar when it is large (``core.filejobs``, issue 22.7:
work above about a second is not done in the request; a prefecture's stations receive hundreds
of thousands of opinions). The columns are written in one place for both."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import filejobs, spreadsheets
from lvzhi.core.errors import NotFound

from . import policies, selectors
from .forms import QueueFilterForm
from .models import Opinion

OPINIONS_KIND = "stations.opinions"
EXPORT_FORMATS = ("csv", "xlsx")
# Rows an export writes inside the request; above it the export is a background file (the
# bound every list's export shares).
INLINE_MAX_ROWS = filejobs.INLINE_MAX_ROWS

# One opinion in an export; the citizen's name and phone stay masked.
EXPORT_COLUMNS = spreadsheets.Columns[Opinion](
    (gettext_lazy("Tracking code"), lambda o: o.tracking_code),
    (gettext_lazy("Station"), lambda o: o.station.organisation.name),
    (
        gettext_lazy("Received at"),
        lambda o: timezone.localtime(o.received_at).strftime("%Y-%m-%d %H:%M"),
    ),
    (gettext_lazy("Channel"), lambda o: o.get_channel_display()),
    (gettext_lazy("Category"), lambda o: o.get_category_display()),
    (gettext_lazy("Subject"), lambda o: o.title),
    (gettext_lazy("Name"), lambda o: o.citizen_name_masked),
    (gettext_lazy("Phone"), lambda o: o.phone_masked),
    (gettext_lazy("Status"), lambda o: o.get_status_display()),
    (gettext_lazy("Way of handling"), lambda o: o.get_outcome_display()),
    (gettext_lazy("Due on"), lambda o: o.due_on.isoformat() if o.due_on else ""),
)
EXPORT_HEADER = EXPORT_COLUMNS.labels
export_row = EXPORT_COLUMNS.row


def may_see_queue(user: Any) -> bool:
    return policies.is_station_staff(user) or policies.deputy_id(user) is not None


def queue_filters(user: Any, data: Mapping[str, str]) -> tuple[QueueFilterForm, Any]:
    """The queue's filter form and filters from a query (the page's GET, or a job's
    parameters); the stations its picker finds are the user's."""
    query = filejobs.query_dict(data)
    form = QueueFilterForm(query or None, stations=selectors.pickable_stations(user))
    c = form.cleaned_data if form.is_valid() else {}
    station = c.get("station")
    filters = selectors.QueueFilters(
        q=c.get("q", ""),
        status=c.get("status", ""),
        station=station.pk if station is not None else None,
        overdue=bool(c.get("overdue")),
        mine=bool(c.get("mine")),
    )
    return form, filters


def export_rows(qs: Any) -> Iterator[list[str]]:
    return (
        export_row(o) for o in qs.select_related(*selectors.QUEUE_RELATED).iterator(chunk_size=500)
    )


def is_large(qs: Any) -> bool:
    """More rows than an export writes inside the request (counting no further)."""
    return filejobs.is_large(qs, INLINE_MAX_ROWS)


def _check(actor: Any, params: dict[str, str]) -> None:
    if not may_see_queue(actor) or params.get("fmt") not in EXPORT_FORMATS:
        raise NotFound(_("No such document."))


def _make(actor: Any, params: dict[str, str], progress: filejobs.Progress) -> filejobs.Made:
    fmt = params.get("fmt", "xlsx")
    _form, filters = queue_filters(actor, filejobs.filters_of(params))
    qs = selectors.queue(actor, filters)
    total = qs.count()
    progress(0, total)
    header = [str(h) for h in EXPORT_HEADER]
    rows = filejobs.counted(export_rows(qs), total, progress)
    name = "群众意见" if fmt == "csv" else str(_("Citizens' opinions"))
    return filejobs.table_file(fmt, name, header, rows)


def register() -> None:
    filejobs.register(
        filejobs.FileKind(OPINIONS_KIND, gettext_lazy("Citizens' opinions"), _check, _make)
    )
