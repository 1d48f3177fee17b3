"""Documents built once per version of the data and served from a stored file (issue 26.4):
the Popolo export and the sitemap, which read every public row, are not rebuilt per request.

A document is named by its builder (a dotted path to a function returning its bytes); it is
stored as ``VAR_DIR/prebuilt/<name>-<version><suffix>``, where the version is today's date
and the ids of the last entries of the event log (``core.events``) and of the audit log
(``core.audit``): every change of a deputy, a seat, an organisation, a suggestion, a proposal
or a news item goes through a service that writes one or the other, so a new entry means the
document may have changed, and no new entry means the stored file is current (the date
retires it at midnight, when terms and publication dates may change what is public). A change
written with neither (a data repair in the database shell) shows at the next entry or the
next day.

Serving (``response``):

- the file of the current version exists: it is sent from disk — streamed in blocks
  (``FileResponse``) above ``STREAM_ABOVE`` bytes, in one piece below — a few milliseconds
  whatever its size; a text document (JSON, XML) is also stored gzipped beside it, and a
  client that accepts gzip gets that copy (``Content-Encoding: gzip``): the Popolo file of
  the ``large`` scale is a tenth of its size on the wire, and nothing is compressed per
  request;
- an older file exists: the rebuild is queued in the background (``core.tasks
  .build_document``, once per version: a cache key guards it) and the older file is served
  meanwhile, with ``X-Data-Version`` telling which version it is;
- no file at all (the first request after installation): it is built now.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string

from . import clock, rules
from .models import AuditEvent, Event

STREAM_ABOVE = 1 << 20  # bytes: larger documents are streamed from the file
GZIP_LEVEL = 6  # the stored copy's compression: once per version, in the background
_GZIP_TYPES = ("application/json", "application/xml", "text/")
# "gzip" in Accept-Encoding with its q-value, if any (RFC 9110 12.5.3; "gzip;q=0" refuses it).
_ACCEPTS = re.compile(r"(?:^|,)\s*gzip\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*(?:,|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    name: str  # file stem, e.g. "popolo"
    builder: str  # dotted path of a function (*args) -> bytes (the content, apart from serving)
    content_type: str
    suffix: str = ".json"
    args: tuple[str, ...] = ()

    @property
    def gzipped(self) -> bool:
        """Text is stored gzipped too; a workbook (a zip already) is not."""
        return self.content_type.startswith(_GZIP_TYPES)


def folder() -> Path:
    path = Path(getattr(settings, "PREBUILT_ROOT", None) or Path(settings.VAR_DIR) / "prebuilt")
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_version(using: str = DEFAULT_DB_ALIAS) -> str:
    """Today's date, the last event's id and the last audit entry's id (two index probes in
    one query): ``20261206-1234-5678``. ``using`` names the database to ask: the one the
    answer will be read from (a replica's version is that of the rows it holds)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT max(id) FROM {Event._meta.db_table}), "  # noqa: S608
            f"(SELECT max(id) FROM {AuditEvent._meta.db_table})"
        )
        events, audits = cursor.fetchone()
    return f"{clock.today():%Y%m%d}-{events or 0}-{audits or 0}"


# Per database alias: (time.monotonic() when read, the version read). A dict item's assignment
# is atomic, so the threads of a process may share it.
_remembered: dict[str, tuple[float, str]] = {}


def current_version(using: str = DEFAULT_DB_ALIAS) -> str:
    """``data_version(using)``, remembered in this process for
    ``rules.DATA_VERSION_MEMO_SECONDS``: a stored document or answer served many times a
    second asks the database once a second. A write of this process to either log forgets it
    (``forget_versions``), so whoever changed something sees the change at once."""
    now = time.monotonic()
    seen = _remembered.get(using)
    if seen is not None and now - seen[0] < rules.DATA_VERSION_MEMO_SECONDS:
        return seen[1]
    version = data_version(using=using)
    _remembered[using] = (now, version)
    return version


# The attribute of a database connection that holds its list of commit callbacks
# (``run_on_commit``) as it was when ``forget_versions`` last queued a forgetting in it.
_QUEUED_IN = "_lvzhi_versions_forget_queued_in"


