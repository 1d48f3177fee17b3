"""Reads the subdomains share: the current prefecture term, the rows a form's chosen ids name,
the choice lists of deputies, bodies and handling units."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from lvzhi.registry import policies as registry_policies
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import (
    Deputy,
    Level,
    Membership,
    Organisation,
    OrgKind,
    RoleAssignment,
    Session,
    Term,
)

from .. import policies, rules

BODY_KINDS = (
    OrgKind.OFFICE,
    OrgKind.DEPUTY_AFFAIRS,
    OrgKind.SPECIAL_COMMITTEE,
    OrgKind.WORKING_BODY,
)
ORGANISER_KINDS = (*BODY_KINDS, OrgKind.STANDING_COMMITTEE, OrgKind.REGIONAL_WORK_COMMITTEE)

M = TypeVar("M", bound=Model)


def visible(
    qs: QuerySet[M],
    user: Any,
    q: str,
    roles: frozenset[str],
    body: str,
    taking_part: Callable[[int], Q],
    order: tuple[str, ...],
) -> QuerySet[M]:
    """A list of organised activities as ``user`` may see it: all for a superuser; else those
    whose organising ``body`` lies in the scope of the user's ``roles``, and those the user as
    a deputy takes part in (``taking_part(deputy_id)``). Searched by title, in ``order``."""
    if not getattr(user, "is_superuser", False):
        paths = registry_policies.scope_paths(
            user, frozenset(roles & registry_policies.roles_of(user))
        )
        cond = Q(pk__in=[])
        for p in paths or []:
            cond |= Q(**{f"{body}__path__startswith": p})
        d = policies.deputy_id(user)
        if d is not None:
            cond |= taking_part(d)
        qs = qs.filter(cond)
    if q:
        qs = qs.filter(title__contains=q)
    return qs.order_by(*order)


def organised_visible(model: type[M], user: Any, q: str) -> QuerySet[M]:
    """An inspection or a research list as ``user`` may see it (``visible``): organised by a
    body in the scope of the inspection roles, or with the deputy among its participants;
    the latest start first."""
    rows = model._default_manager
    return visible(
        rows.select_related("organiser", "term"),
        user,
        q,
        policies.INSPECTION_ROLES,
        "organiser",
        lambda d: Q(pk__in=rows.filter(participants__deputy_id=d).values("pk")),
        ("-starts_on", "-id"),
    )


def by_deputy_name(qs: QuerySet[M], *first: str) -> list[M]:
    """The rows of deputies taking part, with their deputy, by the deputy's name (after
    ``first``)."""
    return list(qs.select_related("deputy").order_by(*first, "deputy__name_pinyin"))


def prefecture_term() -> Term | None:
    return Term.objects.filter(congress__level=Level.PREFECTURE, is_current=True).first()


def deputy_choices(term_id: int) -> list[tuple[int, str]]:
    return list(registry_selectors.deputies_serving_in(term_id).values_list("id", "name"))


def granted_bodies(
    user: Any, roles: frozenset[str], kinds: tuple[str, ...]
) -> list[tuple[int, str]]:
    """The bodies the user works for (their grants), or every such body for administrators."""
    if getattr(user, "is_superuser", False) or "admin" in registry_policies.roles_of(user):
        qs = Organisation.objects.filter(kind__in=kinds, is_active=True)
    else:
        qs = Organisation.objects.filter(
            pk__in=RoleAssignment.objects.filter(user=user, role__in=roles).values(
                "organisation_id"
            ),
            kind__in=kinds,
        )
    return list(qs.order_by("path").values_list("id", "name")[: rules.BODY_CHOICES_MAX])


def handling_unit_choices() -> list[tuple[int, str]]:
    """The handling units an opinion or a research report may go to — the same list for the
    page's form and for the POST that checks it."""
    return list(
        registry_selectors.handling_units().values_list("id", "name")[
            : rules.HANDLING_UNIT_CHOICES_MAX
        ]
    )


def county_standing_committees() -> list[tuple[int, str]]:
    """R28: the places a supervision can concern (a county's Standing Committee)."""
    return list(
        Organisation.objects.filter(kind=OrgKind.STANDING_COMMITTEE, congress__level=Level.COUNTY)
        .order_by("path")
        .values_list("id", "name")
    )


def first_session(term: Term) -> Session | None:
    """The term's first session, once recorded: deputy groups are formed after it closes
    (R19), onboarding training is held before it opens (R32)."""
    return Session.objects.filter(term=term, number=1).first()


def sessions_of(term: Term) -> list[Session]:
    return list(Session.objects.filter(term=term).order_by("number"))


# The rows a validated form's chosen ids name (the form offered only existing ones).


def organisation(pk: int) -> Organisation:
    return Organisation.objects.get(pk=pk)


def organisation_or_none(pk: int | None) -> Organisation | None:
    return Organisation.objects.filter(pk=pk).first() if pk else None


def deputy(pk: int) -> Deputy:
    return Deputy.objects.get(pk=pk)


def deputies(pks: Iterable[int]) -> list[Deputy]:
    return list(Deputy.objects.filter(pk__in=list(pks)))


def term(pk: int) -> Term:
    return Term.objects.get(pk=pk)


def session(pk: int) -> Session:
    return Session.objects.get(pk=pk)


def membership_or_none(pk: int | None) -> Membership | None:
    return Membership.objects.filter(pk=pk).first() if pk else None


def shortfall(n: int, minimum: int, message: str) -> str:
    """The warning ``message`` (with ``%(n)d`` and ``%(min)d``) when ``n`` is below
    ``minimum``; else nothing."""
    return message % {"n": n, "min": minimum} if n < minimum else ""
