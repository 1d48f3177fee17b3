"""Changes of the portal's news (R54, Art 91); each is audited and retires the cached pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import audit, clock
from lvzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.text import clean_text

from . import cache, policies
from .models import News

# The columns the office edits (and the audit shows).
FIELDS = ("title", "summary", "body", "is_published", "published_on")


def _clean(title: str, summary: str, body: str) -> tuple[str, str, str]:
    title = clean_text(title)
    summary = clean_text(summary)
    body = clean_text(body)
    if not title:
        raise ValidationFailed(_("Please enter a title."), field="title")
    if len(title) > 120:
        raise ValidationFailed(_("The title is at most 120 characters long."), field="title")
    if len(summary) > 200:
        raise ValidationFailed(_("The summary is at most 200 characters long."), field="summary")
    if not body:
        raise ValidationFailed(_("Please write the text of the news item."), field="body")
    return title, summary, body


def news_save(
    *,
    actor: Any,
    news: News | None = None,
    title: str,
    summary: str = "",
    body: str,
    is_published: bool,
    published_on: dt.date | None = None,
) -> News:
    """Create (``news=None``) or change a news item. Publishing without a date uses today."""
    if not policies.can_edit_news(actor):
        raise PermissionDenied(_("Only the Standing Committee office edits the portal's news."))
    title, summary, body = _clean(title, summary, body)
    if is_published and published_on is None:
        published_on = clock.today()
    values = dict(zip(FIELDS, (title, summary, body, is_published, published_on), strict=True))
    now = clock.now()
    with transaction.atomic():
        if news is None:
            item = News.objects.create(**values, created_by=actor, created_at=now, updated_at=now)
            audit.record(
                actor=actor,
                action="portal.news_created",
                obj=item,
                after=audit.snapshot(item, FIELDS),
            )
        else:
            found = News.objects.select_for_update().filter(pk=news.pk).first()
            if found is None:
                raise NotFound(_("No such news item."))
            item = found
            before = audit.snapshot(item, FIELDS)
            for name, value in values.items():
                setattr(item, name, value)
            item.updated_at = now
            item.save()
            old, new = audit.diff(before, audit.snapshot(item, FIELDS))
            audit.record(actor=actor, action="portal.news_changed", obj=item, before=old, after=new)
        transaction.on_commit(cache.invalidate)
    return item


def news_delete(*, actor: Any, news_id: int) -> None:
    if not policies.can_edit_news(actor):
        raise PermissionDenied(_("Only the Standing Committee office edits the portal's news."))
    with transaction.atomic():
        item = News.objects.select_for_update().filter(pk=news_id).first()
        if item is None:
            raise NotFound(_("No such news item."))
        audit.record(
            actor=actor, action="portal.news_deleted", obj=item, before=audit.snapshot(item, FIELDS)
        )
        item.delete()
        transaction.on_commit(cache.invalidate)


def verify_allowed(address: str) -> bool:
    """R55: one look-up of a certificate code from ``address``; False once the address has
    made ``CERTIFICATE_VERIFY_LIMIT`` in the window (codes cannot be guessed by trying)."""
    from lvzhi.core.cache import throttle
    from lvzhi.records import rules as records_rules

    return throttle(
        f"certificate-verify:{address}",
        records_rules.CERTIFICATE_VERIFY_LIMIT,
        records_rules.CERTIFICATE_VERIFY_WINDOW_S,
    )
