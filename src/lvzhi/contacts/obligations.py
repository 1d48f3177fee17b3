"""The obligations of chapter 4 of one organisation for a year, done and missing, each with
its rule id and article (SPEC section 5). Computed from selectors with a fixed number of
queries whatever the number of members, deputies and contacts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.registry.models import Organisation

from . import rules, selectors
from .models import Holder, HolderKind


@dataclass
class Obligation:
    rule: str
    article: str
    text: str
    done: bool
    detail: str = ""
    warning: bool = False  # done or not, something is off the rule (e.g. a fourth deputy)


@dataclass
class HolderObligations:
    holder: Holder
    items: list[Obligation] = field(default_factory=list)
    member: Any = None

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.done)

    @property
    def missing(self) -> int:
        return sum(1 for i in self.items if not i.done)


def _member_items(m: selectors.MemberYear) -> list[Obligation]:
    links = Obligation(
        rule="R33",
        article=_("Art 67"),
        text=_("Linked to %(n)s deputies, mainly of the own electoral unit, grassroots first")
        % {"n": rules.MEMBER_LINKS},
        done=m.link_count >= rules.MEMBER_LINKS,
        detail=_("%(n)s linked") % {"n": m.link_count},
        warning=m.link_warning,
    )
    behind = "、".join(f"{r.deputy.name}（{r.contacts}）" for r in m.behind)
    contacts = Obligation(
        rule="R34",
        article=_("Art 68"),
        text=_("At least %(n)s contacts a year with each linked deputy")
        % {"n": rules.MEMBER_CONTACTS_PER_DEPUTY},
        done=not m.flagged,
        detail=(_("Behind with: %(names)s") % {"names": behind}) if behind else "",
    )
    opinions = Obligation(
        rule="R35",
        article=_("Art 69"),
        text=_("Opinions of the linked deputies answered or forwarded"),
        done=m.open_opinions == 0,
        detail=(_("%(n)s waiting") % {"n": m.open_opinions}) if m.open_opinions else "",
    )
    return [links, contacts, opinions]


def for_organisation(organisation: Organisation, year: int) -> list[HolderObligations]:
    """Obligations of every member of a Standing Committee (R33-R35). Four queries."""
    holders = list(
        Holder.objects.filter(
            organisation=organisation, kind=HolderKind.SC_MEMBER, is_active=True
        ).select_related("organisation", "electoral_unit", "user")
    )
    out = []
    for m in selectors.members_year(holders, year):
        out.append(HolderObligations(holder=m.holder, items=_member_items(m), member=m))
    return out


def summary(organisations: list[Organisation], year: int) -> list[dict[str, Any]]:
    """Per organisation: members, members behind on any rule. Four queries in all."""
    holders = list(
        Holder.objects.filter(
            organisation__in=organisations, kind=HolderKind.SC_MEMBER, is_active=True
        ).select_related("organisation", "electoral_unit")
    )
    by_org: dict[int, dict[str, Any]] = {
        o.pk: {"organisation": o, "members": 0, "behind": 0, "flagged": 0} for o in organisations
    }
    for m in selectors.members_year(holders, year):
        row = by_org[m.holder.organisation_id]
        row["members"] += 1
        items = _member_items(m)
        if any(not i.done for i in items):
            row["behind"] += 1
        if m.flagged:
            row["flagged"] += 1
    return [r for r in by_org.values() if r["members"]]
