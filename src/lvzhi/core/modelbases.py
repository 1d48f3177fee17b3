"""Abstract bases for the model shapes several apps repeat (issue 17). A base's columns and
constraints are the ones each model declared itself before (same names, same options), so no
migration follows from using one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import fields

if TYPE_CHECKING:
    from .models import Event


class AppendOnly(models.Model):
    """A log whose rows are written once and never changed or deleted by the application (on
    PostgreSQL a trigger refuses it too). ``refusal`` is the error's text."""

    refusal: ClassVar[str]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError(self.refusal)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError(self.refusal)


class Numbered(models.Model):
    """A row without a name of its own (a plan, an invitation, a comment): shown as its model's
    name and its id."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.pk}"


class Created(models.Model):
    """A row that keeps who made it (``created_by``) and when (``created_at``)."""

    created_by = fields.user()
    created_at = models.DateTimeField()

    class Meta:
        abstract = True


class Uploaded(models.Model):
    """A file a user uploaded (a meeting material's version, a suggestion's attachment): its
    name as uploaded, its type and size, who uploaded it and when. The model declares the
    ``file`` itself (where it is stored)."""

    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = fields.user()
    uploaded_at = models.DateTimeField()

    class Meta:
        abstract = True


class Period(models.Model):
    """An activity held over days (an inspection, a training, a thematic research): it ends on
    the day it starts or later (the check ``<model>_ends_after_start``); newest first. A
    model's own ``Meta`` extends ``Period.Meta``."""

    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        abstract = True
        ordering: ClassVar = ["-starts_on", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="%(class)s_ends_after_start"
            ),
        ]


class Named(models.Model):
    """A row shown by its name (a congress, an organisation, a deputy, a holder, an account)."""

    name: str

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class Titled(models.Model):
    """A row shown by its title (a meeting, a sitting, a material, a poll, a news item)."""

    title: str

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class WithTimeline(models.Model):
    """A record whose steps are kept in the one event log (a meeting, a proposal, a suggestion,
    a citizen's opinion, a meeting request): ``timeline`` lists them, oldest first."""

    class Meta:
        abstract = True

    @cached_property
    def timeline(self) -> list[Event]:
        """The steps of this record in the one event log, oldest first."""
        # Imported here: ``events`` reads ``core.models``, which builds on this module.
        from . import events

        return events.timeline(self)
