"""Field factories for the declarations every app repeats (issue 17): who did something.

``created_by = fields.user()`` is the account that made a row, kept (``PROTECT``) and without
a reverse accessor on the account; other options pass through (``fields.user(null=True,
blank=True)`` for a step not taken yet). A factory builds the same field the long form
builds, so no migration follows from using one; ``null=True`` types the attribute as
optional, as the long form does. ``registry.fields`` adds the references to the registry's
terms, sessions, organisations and deputies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeAlias, TypeVar, overload

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from .models import User

T = TypeVar("T")
M = TypeVar("M", covariant=True)
Ref: TypeAlias = "models.ForeignKey[Any, T]"


@overload
def reference(
    to: type[T], verbose_name: Any = ..., /, *, null: Literal[False] = ..., **options: Any
) -> Ref[T]: ...


@overload
def reference(
    to: type[T], verbose_name: Any = ..., /, *, null: Literal[True], **options: Any
) -> Ref[T | None]: ...


@overload
def reference(to: str, verbose_name: Any = ..., /, **options: Any) -> Ref[Any]: ...


def reference(to: Any, verbose_name: Any = None, /, **options: Any) -> Ref[Any]:
    """A foreign key to ``to`` (a model, its label or ``"self"``) that keeps its target
    (``PROTECT``) and adds no reverse accessor (``related_name="+"``) unless ``options`` say
    otherwise."""
    options.setdefault("on_delete", models.PROTECT)
    options.setdefault("related_name", "+")
    if verbose_name is not None:
        options["verbose_name"] = verbose_name
    return models.ForeignKey(to, **options)


class RefFactory(Protocol[M]):
    """A factory of references to one model: ``null=True`` types the attribute as optional."""

    @overload
    def __call__(
        self, verbose_name: Any = ..., /, *, null: Literal[False] = ..., **options: Any
    ) -> Ref[M]: ...

    @overload
    def __call__(
        self, verbose_name: Any = ..., /, *, null: Literal[True], **options: Any
    ) -> Ref[M | None]: ...


def factory(to: str | Callable[[], str], default_name: Any = None, /) -> Any:
    """The factory of references to ``to`` (a model label, or a function that reads it from
    the settings), named ``default_name`` unless a call names the field; typed by the
    ``RefFactory`` annotation of the variable it is assigned to."""

    def make(verbose_name: Any = default_name, /, *, null: bool = False, **options: Any) -> Any:
        return reference(to() if callable(to) else to, verbose_name, null=null, **options)

    return make


def choice(
    default: models.Choices, verbose_name: Any = None, /, *, max_length: int = 16, **options: Any
) -> models.CharField[Any, str]:
    """A field holding one of the choices of ``default``'s class (a record's status, kind or
    decision), ``default`` until it is set: the field the long form ``models.CharField(
    verbose_name, max_length=16, choices=Status.choices, default=Status.DRAFT)`` builds."""
    return models.CharField(
        verbose_name,
        max_length=max_length,
        choices=type(default).choices,
        default=default,
        **options,
    )


# The account that did something: ``created_by``, ``decided_by``, ``recorded_by``.
user: RefFactory[User] = factory(lambda: settings.AUTH_USER_MODEL)
