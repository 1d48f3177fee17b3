"""Field factories for the references every app makes to the registry (issue 17): a row's
term, session, organisation, deputy, congress or seat (membership), kept (``PROTECT``) and
without a reverse accessor unless the options say otherwise. ``fields.term()`` is the field
the long form ``models.ForeignKey("registry.Term", on_delete=models.PROTECT,
related_name="+", verbose_name=_("term"))`` builds, so no migration follows from using one.
``user``, ``reference`` and ``choice`` are ``core.fields``'s, so a models module imports one
module for all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from lvzhi.core.fields import RefFactory, choice, factory, reference, user

if TYPE_CHECKING:
    from .models import Congress, Deputy, Membership, Organisation, Session, Term

__all__ = [
    "choice",
    "congress",
    "deputy",
    "membership",
    "organisation",
    "reference",
    "session",
    "term",
    "user",
]

TERM = _("term")
SESSION = _("session")
SEAT = _("seat")

term: RefFactory[Term] = factory("registry.Term", TERM)
session: RefFactory[Session] = factory("registry.Session", SESSION)
organisation: RefFactory[Organisation] = factory("registry.Organisation")
deputy: RefFactory[Deputy] = factory("registry.Deputy")
congress: RefFactory[Congress] = factory("registry.Congress")
membership: RefFactory[Membership] = factory("registry.Membership", SEAT)
