"""The obligations of chapter 4 of one organisation for a year, done and missing, each with
its rule id and article (SPEC section 5). Computed from selectors with a fixed number of
queries whatever the number of holders, deputies, contacts and activities."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from lvzhi.core import clock
from lvzhi.registry.models import Organisation, OrgKind

from . import policies, rules, selectors
from .models import ActivityKind, Holder, HolderKind

DONE, OPEN, MISSING = "done", "open", "missing"


@dataclass
class Obligation:
    rule: str
    article: str
    text: str
    done: bool
    detail: str = ""
    warning: bool = False  # done or not, something is off the rule (e.g. a fourth deputy)
    due: dt.date | None = None  # not done before this day is still open, not missing

    @property
    def state(self) -> str:
        if self.done:
            return DONE
        if self.due is not None and clock.today() <= self.due:
            return OPEN
        return MISSING


@dataclass
class HolderObligations:
    holder: Holder | None
    items: list[Obligation] = field(default_factory=list)
    member: Any = None

    @property
    def missing(self) -> int:
        return sum(1 for i in self.items if i.state == MISSING)


@dataclass
class OrganisationObligations:
    organisation: Organisation
    year: int
    items: list[Obligation] = field(default_factory=list)  # of the organisation itself
    rows: list[HolderObligations] = field(default_factory=list)  # of each holder

    @property
    def behind(self) -> int:
        """Holders (and the organisation itself) with at least one missing obligation."""
        own = 1 if any(i.state == MISSING for i in self.items) else 0
        return own + sum(1 for r in self.rows if r.missing)

    @property
    def missing(self) -> int:
        return sum(1 for i in self.items if i.state == MISSING) + sum(r.missing for r in self.rows)


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _report_item(rule: str, article: str, done: bool, year: int) -> Obligation:
    return Obligation(
        rule=rule,
        article=article,
        text=_("Written year-end report on the contacts with deputies"),
        done=done,
        due=_year_end(year),
    )


def _member_items(m: selectors.MemberYear, reported: bool) -> list[Obligation]:
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
    return [links, contacts, opinions, _report_item("R34", _("Art 68"), reported, m.year)]


def _holders(organisations: list[Organisation]) -> list[Holder]:
    return list(
        Holder.objects.filter(organisation__in=organisations, is_active=True)
        .select_related("organisation", "electoral_unit", "user")
        .order_by("organisation__path", "kind", "name", "id")
    )


def _committee_items(
    year: int, head: Holder | None, member: Any, activities: list[Any], reported: bool
) -> list[Obligation]:
    size = member.link_count if member else 0
    items = [
        Obligation(
            rule="R36",
            article=_("Art 72"),
            text=_("A professional group of %(min)s-%(max)s deputies led by the committee's head")
            % {"min": rules.COMMITTEE_GROUP_MIN, "max": rules.COMMITTEE_GROUP_MAX},
            done=head is not None and not rules.committee_group_warning(size),
            detail=(_("%(n)s deputies") % {"n": size})
            if head
            else _("No committee head registered"),
            warning=head is not None and rules.committee_group_warning(size),
        )
    ]
    for half, (first, last) in enumerate(rules.HALF_YEARS):
        held = [
            a
            for a in activities
            if a.kind == ActivityKind.GROUP and rules.half_of(a.held_on.month) == half
        ]
        end = dt.date(year, last, 30 if last == 6 else 31)
        items.append(
            Obligation(
                rule="R36",
                article=_("Art 72"),
                text=_("A group activity in %(first)s-%(last)s")
                % {"first": f"{year}.{first}", "last": f"{year}.{last}"},
                done=bool(held),
                detail="、".join(f"{a.held_on:%m-%d} {a.title}" for a in held),
                due=end,
            )
        )
    items.append(_report_item("R37", _("Art 73"), reported, year))
    return items


def _organ_items(year: int, principal: Holder | None, activities: list[Any]) -> list[Obligation]:
    forums = [a for a in activities if a.kind == ActivityKind.FORUM]
    good = [a for a in forums if rules.forum_counts(a.n)]
    briefings = [a for a in activities if a.kind == ActivityKind.BRIEFING]
    low, high = rules.BRIEFINGS_PER_YEAR
    return [
        Obligation(
            rule="R38",
            article=_("Art 75"),
            text=_(
                "The principal leader holds at least one forum a year with at least %(n)s deputies"
            )
            % {"n": rules.FORUM_MIN_DEPUTIES},
            done=len(good) >= rules.FORUMS_PER_YEAR,
            detail="、".join(f"{a.held_on:%m-%d} {a.title}（{a.n}）" for a in forums)
            or (_("No principal leader registered") if principal is None else ""),
            due=_year_end(year),
        ),
        Obligation(
            rule="R38",
            article=_("Art 75"),
            text=_("Briefings to deputies %(low)s-%(high)s times a year")
            % {"low": low, "high": high},
            done=len(briefings) >= low,
            detail=_("%(n)s held") % {"n": len(briefings)},
            warning=len(briefings) > high,
            due=_year_end(year),
        ),
    ]


def _leader_items(grassroots: int, member: selectors.MemberYear) -> list[Obligation]:
    """R38 (Art 75): a leader *contacts* about three grassroots deputies: the links alone
    are not the contacts, so the year counts the grassroots deputies met in it."""
    contacted = sum(1 for r in member.rows if r.deputy.is_grassroots and r.contacts > 0)
    return [
        Obligation(
            rule="R38",
            article=_("Art 75"),
            text=_("Contacts about %(n)s grassroots deputies") % {"n": rules.LEADER_LINKS},
            done=rules.leader_contacts_ok(linked=grassroots, contacted=contacted),
            detail=_("%(linked)s grassroots deputies linked, %(contacted)s contacted this year")
            % {"linked": grassroots, "contacted": contacted},
            warning=grassroots > rules.LEADER_LINKS_ABOUT[1],
            due=_year_end(member.year),
        )
    ]


def for_organisations(
    organisations: list[Organisation], year: int
) -> list[OrganisationObligations]:
    """Chapter 4 obligations of many organisations in a fixed number of queries: holders,
    members' links/contacts/opinions (three), reports, activities, grassroots links,
    consultations."""
    holders = _holders(organisations)
    members = {m.holder.pk: m for m in selectors.members_year(holders, year)}
    reported = selectors.reports_of(holders, year)
    activities = selectors.activities_of(organisations, year)
    grassroots = selectors.grassroots_links(
        [h for h in holders if h.kind in (HolderKind.ORGAN_LEADER, HolderKind.ORGAN_PRINCIPAL)],
        year,
    )
    extra = extra_organ_items(organisations, year)
    by_org = {o.pk: OrganisationObligations(organisation=o, year=year) for o in organisations}
    for h in holders:
        out = by_org[h.organisation_id]
        if h.kind == HolderKind.SC_MEMBER:
            out.rows.append(
                HolderObligations(
                    holder=h,
                    items=_member_items(members[h.pk], h.pk in reported),
                    member=members[h.pk],
                )
            )
        elif h.kind in (HolderKind.ORGAN_LEADER, HolderKind.ORGAN_PRINCIPAL):
            out.rows.append(
                HolderObligations(
                    holder=h,
                    items=_leader_items(grassroots.get(h.pk, 0), members[h.pk]),
                    member=members[h.pk],
                )
            )
    for o in organisations:
        out = by_org[o.pk]
        if o.kind == OrgKind.SPECIAL_COMMITTEE:
            head = next(
                (
                    h
                    for h in holders
                    if h.organisation_id == o.pk and h.kind == HolderKind.COMMITTEE_HEAD
                ),
                None,
            )
            out.items = _committee_items(
                year,
                head,
                members.get(head.pk) if head else None,
                activities[o.pk],
                head is not None and head.pk in reported,
            )
        elif o.kind in policies.ORGAN_ORG_KINDS:
            principal = next(
                (
                    h
                    for h in holders
                    if h.organisation_id == o.pk and h.kind == HolderKind.ORGAN_PRINCIPAL
                ),
                None,
            )
            out.items = _organ_items(year, principal, activities[o.pk]) + extra.get(o.pk, [])
    return [by_org[o.pk] for o in organisations]


def for_organisation(organisation: Organisation, year: int) -> OrganisationObligations:
    return for_organisations([organisation], year)[0]


def extra_organ_items(organisations: list[Organisation], year: int) -> dict[int, list[Obligation]]:
    """R39 (Art 76): the organ's appointments and invitations of deputies this year, each
    recorded with the prior consultation of the office (the service refuses one without).
    One query."""
    counts = selectors.engagements_count(organisations, year)
    return {
        o.pk: [
            Obligation(
                rule="R39",
                article=_("Art 76"),
                text=_(
                    "Appointing deputies as special supervisors, or inviting them to trials, "
                    "meetings and activities, consulted with the office beforehand"
                ),
                done=True,
                detail=_("%(n)s recorded this year, each with its consultation")
                % {"n": counts.get(o.pk, 0)},
            )
        ]
        for o in organisations
        if o.kind in policies.ORGAN_ORG_KINDS
    }
