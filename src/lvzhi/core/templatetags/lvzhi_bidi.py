"""Bidi isolation in templates (core.bidi): ``{{ value|bdi }}`` wraps user data, numbers and
dates in ``<bdi>`` on a right-to-left page (Uyghur, Kazakh) and leaves a Chinese page as it
was; ``{{ date|long_date }}`` writes a date in the page language's own convention."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.safestring import SafeString

from lvzhi.core import bidi as _bidi

register = template.Library()


@register.filter
def bdi(value: Any) -> SafeString:
    return _bidi.isolate_html(value)


@register.filter
def long_date(value: dt.date | dt.datetime | None) -> str:
    return _bidi.long_date(value)
