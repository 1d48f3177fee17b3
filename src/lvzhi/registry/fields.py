"""Field factories for the references every app makes to the registry (issue 17): a row's
term, session, organisation or deputy, kept (``PROTECT``) and without a reverse accessor
unless the options say otherwise. ``fields.term()`` is the field the long form
``models.ForeignKey("registry.Term", on_delete=models.PROTECT, related_name="+",
verbose_name=_("term"))`` builds, so no migration follows from using one. ``user`` is
``core.fields.user``, so a models module imports one module for both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, overload

from django.utils.translation import gettext_lazy as _

from lvzhi.core.fields import Ref, reference, user

if TYPE_CHECKING:
    from .models import Deputy, Organisation, Session, Term

__all__ = ["deputy", "organisation", "reference", "session", "term", "user"]

TERM = _("term")
SESSION = _("session")


@overload
def term(
    verbose_name: Any = ..., /, *, null: Literal[False] = ..., **options: Any
) -> Ref[Term]: ...


@overload
def term(
    verbose_name: Any = ..., /, *, null: Literal[True], **options: Any
) -> Ref[Term | None]: ...


def term(verbose_name: Any = TERM, /, *, null: bool = False, **options: Any) -> Ref[Any]:
    return reference("registry.Term", verbose_name, null=null, **options)


@overload
def session(
    verbose_name: Any = ..., /, *, null: Literal[False] = ..., **options: Any
) -> Ref[Session]: ...


@overload
def session(
    verbose_name: Any = ..., /, *, null: Literal[True], **options: Any
) -> Ref[Session | None]: ...


def session(verbose_name: Any = SESSION, /, *, null: bool = False, **options: Any) -> Ref[Any]:
    return reference("registry.Session", verbose_name, null=null, **options)


@overload
def organisation(
    verbose_name: Any = ..., /, *, null: Literal[False] = ..., **options: Any
) -> Ref[Organisation]: ...


@overload
def organisation(
    verbose_name: Any = ..., /, *, null: Literal[True], **options: Any
) -> Ref[Organisation | None]: ...


def organisation(verbose_name: Any = None, /, *, null: bool = False, **options: Any) -> Ref[Any]:
    return reference("registry.Organisation", verbose_name, null=null, **options)


@overload
def deputy(
    verbose_name: Any = ..., /, *, null: Literal[False] = ..., **options: Any
) -> Ref[Deputy]: ...


@overload
def deputy(
    verbose_name: Any = ..., /, *, null: Literal[True], **options: Any
) -> Ref[Deputy | None]: ...


def deputy(verbose_name: Any = None, /, *, null: bool = False, **options: Any) -> Ref[Any]:
    return reference("registry.Deputy", verbose_name, null=null, **options)
