"""PDF of every Word document, made in the background (issue 23 point 3).

An app registers each of its documents once: ``register("records.handbook", title, make)``
where ``make(user, params) -> (docx bytes, file name)`` checks the user's permission exactly
as the .docx view does (it raises ``NotFound`` otherwise). ``request_pdf`` queues a
``PdfJob`` and the ``make_pdf`` task (Django Tasks, database backend) writes the .docx,
converts it with LibreOffice headless and stores the file, moving the job's percentage on the
way; the page ``/documents/pdf/<id>/`` shows the progress and the download when ready.

The converter is LibreOffice's ``soffice`` (Debian ``libreoffice-writer-nogui``), run with
a private profile so conversions can run side by side, and with ``core/data/fonts.conf`` as
its fontconfig file: that file maps the official fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312,
黑体, 宋体) to the installed official font when there is one, else to the free fonts Debian
ships (fonts-noto-cjk, fonts-arphic-uming, fonts-arphic-ukai) — ``documents.FREE_EQUIVALENTS``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from . import clock
from .errors import NotFound, ValidationFailed
from .models import PdfJob, PdfStatus

CONVERT_TIMEOUT_S = 180
FONTS_CONF = Path(__file__).parent / "data" / "fonts.conf"

Maker = Callable[[Any, dict[str, Any]], tuple[bytes, str]]


@dataclass(frozen=True)
class Kind:
    key: str
    title: Any
    make: Maker


KINDS: dict[str, Kind] = {}


def register(key: str, title: Any, make: Maker) -> None:
    KINDS[key] = Kind(key, title, make)


def converter() -> str | None:
    """LibreOffice's command line, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes:
    """Convert with LibreOffice headless in a private profile folder (runs alongside others),
    the official fonts mapped by ``core/data/fonts.conf``."""
    exe = converter()
    if exe is None:
        raise RuntimeError("no converter")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "document.docx"
        src.write_bytes(data)
        env = {**os.environ, "HOME": tmp}
        if FONTS_CONF.exists():
            env["FONTCONFIG_FILE"] = str(FONTS_CONF)
        subprocess.run(  # noqa: S603 - fixed arguments, our own temporary file
            [
                exe,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            timeout=CONVERT_TIMEOUT_S,
            capture_output=True,
            env=env,
        )
        return (Path(tmp) / "document.pdf").read_bytes()


@transaction.atomic
def request_pdf(*, actor: Any, kind: str, params: dict[str, Any]) -> PdfJob:
    """Queue the PDF of one document for ``actor``. The permission is checked now (so a
    refusal is immediate) and again when the task writes it."""
    from .tasks import make_pdf

    k = KINDS.get(kind)
    if k is None:
        raise NotFound(_("No such document."))
    if converter() is None:
        raise ValidationFailed(_("PDF is not available: no document converter is installed."))
    params = {str(key): str(value)[:64] for key, value in params.items()}
    _data, filename = k.make(actor, params)  # raises NotFound when the actor may not see it
    job = PdfJob.objects.create(
        owner=actor,
        kind=kind,
        params=params,
        title=str(k.title)[:200],
        filename=Path(filename).with_suffix(".pdf").name[:200],
        created_at=clock.now(),
    )
    transaction.on_commit(lambda: make_pdf.enqueue(job.pk))
    return job


def _progress(job: PdfJob, percent: int, status: str = PdfStatus.RUNNING) -> None:
    PdfJob.objects.filter(pk=job.pk).update(percent=percent, status=status)


def run(job_id: int) -> PdfJob:
    """The task's body: write the .docx, convert it, store the PDF."""
    job = PdfJob.objects.select_related("owner").get(pk=job_id)
    if job.status == PdfStatus.DONE:
        return job
    _progress(job, 10)
    try:
        data, _filename = KINDS[job.kind].make(job.owner, job.params)
        _progress(job, 40)
        pdf = docx_to_pdf(data)
        _progress(job, 90)
    except Exception as exc:
        job.status = PdfStatus.FAILED
        job.error = type(exc).__name__[:300]
        job.finished_at = clock.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return job
    job.file.save(f"{job.pk}-{job.filename}", ContentFile(pdf), save=False)
    job.status, job.percent, job.finished_at = PdfStatus.DONE, 100, clock.now()
    job.save(update_fields=["file", "status", "percent", "finished_at"])
    return job


def get_job_for_user(user: Any, pk: int) -> PdfJob:
    job = PdfJob.objects.filter(pk=pk, owner_id=getattr(user, "pk", None)).first()
    if job is None:
        raise NotFound(_("No such document."))
    return job
