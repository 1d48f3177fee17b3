"""The OpenAPI description of an operation that answers a file rather than JSON (issue 17)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def binary(
    content_type: str, description: str = "成功", others: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``openapi_extra`` for a 200 whose body is a file of ``content_type`` (``"*/*"`` for any),
    with the ``others`` responses by status code (``{"302": {...}}``)."""
    body = {content_type: {"schema": {"type": "string", "format": "binary"}}}
    return {"responses": {"200": {"description": description, "content": body}, **(others or {})}}
