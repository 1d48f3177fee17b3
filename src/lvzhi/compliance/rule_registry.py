"""The compliance rules, declared in one place. Adding a rule is one entry here (and one test
in tests/compliance/): its id from SPEC section 11, the article, the kind of period it is
counted in, the threshold (from the enforcing app's rules constants) and the check that
returns the figure with the items behind it (``checks.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lvzhi.activities import rules as activities_rules
from lvzhi.contacts import rules as contacts_rules
from lvzhi.meetings import rules as meetings_rules
from lvzhi.records import rules as records_rules
from lvzhi.stations import rules as stations_rules
from lvzhi.suggestions import rules as suggestions_rules

from . import checks, queries, rules
from .outcomes import Context, Outcome
from .periods import EVENT, HALF, QUARTER, YEAR


@dataclass(frozen=True)
class Rule:
    id: str
    article: str | Promise
    period: str  # periods.YEAR, HALF, QUARTER or EVENT
    title: str | Promise
    threshold: Any  # the number the check compares with, from the enforcing app's rules
    check: Callable[[Context], Outcome]
    threshold_text: str | Promise = ""
    threshold_args: dict[str, Any] = field(default_factory=dict)
    # The query that reproduces the figure, shown in the drill-down (issue 19.4): the ORM
    # filter of the check's selector, with {congress}, {division}, {term}, {start}, {end},
    # {year} and {today} filled in for the congress and period chosen (``query_text``).
    query: str = ""

    @property
    def key(self) -> str:
        return self.id.lower()


PERIOD_LABELS = {
    YEAR: _("per year"),
    HALF: _("per half-year"),
    QUARTER: _("per quarter"),
    EVENT: _("per event"),
}

RULES: list[Rule] = [
    Rule(
        "R02",
        _("Art 4"),
        EVENT,
        _("Session notice reaches the deputies in time"),
        meetings_rules.NOTICE_DAYS_BEFORE,
        checks.notices,
        _("≥%(n)s days before the opening"),
        query=queries.R02,
    ),
    Rule(
        "R14",
        _("Art 24"),
        EVENT,
        _("Suggestions replied by the due date, never beyond 6 months"),
        suggestions_rules.REPLY_DUE.months,
        checks.replies,
        _("within %(n)s months of assignment"),
        query=queries.R14,
    ),
    Rule(
        "R20",
        _("Art 38"),
        QUARTER,
        _("Each deputy group holds a collective activity every quarter"),
        activities_rules.ACTIVITIES_PER_QUARTER,
        checks.group_quarters,
        _("≥%(n)s per quarter"),
        query=queries.R20,
    ),
    Rule(
        "R22",
        _("Art 41"),
        YEAR,
        _("Centralised inspection once a year"),
        1,
        checks.centralised_inspection,
        _("≥%(n)s a year, in December or a month before the session"),
        query=queries.R22,
    ),
    Rule(
        "R26",
        _("Art 50"),
        EVENT,
        _("Deputies take part in each legislative stage"),
        activities_rules.MIN_DEPUTIES_PER_STAGE,
        checks.stage_deputies,
        _("≥%(n)s deputies per stage"),
        query=queries.R26,
    ),
    Rule(
        "R28",
        _("Art 53"),
        EVENT,
        _("Committees' supervision invites local deputies"),
        activities_rules.MIN_LOCAL_DEPUTIES,
        checks.local_deputies,
        _("≥%(n)s local deputies"),
        query=queries.R28,
    ),
    Rule(
        "R30",
        _("Art 56"),
        EVENT,
        _("About ten deputies attend each Standing Committee meeting without a vote"),
        rules.NON_VOTING_MIN,
        checks.non_voting,
        _("≥%(n)s deputies"),
        query=queries.R30,
    ),
    Rule(
        "R31",
        _("Art 57"),
        EVENT,
        _("Attendee list and materials of Standing Committee meetings in time"),
        meetings_rules.SC_LIST_DAYS_BEFORE,
        checks.non_voting_timing,
        _("list ≥%(n)s days, materials ≥%(m)s days before"),
        {"m": meetings_rules.SC_NOTICE_DAYS_BEFORE},
        query=queries.R31,
    ),
    Rule(
        "R32",
        _("Art 63"),
        YEAR,
        _("Training covers every serving deputy"),
        activities_rules.FULL_COVERAGE,
        checks.training,
        _("coverage %(n)s"),
        query=queries.R32,
    ),
    Rule(
        "R33",
        _("Art 67"),
        YEAR,
        _("Each Standing Committee member linked to three deputies"),
        contacts_rules.MEMBER_LINKS,
        checks.member_links,
        _("%(n)s deputies per member"),
        query=queries.R33,
    ),
    Rule(
        "R34",
        _("Art 68"),
        YEAR,
        _("Members contact each linked deputy at least twice a year"),
        contacts_rules.MEMBER_CONTACTS_PER_DEPUTY,
        checks.member_contacts,
        _("≥%(n)s contacts a year"),
        query=queries.R34,
    ),
    Rule(
        "R36",
        _("Art 72"),
        HALF,
        _("Professional groups of 8-10 deputies, an activity every half year"),
        contacts_rules.COMMITTEE_GROUP_MIN,
        checks.professional_groups,
        _("≥%(n)s deputies, 1 activity per half-year"),
        query=queries.R36,
    ),
    Rule(
        "R37",
        _("Art 73"),
        YEAR,
        _("Special committees report their contacts with deputies in writing by year-end"),
        1,
        checks.committee_reports,
        _("%(n)s written report a year, by 31 December"),
        query=queries.R37,
    ),
    Rule(
        "R38",
        _("Art 75"),
        YEAR,
        _("Organ leaders contact grassroots deputies; a forum with ten deputies a year"),
        contacts_rules.FORUM_MIN_DEPUTIES,
        checks.organ_leaders,
        _("forum ≥%(n)s deputies"),
        query=queries.R38,
    ),
    Rule(
        "R41",
        _("Art 80"),
        YEAR,
        _("Deputies in leading posts hold a station activity every year"),
        stations_rules.LEADER_ACTIVITIES_PER_YEAR,
        checks.leading_post_station,
        _("≥%(n)s a year"),
        query=queries.R41,
    ),
    Rule(
        "R47",
        _("Art 95"),
        YEAR,
        _("Electoral units submit every deputy's duty handbook before year-end"),
        records_rules.HANDBOOKS_REQUIRED_SHARE,
        checks.handbooks,
        _("all handbooks by 31 December"),
        query=queries.R47,
    ),
]

BY_KEY = {r.key: r for r in RULES}


def query_text(rule: Rule, ctx: Any) -> str:
    """The rule's query with the congress, term and period of ``ctx`` filled in."""
    values = {
        "congress": ctx.congress.pk,
        "division": ctx.congress.division_id,
        "term": ctx.term.pk if ctx.term is not None else "None",
        "start": ctx.period.start.isoformat(),
        "end": ctx.period.end.isoformat(),
        "year": ctx.period.year,
        "today": ctx.today.isoformat(),
    }
    return rule.query.format_map(values)


def threshold_text(rule: Rule) -> str:
    value = rule.threshold
    if isinstance(value, float):
        value = f"{round(value * 100)}%"
    return (
        str(rule.threshold_text) % {"n": value, **rule.threshold_args}
        if rule.threshold_text
        else str(value)
    )
