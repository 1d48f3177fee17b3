"""R30-R31 (Art 56-57): the planner of deputies attending a Standing Committee meeting without
a vote (列席). It proposes about ten deputies with the reasons for each and shows the term's
coverage rate; the staff fix the list (services.attendees_fix).

Its own reasons (expertise matching the agenda, not yet invited this term, grassroots) come
from meetings and the registry. Reasons that live in apps above or beside meetings — the
proposers of related suggestions, the participants of related inspections — are *reason
providers* registered by an app allowed to see them (``register_reason``; activities does it
in its ``ready()``), so meetings keeps its place in the import layers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from lvzhi.registry.models import Deputy, Expertise, MembershipStatus, Term

from . import rules
from .models import Meeting, MeetingKind, Participant, ParticipantRole


@dataclass
class Proposal:
    deputy: Deputy
    score: int = 0
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Topics:
    """What a meeting is about, for the reason providers: the titles of its agenda items (its
    own title while it has none), and the term whose suggestions and inspections count."""

    meeting_id: int
    term_id: int
    text: str


# A reason provider answers, for a meeting's topics, the reason (translated) per deputy id,
# with a fixed number of queries. ``weight`` is added to the deputy's score.
ReasonProvider = Callable[[Topics], dict[int, str]]


@dataclass(frozen=True)
class _Registered:
    key: str
    provider: ReasonProvider
    weight: int


_providers: dict[str, _Registered] = {}


def register_reason(key: str, provider: ReasonProvider, weight: int = 3) -> None:
    """Add a reason of the planner (R30), once per key (registering again replaces it)."""
    _providers[key] = _Registered(key, provider, weight)


def registered_reasons() -> list[str]:
    return sorted(_providers)


def current_term(meeting: Meeting) -> Term | None:
    return Term.objects.filter(congress_id=meeting.congress_id, is_current=True).first()


def _invited_this_term(term: Term) -> dict[int, int]:
    """How many times each deputy attended a Standing Committee meeting without a vote in the
    term (one query)."""
    rows = Participant.objects.filter(
        role=ParticipantRole.NON_VOTING,
        meeting__kind=MeetingKind.STANDING_COMMITTEE,
        meeting__congress_id=term.congress_id,
        meeting__opens_at__date__gte=term.starts_on,
        meeting__opens_at__date__lte=term.ends_on,
    ).values_list("deputy_id", flat=True)
    counts: dict[int, int] = {}
    for d in rows:
        counts[d] = counts.get(d, 0) + 1
    return counts


def coverage(meeting: Meeting) -> tuple[int, int]:
    """R30: (deputies who attended at least once this term — checked in or registered, an
    invitation alone does not count —, serving deputies of the term)."""
    from .selectors import non_voting_term_coverage

    term = current_term(meeting)
    if term is None:
        return 0, 0
    serving = term.memberships.filter(status=MembershipStatus.SERVING).count()
    return len(non_voting_term_coverage(term.congress_id, term.starts_on, term.ends_on)), serving


def others(meeting: Meeting, proposed: list[Proposal]) -> list[Deputy]:
    """R30: the serving deputies of the term the staff may add besides the proposed ones (not
    already called to the meeting). One query."""
    term = current_term(meeting)
    if term is None:
        return []
    already = Participant.objects.filter(meeting=meeting).values("deputy_id")
    return list(
        Deputy.objects.filter(memberships__term=term, memberships__status=MembershipStatus.SERVING)
        .exclude(pk__in=already)
        .exclude(pk__in=[p.deputy.pk for p in proposed])
        .only("id", "name", "name_pinyin")
        .order_by("name_pinyin", "pk")
    )


def propose(meeting: Meeting, size: int = rules.ATTENDEES_PER_MEETING) -> list[Proposal]:
    """R30: about ten deputies, each with reasons: expertise matching the agenda's topics,
    proposers of related suggestions, participants of related inspections (the registered
    providers), not yet invited this term, grassroots. A fixed number of queries whatever the
    size."""
    from django.utils.translation import gettext as _

    term = current_term(meeting)
    if term is None:
        return []
    agenda = list(meeting.agenda.values_list("title", flat=True))
    topics = " ".join([meeting.title, *agenda])
    # The providers compare with what is on the agenda (the meeting's own title, "第三十次会议",
    # names no topic); a meeting without an agenda yet has only its title.
    subjects = " ".join(agenda) or meeting.title
    matching = {e.pk: e.name for e in Expertise.objects.all() if e.name and e.name in topics}
    invited = _invited_this_term(term)
    extra = [
        (r.weight, r.provider(Topics(meeting.pk, term.pk, subjects)))
        for r in sorted(_providers.values(), key=lambda r: r.key)
    ]
    already = set(Participant.objects.filter(meeting=meeting).values_list("deputy_id", flat=True))
    deputies = (
        Deputy.objects.filter(memberships__term=term, memberships__status=MembershipStatus.SERVING)
        .exclude(pk__in=already)
        .prefetch_related(Prefetch("expertise", queryset=Expertise.objects.only("id", "name")))
        .order_by("name_pinyin", "pk")
    )
    out: list[Proposal] = []
    for d in deputies:
        p = Proposal(deputy=d)
        names = [matching[e.pk] for e in d.expertise.all() if e.pk in matching]
        if names:
            p.score += 3
            p.reasons.append(_("expertise matching the agenda: %s") % "、".join(names))
        for weight, reasons in extra:
            if d.pk in reasons:
                p.score += weight
                p.reasons.append(reasons[d.pk])
        if d.pk not in invited:
            p.score += 2
            p.reasons.append(_("not yet invited this term"))
        if d.is_grassroots:
            p.score += 1
            p.reasons.append(_("grassroots deputy"))
        if d.is_frontline:
            p.score += 1
            p.reasons.append(_("front-line worker or farmer"))
        if p.reasons:
            out.append(p)
    out.sort(key=lambda p: (-p.score, invited.get(p.deputy.pk, 0), p.deputy.name_pinyin))
    return out[:size]


def reason_text(p: Proposal) -> str:
    return "；".join(p.reasons)[:300]


def proposals_context(meeting: Meeting) -> dict[str, Any]:
    invited, serving = coverage(meeting)
    proposals = propose(meeting)
    return {
        "proposals": proposals,
        "others": others(meeting, proposals),
        "covered": invited,
        "serving": serving,
        "rate": round(100 * invited / serving, 1) if serving else 0,
    }
