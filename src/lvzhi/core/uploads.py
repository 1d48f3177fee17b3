"""The size limit every service that takes an upload applies, written once (issue 17)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .errors import ValidationFailed


def refuse_too_large(upload: Any, max_bytes: int, field: str, message: str = "") -> None:
    """A refusal on ``field`` when ``upload`` is larger than ``max_bytes``; ``message`` (with
    ``%(mb)d``, the limit in MB) names what was sent, "the file" unless given."""
    if upload.size > max_bytes:
        text = message or _("The file is too large; at most %(mb)d MB.")
        raise ValidationFailed(text % {"mb": max_bytes // 2**20}, field=field)
