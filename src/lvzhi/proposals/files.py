"""The staff's proposal queue as a spreadsheet: streamed from the request when it is small, a
file made in the background with a progress bar when it is large (``core.filejobs``, issue
22.7: work above about a second is not done in the request). The filters are read here and the
columns written in ``exports`` for both."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import filejobs, publicfiles
from lvzhi.core.errors import NotFound

from . import exports, selectors
from .forms import QueueFilterForm

QUEUE_KIND = "proposals.queue"
EXPORT_FORMATS = ("csv", "xlsx")
INLINE_MAX_ROWS = filejobs.INLINE_MAX_ROWS


def queue_filters(data: Mapping[str, str]) -> tuple[QueueFilterForm, selectors.QueueFilters]:
    """The queue's filter form and filters from a query (the page's GET, or a job's
    parameters); an invalid query gives the page's default."""
    query = filejobs.query_dict(data)
    form = QueueFilterForm(query or None)
    if query and form.is_valid():
        return form, selectors.QueueFilters(**form.cleaned_data)
    return form, selectors.QueueFilters()


def public_xlsx(language: str) -> bytes:
    """Every decided proposal of the public list as a workbook in ``language``: the list's
    stored document (``PUBLIC``), the same sheet as its page's download."""
    with translation.override(language):
        return exports.queue_xlsx(selectors.public("").iterator(chunk_size=500))


# The public list's workbook (issue 22.7): the whole list stored in advance (core.publicfiles).
PUBLIC = publicfiles.PublicList(
    name="public-proposals",
    builder="lvzhi.proposals.files.public_xlsx",
    filename=lambda: f"{_('Proposals')}.xlsx",
)


def is_large(qs: Any) -> bool:
    return filejobs.is_large(qs, INLINE_MAX_ROWS)


def _check(actor: Any, params: dict[str, str]) -> None:
    if not selectors.can_see_queue(actor) or params.get("fmt") not in EXPORT_FORMATS:
        raise NotFound(_("No such document."))


def _make(actor: Any, params: dict[str, str], progress: filejobs.Progress) -> filejobs.Made:
    _form, filters = queue_filters(filejobs.filters_of(params))
    qs = selectors.queue(actor, filters)
    total = qs.count()
    progress(0, total)
    lines = exports.lines(filejobs.counted(qs.iterator(chunk_size=500), total, progress))
    name = "议案" if params.get("fmt") == "csv" else str(_("Proposals"))
    return filejobs.table_file(params.get("fmt", "xlsx"), name, exports.header(), lines)


def register() -> None:
    publicfiles.register(PUBLIC)
    filejobs.register(filejobs.FileKind(QUEUE_KIND, gettext_lazy("Proposals"), _check, _make))
