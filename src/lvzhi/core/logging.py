"""Logging: logs keep no full ID or phone numbers (SPEC rule 6, MLPS 2.0), and can be written as
one JSON object per line for a log collector (``LVZHI_LOG_FORMAT=json``)."""

from __future__ import annotations

import logging
from typing import Any

from .personal import mask_in_text


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the caller's bug; keep the record
            return True
        masked = mask_in_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class PlainFormatter(logging.Formatter):
    """The plain text format, with tracebacks masked too: the filter masks the message only,
    and an exception's text (a value the code was given) can hold a number."""

    def formatException(self, ei: Any) -> str:
        return mask_in_text(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return mask_in_text(super().formatStack(stack_info))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO, UTC), level, logger, message, and the exception
    when there is one. The masking filter runs before, so the message is already masked."""

    def format(self, record: logging.LogRecord) -> str:
        import datetime as dt
        import json

        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = mask_in_text(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)
