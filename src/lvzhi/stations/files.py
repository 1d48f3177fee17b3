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

from lvzhi.core import filejobs
from lvzhi.core.errors import NotFound

from . import policies, selectors
from .forms import QueueFilterForm
from .models import Opinion

OPINIONS_KIND = "stations.opinions"
EXPORT_FORMATS = ("csv", "xlsx")
# Rows an export writes inside the request; above it the export is a background file (the
# bound every list's export shares).
INLINE_MAX_ROWS = filejobs.INLINE_MAX_ROWS

EXPORT_HEADER = (
    gettext_lazy("Tracking code"),
    gettext_lazy("Station"),
    gettext_lazy("Received at"),
    gettext_lazy("Channel"),
    gettext_lazy("Category"),
    gettext_lazy("Subject"),
    gettext_lazy("Name"),
    gettext_lazy("Phone"),
    gettext_lazy("Status"),
    gettext_lazy("Way of handling"),
    gettext_lazy("Due on"),
)


def export_row(o: Opinion) -> list[str]:
    """One opinion in an export; the citizen's name and phone stay masked."""
    return [
        o.tracking_code,
        o.station.organisation.name,
        timezone.localtime(o.received_at).strftime("%Y-%m-%d %H:%M"),
        o.get_channel_display(),
        o.get_category_display(),
        o.title,
        o.citizen_name_masked,
        o.phone_masked,
        o.get_status_display(),
        o.get_outcome_display(),
        o.due_on.isoformat() if o.due_on else "",
    ]


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
