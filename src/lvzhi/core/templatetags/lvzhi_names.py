"""``{{ deputy|local_name }}``: the name in the active language (see core.names)."""

from __future__ import annotations

from typing import Any

from django import template

from lvzhi.core.names import local_name as _local_name

register = template.Library()


@register.filter
def local_name(obj: Any) -> str:
    return _local_name(obj)
