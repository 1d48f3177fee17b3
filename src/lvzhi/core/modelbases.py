"""Abstract bases for the model shapes several apps repeat (issue 17). A base adds no column
of its own and changes none, so no migration follows from using one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.utils.functional import cached_property

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
