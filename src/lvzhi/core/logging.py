"""Logging filter: logs keep no full ID or phone numbers (SPEC rule 6, MLPS 2.0)."""

from __future__ import annotations

import logging

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
