"""Files made in the background, with a progress bar (issue 22.7; issue 23.3 for PDFs).

Work that takes more than about a second — the registry of 15,000 deputies as a spreadsheet,
a congress's activation letters, the PDF of a handbook — does not run inside the request. An
app registers each kind of file once::

    register(FileKind("registry.directory", _("Deputies"), check=..., make=...))

``check(actor, params)`` decides now whether ``actor`` may have the file (it raises
``NotFound`` otherwise, so a refusal is immediate); ``make(actor, params, progress)`` writes it
in the task, calling ``progress(done, total)`` as it goes, and returns a :class:`Made` (bytes,
file name, content type). A Word document may ask for its PDF beside it (``with_pdf``): the
runner converts it with LibreOffice when one is installed (``core.pdf``).

``request_file`` queues a ``FileJob`` and the ``make_file`` task (Django Tasks, database
backend) runs it; the page ``/documents/jobs/<id>/`` shows the progress (refreshed every
second) and the downloads when ready; ``/documents/jobs/`` lists the person's recent files. On
the command line, ``lvzhi export KIND --user NAME`` makes the same file with a progress bar.

The file is written in the language of the request that asked for it (stored with the job as
``FileJob.language``; on the command line the account's preferred language, or ``--language``):
a Uyghur deputy's export has Uyghur headers and labels, as the page had. Makers therefore do not
fix a language themselves — except the files that must stay Chinese whatever the reader's
language: the deputy register, which imports back (its headers are the import template's), and
the official reports (GB/T 9704 documents issued in Chinese).

A file that holds secrets (activation codes) sets ``FileKind.keep_for``: the stored files are
deleted after that time (``purge_expired``, run before every job), the job row stays.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _

from . import clock, spreadsheets
from .errors import DomainError, NotFound, ValidationFailed
from .models import FileJob, JobStatus

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Check = Callable[[Any, dict[str, str]], None]

# Progress is written to the job's row at most this often (rows), so a 15,000-row export
# updates its bar about every 2 % without a write per row.
PROGRESS_EVERY = 250
# Rows a list's export writes inside the request: above it the export is a background file with
# a progress bar (issue 22.7: work above about a second is not done in the request). Each app
# names its own bound from this one (``INLINE_MAX_ROWS = filejobs.INLINE_MAX_ROWS``).
INLINE_MAX_ROWS = 2000
# Query keys of a list's page that are not filters of its export.
NOT_FILTERS = ("format", "page")
# Parameters are short strings (ids, filters); longer values are cut.
PARAM_MAX_LENGTH = 200


@dataclass(frozen=True)
class Made:
    data: bytes
    filename: str
    content_type: str


Maker = Callable[[Any, dict[str, str], Progress], Made]


@dataclass(frozen=True)
class FileKind:
    key: str
    title: Any
    check: Check
    make: Maker
    with_pdf: bool = False
    keep_for: dt.timedelta | None = None
    # False when ``make`` itself checks the permission (a document maker raises NotFound).
    recheck: bool = True


KINDS: dict[str, FileKind] = {}


def register(kind: FileKind) -> None:
    KINDS[kind.key] = kind


def kind_of(key: str) -> FileKind:
    kind = KINDS.get(key)
    if kind is None:
        raise NotFound(_("No such document."))
    return kind


def clean_params(params: dict[str, Any]) -> dict[str, str]:
    return {str(k)[:40]: str(v)[:PARAM_MAX_LENGTH] for k, v in params.items()}


@transaction.atomic
def request_file(*, actor: Any, kind: str, params: dict[str, Any], title: str = "") -> FileJob:
    """Queue the file ``kind`` with ``params`` for ``actor``. The permission is checked now
    and again when the task writes it."""
    from .tasks import make_file

    k = kind_of(kind)
    params = clean_params(params)
    k.check(actor, params)  # raises NotFound when the actor may not have it
    job = FileJob.objects.create(
        owner=actor,
        kind=kind,
        params=params,
        title=(title or str(k.title))[:200],
        content_type="",
        created_at=clock.now(),
        language=language_code(translation.get_language()),
    )
    transaction.on_commit(lambda: make_file.enqueue(job.pk))
    return job


def language_code(code: str | None) -> str:
    """``code`` if the platform speaks it, else the default language: what a file is written
    in (the language of the request that asked, or of the account on the command line)."""
    code = (code or "").lower()
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class _JobProgress:
    """``progress(done, total)`` for a job: the row is updated every PROGRESS_EVERY rows (and
    at the end); the percentage keeps 5 % for storing (and 10 % more for a PDF)."""

    def __init__(self, job: FileJob, share: int) -> None:
        self.job, self.share, self.last = job, share, -PROGRESS_EVERY

    def __call__(self, done: int, total: int) -> None:
        if done - self.last < PROGRESS_EVERY and done < total:
            return
        self.last = done
        percent = min(self.share, self.share * done // total) if total else 0
        FileJob.objects.filter(pk=self.job.pk).update(
            done=done, total=total, percent=percent, status=JobStatus.RUNNING
        )


def _fail(job: FileJob, exc: Exception) -> FileJob:
    """The job failed: a refusal's own message (e.g. "nobody to invite") is kept for the page;
    any other error only by its type (the log has the traceback)."""
    job.status = JobStatus.FAILED
    job.error = (str(exc.message) if isinstance(exc, DomainError) else type(exc).__name__)[:300]
    job.finished_at = clock.now()
    job.save(update_fields=["status", "error", "finished_at"])
    return job


def run(job_id: int) -> FileJob:
    """The task's body: make the file (checking the permission again), store it, and its PDF
    when the kind asks for one."""
    from . import pdf

    purge_expired()
    job = FileJob.objects.select_related("owner").get(pk=job_id)
    if job.status == JobStatus.DONE:
        return job
    FileJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    try:
        kind = kind_of(job.kind)
        wants_pdf = kind.with_pdf and pdf.converter() is not None
        if kind.recheck:
            kind.check(job.owner, job.params)
        with translation.override(language_code(job.language)):
            made = kind.make(job.owner, job.params, _JobProgress(job, 80 if wants_pdf else 95))
        pdf_data = pdf.docx_to_pdf(made.data) if wants_pdf else None
    except Exception as exc:  # the job says it failed; the worker goes on
        if not isinstance(exc, DomainError):
            logger.exception("background file %s (%s) failed", job.pk, job.kind)
        return _fail(job, exc)
    job.refresh_from_db(fields=["done", "total"])
    job.filename, job.content_type = made.filename[:200], made.content_type[:100]
    job.file.save(f"{job.pk}-{job.filename}", ContentFile(made.data), save=False)
    if pdf_data is not None:
        job.pdf_file.save(f"{job.pk}-{job.pdf_filename}", ContentFile(pdf_data), save=False)
    job.status, job.percent, job.finished_at = JobStatus.DONE, 100, clock.now()
    if kind.keep_for is not None:
        job.expires_at = job.finished_at + kind.keep_for
    job.save()
    return job


def purge_expired() -> int:
    """Delete the stored files of jobs past ``expires_at`` (letters with activation codes)."""
    purged = 0
    for job in FileJob.objects.filter(expires_at__lte=clock.now()).exclude(file=""):
        job.file.delete(save=False)
        if job.pdf_file:
            job.pdf_file.delete(save=False)
        FileJob.objects.filter(pk=job.pk).update(file="", pdf_file="")
        purged += 1
    return purged


def get_job_for_user(user: Any, pk: int) -> FileJob:
    job = FileJob.objects.filter(pk=pk, owner_id=getattr(user, "pk", None)).first()
    if job is None:
        raise NotFound(_("No such document."))
    return job


def recent_jobs(user: Any, limit: int = 30) -> list[FileJob]:
    return list(FileJob.objects.filter(owner_id=getattr(user, "pk", None))[:limit])


def make_now(
    *, actor: Any, kind: str, params: dict[str, Any], progress: Progress, language: str = ""
) -> Made:
    """Make the file in this process (the command line's ``lvzhi export``), in ``language``
    (default: the account's preferred language, as its notifications and documents are)."""
    from .i18n import language_of

    k = kind_of(kind)
    params = clean_params(params)
    k.check(actor, params)
    with translation.override(language_code(language or language_of(actor))):
        return k.make(actor, params, progress)


def is_large(rows: Any, limit: int) -> bool:
    """More than ``limit`` rows (counting no further): the export becomes a background file."""
    return int(rows.order_by()[: limit + 1].count()) > limit


def counted(rows: Iterable[Any], total: int, progress: Progress) -> Iterator[Any]:
    """The rows, reporting ``progress(done, total)`` as each is written."""
    for done, row in enumerate(rows, 1):
        yield row
        progress(done, total)


def query_dict(data: Mapping[str, str]) -> QueryDict:
    """A job's parameters as the query of the page that asked for it (its filter form reads
    them the same way)."""
    if isinstance(data, QueryDict):
        return data
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query[key] = value
    return query


def export_params(query: Mapping[str, str], fmt: str) -> dict[str, str]:
    """A list page's query as the parameters of its background export: the filters given (not
    the format nor the page) and the format as ``fmt``."""
    params = {k: v for k, v in query.items() if v and k not in NOT_FILTERS}
    return {**params, "fmt": fmt}


def request_export(*, actor: Any, kind: str, query: Mapping[str, str], fmt: str) -> FileJob:
    """Queue a list page's export (its query's filters, in ``fmt``) as a background file."""
    return request_file(actor=actor, kind=kind, params=export_params(query, fmt))


def filters_of(params: Mapping[str, str]) -> dict[str, str]:
    """A job's parameters without its format: the filters, as the page's query had them."""
    return {k: v for k, v in params.items() if k != "fmt"}


def table_file(
    fmt: str, name: str, header: list[str], lines: Iterable[Any], title: str = ""
) -> Made:
    """A list written as ``name``.csv (``fmt == "csv"``) or as ``name``.xlsx, one sheet titled
    ``title`` (else ``name``) — what the page's direct download writes."""
    if fmt == "csv":
        text = "".join(spreadsheets.csv_lines(header, lines))
        return Made(text.encode("utf-8"), f"{name}.csv", "text/csv; charset=utf-8")
    data = spreadsheets.xlsx_bytes([spreadsheets.Sheet(str(title) or name, header, lines)])
    return Made(data, f"{name}.xlsx", spreadsheets.XLSX_TYPE)


@dataclass(frozen=True)
class ListExport:
    """A signed-in list page's CSV export (issue 22.7): its filters, rows and columns in one
    place, for the download streamed from the request and for the background file alike."""

    kind: str
    title: Any
    # The file's name, or a function of the query giving it.
    filename: str | Callable[[Mapping[str, str]], str]
    allowed: Callable[[Any], bool]
    # The page's filter form and the rows it selects, from a query (the page's GET or a job's
    # parameters).
    filtered: Callable[[Mapping[str, str]], tuple[Any, Any]]
    header: Callable[[], list[str]]
    lines: Callable[[Iterable[Any]], Iterator[Sequence[Any]]]

    def csv(self, rows: Any, progress: Progress | None = None) -> Iterator[str]:
        """The CSV's text, line by line (the download streams it, the job stores it)."""
        total = rows.count() if progress is not None else 0
        if progress is not None:
            progress(0, total)
        items: Iterable[Any] = rows.iterator(chunk_size=2000)
        if progress is not None:
            items = counted(items, total, progress)
        return spreadsheets.csv_lines(self.header(), self.lines(items))

    def check(self, actor: Any, params: dict[str, str]) -> None:
        if not self.allowed(actor) or params.get("fmt") != "csv":
            raise NotFound(_("No such document."))

    def make(self, actor: Any, params: dict[str, str], progress: Progress) -> Made:
        filters = filters_of(params)
        _form, rows = self.filtered(filters)
        text = "".join(self.csv(rows, progress))
        return Made(text.encode("utf-8"), self.name_for(filters), "text/csv; charset=utf-8")

    def file_kind(self) -> FileKind:
        """The kind to ``register`` (the job checks ``allowed`` and writes ``make``)."""
        return FileKind(self.kind, self.title, self.check, self.make)

    def name_for(self, query: Mapping[str, str]) -> str:
        return self.filename(query) if callable(self.filename) else self.filename

    def response(self, actor: Any, query: Mapping[str, str], rows: Any) -> Any:
        """The page's CSV: streamed from the request when small, otherwise a background file
        with a progress bar (the answer sends the browser to the job's page)."""
        from django.http import StreamingHttpResponse
        from django.shortcuts import redirect

        if is_large(rows, INLINE_MAX_ROWS):
            job = request_export(actor=actor, kind=self.kind, query=query, fmt="csv")
            return redirect("core:file_job", pk=job.pk)
        response = StreamingHttpResponse(self.csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = spreadsheets.content_disposition(self.name_for(query))
        return response


def require_param(params: dict[str, str], name: str) -> int:
    """An integer parameter, or a clear refusal."""
    value = params.get(name, "")
    if not value.isdecimal():
        raise ValidationFailed(_("The parameter %(name)s must be a number.") % {"name": name})
    return int(value)
