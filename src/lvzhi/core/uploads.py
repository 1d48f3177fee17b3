"""What every service that takes an upload does, written once (issue 17): the size limit, and
keeping the file with the columns every stored upload has."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from . import clock
from .errors import ValidationFailed


def refuse_too_large(upload: Any, max_bytes: int, field: str, message: str = "") -> None:
    """A refusal on ``field`` when ``upload`` is larger than ``max_bytes``; ``message`` (with
    ``%(mb)d``, the limit in MB) names what was sent, "the file" unless given."""
    if upload.size > max_bytes:
        text = message or _("The file is too large; at most %(mb)d MB.")
        raise ValidationFailed(text % {"mb": max_bytes // 2**20}, field=field)


def keep(row: Any, upload: Any, data: bytes, kind: tuple[str, str], actor: Any, stem: str) -> None:
    """Store ``data`` (the bytes read from ``upload``; ``kind`` is its content type and file
    extension) in ``row.file`` as ``<stem>.<extension>`` and save ``row`` with the columns
    every stored upload has: the sent file's name (200 characters at most), the type, the
    size, who uploaded it and when."""
    row.name = str(upload.name)[:200]
    row.content_type = kind[0]
    row.size = len(data)
    row.uploaded_by = actor
    row.uploaded_at = clock.now()
    row.file.save(f"{stem}.{kind[1]}", ContentFile(data), save=False)
    row.save()
