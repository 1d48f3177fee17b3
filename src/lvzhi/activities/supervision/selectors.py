"""supervision: selectors."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lvzhi.registry.models import Deputy, Expertise, Membership, MembershipStatus

from .. import policies, rules
from ..common import selectors as common_selectors
from ..models import Supervision, SupervisionInvitation, SupervisionOpinion

# ---- supervision ---------------------------------------------------------------------------


def supervisions_for(user: Any, q: str = "") -> QuerySet[Supervision]:
    return common_selectors.visible(
        Supervision.objects.select_related("committee", "place", "term").annotate(
            local_count=Count("invitations", filter=Q(invitations__is_local=True), distinct=True)
        ),
        user,
        q,
        policies.SUPERVISION_ROLES,
        "committee",
        lambda d: Q(pk__in=Supervision.objects.filter(invitations__deputy_id=d).values("pk")),
        ("-held_on", "-id"),
    )


def local_invited(supervision: Supervision) -> int:
    """R28: only deputies of the place concerned count."""
    return supervision.invitations.filter(is_local=True).count()


def r28_warning(local: int) -> str:
    return common_selectors.shortfall(
        local,
        rules.MIN_LOCAL_DEPUTIES,
        _("%(n)d deputies of the place concerned invited; Art 53 asks for at least %(min)d."),
    )


def finance_expertise_ids() -> list[int]:
    return list(
        Expertise.objects.filter(name__in=rules.FINANCE_EXPERTISE).values_list("id", flat=True)
    )


def supervision(pk: int) -> Supervision | None:
    return Supervision.objects.select_related("committee", "place", "term").filter(pk=pk).first()


def invitations_of(s: Supervision) -> list[SupervisionInvitation]:
    return common_selectors.by_deputy_name(
        SupervisionInvitation.objects.filter(supervision=s), "-is_local"
    )


def invitee_choices(s: Supervision) -> list[tuple[int, str]]:
    return list(
        SupervisionInvitation.objects.filter(supervision=s).values_list("deputy_id", "deputy__name")
    )


def local_deputy_choices(s: Supervision, exclude: Iterable[int] = ()) -> list[tuple[int, str]]:
    """R28: the deputies serving in the term whose electoral unit or delegation lies in the
    place concerned, without those already invited."""
    local_ids = (
        Membership.objects.filter(term=s.term, status=MembershipStatus.SERVING)
        .filter(
            Q(electoral_unit__path__startswith=s.place.path)
            | Q(delegation__path__startswith=s.place.path)
        )
        .values("deputy_id")
    )
    return list(
        Deputy.objects.filter(pk__in=local_ids)
        .exclude(pk__in=list(exclude))
        .order_by("name_pinyin")
        .values_list("id", "name")
    )


def opinions_of(s: Supervision) -> list[SupervisionOpinion]:
    return list(SupervisionOpinion.objects.filter(supervision=s).select_related("deputy"))


def opinion_of(s: Supervision, opinion_id: int) -> SupervisionOpinion | None:
    return SupervisionOpinion.objects.filter(pk=opinion_id, supervision=s).first()
