"""News and publicity of the public portal (R54, Art 91: publicising the deputies' work)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lvzhi.core.modelbases import Titled
from lvzhi.registry import fields


class News(Titled):
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(_("news summary"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    is_published = models.BooleanField(_("published"), default=False)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    created_by = fields.user()
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        ordering: ClassVar = ["-published_on", "-id"]
        verbose_name = _("news item")
        verbose_name_plural = _("news and publicity")
        constraints: ClassVar = [
            # A published item always has its date (the portal and the sitemap show it).
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_on__isnull=False),
                name="news_published_has_date",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="news_title_not_empty"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["is_published", "-published_on"], name="news_public_order"),
        ]
