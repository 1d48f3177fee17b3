"""supervision: selectors."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lvzhi.registry import policies as registry_policies
from lvzhi.registry.models import Expertise

from .. import policies, rules
from ..models import (
    Supervision,
)

# ---- supervision ---------------------------------------------------------------------------


def supervisions_for(user: Any, q: str = "") -> QuerySet[Supervision]:
    qs = Supervision.objects.select_related("committee", "place", "term").annotate(
        local_count=Count("invitations", filter=Q(invitations__is_local=True), distinct=True)
    )
    if not getattr(user, "is_superuser", False):
        paths = registry_policies.scope_paths(
            user, frozenset(policies.SUPERVISION_ROLES & registry_policies.roles_of(user))
        )
        cond = Q(pk__in=[])
        for p in paths or []:
            cond |= Q(committee__path__startswith=p)
        d = policies.deputy_id(user)
        if d is not None:
            cond |= Q(pk__in=Supervision.objects.filter(invitations__deputy_id=d).values("pk"))
        qs = qs.filter(cond)
    if q:
        qs = qs.filter(title__contains=q)
    return qs.order_by("-held_on", "-id")


def local_invited(supervision: Supervision) -> int:
    """R28: only deputies of the place concerned count."""
    return supervision.invitations.filter(is_local=True).count()


def r28_warning(local: int) -> str:
    if local < rules.MIN_LOCAL_DEPUTIES:
        return _(
            "%(n)d deputies of the place concerned invited; Art 53 asks for at least %(min)d."
        ) % {
            "n": local,
            "min": rules.MIN_LOCAL_DEPUTIES,
        }
    return ""


def finance_expertise_ids() -> list[int]:
    return list(
        Expertise.objects.filter(name__in=rules.FINANCE_EXPERTISE).values_list("id", flat=True)
    )
