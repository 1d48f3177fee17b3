"""PDF of every Word document, made in the background (issue 23 point 3).

An app registers each of its documents once: ``register("records.handbook", title, make)``
where ``make(user, params) -> (docx bytes, file name)`` checks the user's permission exactly
as the .docx view does (it raises ``NotFound`` otherwise). The document becomes a kind of
background file (``core.filejobs``): ``request_pdf`` queues a ``FileJob`` whose task writes
the .docx, converts it with LibreOffice headless and stores the PDF; the job's page shows the
progress and the download when ready.

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

from django.utils.translation import gettext as _

from . import filejobs
from .errors import NotFound, ValidationFailed
from .models import FileJob

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
    """A document whose PDF can be asked for: a kind of background file that writes the .docx
    with ``make`` and converts it."""

    def check(actor: Any, params: dict[str, str]) -> None:
        make(actor, params)  # raises NotFound when the actor may not see it

    def make_pdf(actor: Any, params: dict[str, str], progress: filejobs.Progress) -> filejobs.Made:
        data, filename = make(actor, params)
        progress(1, 2)
        return filejobs.Made(
            docx_to_pdf(data), Path(filename).with_suffix(".pdf").name, "application/pdf"
        )

    KINDS[key] = Kind(key, title, make)
    filejobs.register(filejobs.FileKind(key, title, check, make_pdf, recheck=False))


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


def request_pdf(*, actor: Any, kind: str, params: dict[str, Any]) -> FileJob:
    """Queue the PDF of one document for ``actor``. The permission is checked now (so a
    refusal is immediate) and again when the task writes it."""
    if kind not in KINDS:
        raise NotFound(_("No such document."))
    if converter() is None:
        raise ValidationFailed(_("PDF is not available: no document converter is installed."))
    return filejobs.request_file(actor=actor, kind=kind, params=params)


def run(job_id: int) -> FileJob:
    return filejobs.run(job_id)