def forget_versions(*_args: Any, **_kwargs: Any) -> None:
    """Forget the remembered versions: an event or audit entry was written (connected to their
    ``post_save`` in ``CoreConfig.ready``). Again at the commit, so a version read inside the
    writing transaction is not kept: one callback a transaction, however many entries it
    writes (a bulk import writes 15,000 events in one). Django gives the connection a new
    list of commit callbacks when it runs them at the commit, at a rollback and at the
    rollback of a savepoint (which drops the callbacks queued inside it): while the list is
    the one the callback was queued in, the callback is still there."""
    _remembered.clear()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return  # written in autocommit: committed already, and forgotten just now
    pending = connection.run_on_commit
    if getattr(connection, _QUEUED_IN, None) is pending:
        return
    transaction.on_commit(_remembered.clear)
    setattr(connection, _QUEUED_IN, pending)


def _order(version: str) -> tuple[int, ...]:
    parts = version.split("-")
    return tuple(int(p) for p in parts) if all(p.isdecimal() for p in parts) else (-1,)


def path_of(doc: Document, version: str) -> Path:
    return folder() / f"{doc.name}-{version}{doc.suffix}"


def gzipped_path(path: Path) -> Path:
    """The stored gzip copy of a document's file."""
    return path.with_name(path.name + ".gz")


def _write(target: Path, content: bytes) -> None:
    """Write ``content`` to ``target`` atomically (a reader sees the old file or the new)."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _stored(doc: Document) -> list[tuple[tuple[int, ...], str, Path]]:
    out = []
    for p in folder().glob(f"{doc.name}-*{doc.suffix}"):
        version = p.name[len(doc.name) + 1 : -len(doc.suffix)]
        if _order(version) >= (0,):
            out.append((_order(version), version, p))
    return sorted(out)


def build(doc: Document, version: str | None = None) -> Path:
    """Build the document for ``version`` (default: the current one), write it atomically
    and remove the older versions' files."""
    version = data_version() if version is None else version
    produce: Callable[..., bytes] = import_string(doc.builder)
    content = produce(*doc.args)
    target = path_of(doc, version)
    if doc.gzipped:  # first, so that the plain file's existence means both are there
        _write(gzipped_path(target), gzip.compress(content, GZIP_LEVEL, mtime=0))
    _write(target, content)
    for order, _v, p in _stored(doc):
        if order < _order(version):
            for old in (p, gzipped_path(p)):
                with contextlib.suppress(OSError):
                    old.unlink()
    return target


def schedule(doc: Document, version: str) -> None:
    """Queue one background build of ``version`` (a second request does not queue another)."""
    from .tasks import build_document

    if cache.add(f"prebuilt:{doc.name}:{version}", 1, timeout=600):
        build_document.enqueue(
            doc.name, doc.builder, doc.content_type, doc.suffix, version, list(doc.args)
        )


def accepts_gzip(request: HttpRequest | None) -> bool:
    """Whether the client takes a gzip-encoded answer (and has not refused it with q=0)."""
    if request is None:
        return False
    found = _ACCEPTS.search(request.headers.get("Accept-Encoding", ""))
    if found is None:
        return False
    try:
        return found.group(1) is None or float(found.group(1)) > 0
    except ValueError:
        return False


def response(doc: Document, request: HttpRequest | None = None) -> HttpResponse | FileResponse:
    """The stored document of the current data, or the last one while it is rebuilt; its gzip
    copy to a ``request`` that accepts gzip."""
    packed = doc.gzipped and accepts_gzip(request)
    version = current_version()
    for _attempt in range(3):  # a file may be replaced between looking and opening
        current = path_of(doc, version)
        served = version
        if not current.exists():
            older = _stored(doc)
            if older:
                schedule(doc, version)
                if not current.exists():  # (an immediate task backend has built it already)
                    _, served, current = older[-1]
            else:
                build(doc, version)
        try:
            return _file(doc, current, served, packed)
        except FileNotFoundError:
            continue
    build(doc, version)
    return _file(doc, path_of(doc, version), version, packed)


def _file(doc: Document, path: Path, version: str, packed: bool) -> HttpResponse | FileResponse:
    f = None
    if packed:
        with contextlib.suppress(FileNotFoundError):  # (a file stored before the copies were)
            f = gzipped_path(path).open("rb")
    encoding = "gzip" if f is not None else None
    f = f or path.open("rb")
    answer: HttpResponse | FileResponse
    if os.fstat(f.fileno()).st_size > STREAM_ABOVE:
        # Named as the document, not as its stored copy.
        answer = FileResponse(f, content_type=doc.content_type, filename=path.name)
    else:
        with f:
            answer = HttpResponse(f.read(), content_type=doc.content_type)
    if encoding:
        answer["Content-Encoding"] = encoding
    if doc.gzipped:
        patch_vary_headers(answer, ("Accept-Encoding",))
    answer["X-Data-Version"] = version
    return answer
