"""The citizens' opinions queue as a spreadsheet: streamed from the request when it is small, a
file made in the background with a progress bar when it is large (``core.filejobs``, issue 22.7:
work above about a second is not done in the request; a prefecture's stations receive hundreds
of thousands of opinions). The columns are written in one place for both."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import filejobs
from lvzhi.core.errors import NotFound
from lvzhi.core.forms import Written

from . import policies, rules, selectors
from .forms import QueueFilterForm
from .models import Opinion

log = logging.getLogger(__name__)

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


# The generation of the kept station options: a new value whenever a station or an
# organisation is saved or deleted (``forget_station_options``, connected in ``apps``).
GENERATION_KEY = "stations:choices:generation"


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY) or generation
    return str(generation)


def forget_station_options(*_args: Any, **_kwargs: Any) -> None:
    """A station or an organisation changed (its name, its place in the tree): the options
    written so far are not used again. Again at the commit, so options written meanwhile
    from the rows before the change are not kept."""

    def forget() -> None:
        try:
            cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
        except Exception:  # the options then live until STATION_CHOICES_CACHE_SECONDS
            log.warning("station options not forgotten", exc_info=True)

    forget()
    transaction.on_commit(forget)


def station_options(user: Any) -> Written:
    """The user's stations for the queue's filter (``selectors.station_choices``), their
    options written once and kept in the cache per set of station-staff grants, until a
    station or an organisation changes (``forget_station_options``): over the whole tree the
    20,000 stations cost 25-70 ms of SQL and 15-25 ms of Python a request (issue 26.2). No
    query at all when kept, so a new opinion (which changes no option) costs none."""
    paths = policies.staff_paths(user)
    if not paths:
        return Written([])
    scope = hashlib.sha256("|".join(paths).encode()).hexdigest()[:32]
    try:
        key = f"stations:choices:{_generation()}:{scope}"
        kept = cache.get(key)
    except Exception:  # a cache that fails altogether: the options are written afresh
        log.warning("station options not read from the cache", exc_info=True)
        return Written(selectors.station_choices(user))
    if isinstance(kept, Written):
        return kept
    options = Written(selectors.station_choices(user))
    try:
        cache.set(key, options, rules.STATION_CHOICES_CACHE_SECONDS)
    except Exception:
        log.warning("station options not kept in the cache", exc_info=True)
    return options


def queue_filters(user: Any, data: Mapping[str, str]) -> tuple[QueueFilterForm, Any]:
    """The queue's filter form and filters from a query (the page's GET, or a job's
    parameters); the stations offered are the user's."""
    query = filejobs.query_dict(data)
    form = QueueFilterForm(query or None, stations=station_options(user))
    c = form.cleaned_data if form.is_valid() else {}
    filters = selectors.QueueFilters(
        q=c.get("q", ""),
        status=c.get("status", ""),
        station=c.get("station"),
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
