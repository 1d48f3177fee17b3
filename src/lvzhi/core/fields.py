"""Field factories for the declarations every app repeats (issue 17): who did something.

``created_by = fields.user()`` is the account that made a row, kept (``PROTECT``) and without
a reverse accessor on the account; other options pass through (``fields.user(null=True,
blank=True)`` for a step not taken yet). A factory builds the same field the long form
builds, so no migration follows from using one; ``null=True`` types the attribute as
optional, as the long form does. ``registry.fields`` adds the references to the registry's
terms, sessions, organisations and deputies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypeVar, overload

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from .models import User

T = TypeVar("T")
Ref: TypeAlias = "models.ForeignKey[Any, T]"


def reference(to: str, verbose_name: Any = None, /, **options: Any) -> Ref[Any]:
    """A foreign key to ``to`` that keeps its target (``PROTECT``) and adds no reverse
    accessor (``related_name="+"``) unless ``options`` say otherwise."""
    options.setdefault("on_delete", models.PROTECT)
    options.setdefault("related_name", "+")
    if verbose_name is not None:
        options["verbose_name"] = verbose_name
    return models.ForeignKey(to, **options)


@overload
def user(
    verbose_name: Any = ..., /, *, null: Literal[False] = ..., **options: Any
) -> Ref[User]: ...


@overload
def user(
    verbose_name: Any = ..., /, *, null: Literal[True], **options: Any
) -> Ref[User | None]: ...


def user(verbose_name: Any = None, /, *, null: bool = False, **options: Any) -> Ref[Any]:
    """The account that did something: ``created_by``, ``decided_by``, ``recorded_by``."""
    return reference(settings.AUTH_USER_MODEL, verbose_name, null=null, **options)
