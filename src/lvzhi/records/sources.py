"""R03 (Art 5): one deputy's year, compiled from the apps that record duties, each through
its own selectors. A kind whose app is not installed is "not yet recorded" (``None``), never
zero. The number of queries is fixed: each source's selector fixes its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils import timezone

from lvzhi.core import clock

from . import rules


@dataclass
class Item:
    on: dt.date | None
    title: str
    detail: str = ""


@dataclass
class Section:
    kind: str
    label: Any
    recorded: bool
    items: list[Item] = field(default_factory=list)
    count: int = 0


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localdate(value)
    if isinstance(value, dt.date):
        return value
    return None


def _meetings(deputy_id: int, year: int) -> dict[str, list[Item] | int]:
    from lvzhi.meetings import selectors

    r = selectors.duty_record(deputy_id, year)
    return {
        "attendance": r.sittings_present,
        "leave": [
            Item(_date(lv.requested_at), str(lv.meeting), lv.get_status_display())
            for lv in r.leaves
            if lv.status == "approved"
        ],
        "leave_count": r.sittings_on_leave,
        "absence": r.sittings_absent,
        "speech": [
            Item(_date(s.recorded_at), str(s.meeting), str(s.agenda_item or "")) for s in r.speeches
        ],
        "inquiry": [Item(_date(q.asked_at), str(q.meeting), str(q.organ)) for q in r.inquiries],
    }


def _voting(deputy_id: int, year: int) -> dict[str, list[Item] | int]:
    from lvzhi.voting import selectors

    v = selectors.deputy_votes(deputy_id, year)
    items = [
        Item(_date(n.poll.closed_at), str(n.poll), n.get_choice_display()) for n in v["named"]
    ] + [Item(_date(p.closed_at), str(p), "") for p in v["elections"]]
    items.sort(key=lambda i: i.on or dt.date.min)
    return {"vote": items}


def _proposals(deputy_id: int, year: int) -> dict[str, list[Item] | int]:
    from lvzhi.proposals import selectors

    p = selectors.deputy_year(deputy_id, year)
    return {
        k: [Item(_date(x.submitted_at), x.subject, x.get_status_display()) for x in p[src]]
        for k, src in (("proposal_led", "led"), ("proposal_cosigned", "cosigned"))
    }


def _suggestions(deputy_id: int, year: int) -> dict[str, list[Item] | int]:
    from lvzhi.suggestions import selectors

    s = selectors.deputy_year(deputy_id, year)
    return {
        k: [Item(_date(x.submitted_at), x.title, x.get_status_display()) for x in s[src]]
        for k, src in (("suggestion_led", "led"), ("suggestion_cosigned", "cosigned"))
    }


ACTIVITY_KINDS = {
    "group_activity": "group_activity",
    "training": "training",
    "inspection": "inspection",
    "research": "research",
    "legislation": "legislation",
    "draft_comment": "legislation",
    "supervision": "supervision",
}


def _activities(deputy_id: int, year: int) -> dict[str, list[Item] | int]:
    from lvzhi.activities import selectors

    out: dict[str, list[Item] | int] = {k: [] for k in set(ACTIVITY_KINDS.values())}
    for p in selectors.participations_of(deputy_id, year):
        target = out[ACTIVITY_KINDS[p.kind]]
        assert isinstance(target, list)
        target.append(Item(p.on, p.title, str(p.detail)))
    return out


def _stations(deputy_id: int, year: int) -> dict[str, list[Item] | int]:
    from lvzhi.stations import selectors
    from lvzhi.stations.models import ActivityKind, Evaluation

    s = selectors.deputy_year(deputy_id, year)
    reports = [a for a in s["activities"] if a.kind == ActivityKind.REPORT]
    duty = [
        Item(a.held_on, a.title, str(a.station))
        for a in s["activities"]
        if a.kind != ActivityKind.REPORT
    ] + [Item(r.day, r.topic or str(r.station), str(r.station)) for r in s["receptions"]]
    duty.sort(key=lambda i: i.on or dt.date.min)

    def report(a: Any) -> Item:
        # R53 (Art 59.4): the voters' evaluation is part of the record of the report.
        return Item(a.held_on, a.title, f"{a.station} · {a.get_evaluation_display()}")

    return {
        "station_duty": duty,
        "voter_report": [report(a) for a in reports],
        "voter_report_unsatisfied": [
            report(a) for a in reports if a.evaluation == Evaluation.UNSATISFIED
        ],
        "opinion_answered": [
            Item(_date(o.handled_at), o.title, o.get_outcome_display())
            for o in s["opinions_answered"]
        ],
    }


def _contacts(deputy_id: int, year: int) -> dict[str, list[Item] | int]:
    from lvzhi.contacts import selectors

    v = selectors.deputy_view(deputy_id, year)
    items = [Item(c.on, str(c.holder.name), c.get_method_display()) for c in v["contacts"]] + [
        Item(a.held_on, a.title, str(a.organisation)) for a in v["activities"]
    ]
    items.sort(key=lambda i: i.on or dt.date.min)
    return {"contact": items}


SOURCES: dict[str, Callable[[int, int], dict[str, list[Item] | int]]] = {
    "lvzhi.meetings": _meetings,
    "lvzhi.voting": _voting,
    "lvzhi.proposals": _proposals,
    "lvzhi.suggestions": _suggestions,
    "lvzhi.activities": _activities,
    "lvzhi.stations": _stations,
    "lvzhi.contacts": _contacts,
}


def recorded(app: str) -> bool:
    return app == "lvzhi.records" or apps.is_installed(app)


def compile_sections(deputy_id: int, year: int, own: dict[str, list[Item]]) -> list[Section]:
    """Every kind of ``rules.KINDS`` in order; ``own`` holds this app's kinds (discipline and
    the deputy's confirmed entries)."""
    gathered: dict[str, list[Item] | int] = dict(own)
    # R03: a duty of the other apps counts once it has happened; an inspection scheduled for
    # next week is not done yet (``counts.py`` applies the same cut-off for the evaluation).
    today = clock.today()
    for app, source in SOURCES.items():
        if recorded(app):
            for kind, value in source(deputy_id, year).items():
                if isinstance(value, list):
                    value = [i for i in value if i.on is None or i.on <= today]
                gathered[kind] = value
    sections = []
    for kind, app, label in rules.KINDS:
        if not recorded(app):
            sections.append(Section(kind, label, recorded=False))
            continue
        value = gathered.get(kind, [])
        if isinstance(value, int):
            sections.append(Section(kind, label, True, [], value))
        else:
            count = value_count = len(value)
            if kind == "leave":
                leave_count = gathered.get("leave_count", value_count)
                count = leave_count if isinstance(leave_count, int) else value_count
            sections.append(Section(kind, label, True, value, count))
    return sections
