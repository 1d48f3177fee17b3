"""The notice rows of the two kinds of motion (proposals, suggestions): each row is titled
after its subject and links to a page of it (``core.notices``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lvzhi.core.i18n import Localized
from lvzhi.core.notices import Link, Notice, Text


def motion_notice(
    app: str,
    kind: str,
    audience: Any,
    recipients: Any,
    title: str,
    *,
    names: Callable[[Any], dict[str, Any]],
    url: Link,
    body: Text | None = None,
    when: Callable[[Any], bool] | None = None,
) -> Notice:
    """The row of ``app``'s notice table for the event ``<app>.<kind>``: ``title`` filled in
    with ``names(subject)``, linking to ``url``."""
    return Notice(
        kind=f"{app}.{kind}",
        audience=audience,
        recipients=recipients,
        title=lambda e, obj: Localized(title, **names(obj)),
        body=body,
        when=when,
        url=url,
    )
