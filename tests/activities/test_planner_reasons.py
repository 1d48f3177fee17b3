"""R30 (Art 56): the 列席 planner's reasons that come from other apps — proposers of related
suggestions and participants of related inspections (matching the agenda's topics)."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.activities import services as activities
from lvzhi.activities.models import InspectionKind
from lvzhi.meetings import planner
from lvzhi.meetings import services as meetings
from lvzhi.registry.models import Deputy
from lvzhi.suggestions import services as suggestions

from ..meetings.helpers import sc_meeting, term, u
from ..suggestions.helpers import fellow_deputies

pytestmark = pytest.mark.django_db


def _reasons(meeting: object, deputy: Deputy) -> list[str]:
    for p in planner.propose(meeting, size=10_000):  # type: ignore[arg-type]
        if p.deputy.pk == deputy.pk:
            return p.reasons
    return []


def _meeting_on(topic: str) -> object:
    meeting, _people = sc_meeting(members=1)
    meetings.agenda_add(actor=u("office"), meeting=meeting, kind="report", title=topic)
    return meeting


def test_r30_planner_registers_the_reasons_of_suggestions_and_inspections() -> None:
    assert {"related_suggestions", "related_inspections"} <= set(planner.registered_reasons())


def test_r30_proposer_of_a_related_suggestion_is_proposed_with_that_reason() -> None:
    related = _meeting_on("关于全州草原生态保护修复情况的报告")
    elsewhere = _meeting_on("关于全州义务教育均衡发展情况的报告")
    called = set(related.participants.values_list("deputy_id", flat=True))  # type: ignore[attr-defined]
    proposer = next(d for d in fellow_deputies(3) if d.pk not in called)
    draft = suggestions.draft_create(
        actor=proposer.user,
        term=term(),
        session=None,
        title="关于加强草原生态保护修复的建议",
        body="建议加大草原生态保护修复投入，落实禁牧休牧和草畜平衡制度。",
        category="other",
    )
    suggestions.submit(actor=proposer.user, suggestion=draft)
    reasons = _reasons(related, proposer)
    assert any(r.startswith("相关建议的提出人") and "草原生态保护修复" in r for r in reasons)
    assert not any(r.startswith("相关建议的提出人") for r in _reasons(elsewhere, proposer))


def test_r30_participant_of_a_related_inspection_is_proposed_with_that_reason() -> None:
    meeting = _meeting_on("关于全州草原生态保护修复情况的报告")
    opens = meeting.opens_at.date()  # type: ignore[attr-defined]
    took_part, later = (
        Deputy.objects.filter(memberships__term=term(), memberships__status="serving")
        .exclude(pk__in=meeting.participants.values("deputy_id"))  # type: ignore[attr-defined]
        .order_by("pk")[:2]
    )
    office = u("office")
    organiser = office.role_assignments.get().organisation
    before, after = opens - dt.timedelta(days=30), opens + dt.timedelta(days=3)
    for deputy, starts in ((took_part, before), (later, after)):
        activities.inspection_plan(
            actor=office,
            kind=InspectionKind.THEMATIC,
            term=term(),
            organiser=organiser,
            title="草原生态保护修复专题视察",
            starts_on=starts,
            ends_on=starts,
            sites="昭苏县草原",
            deputies=[deputy],
        )
    assert any(
        r.startswith("参加过相关视察") and "草原生态保护修复专题视察" in r
        for r in _reasons(meeting, took_part)
    )
    # An inspection that begins after the meeting is not something the deputy took part in.
    assert not any(r.startswith("参加过相关视察") for r in _reasons(meeting, later))
    unrelated = _meeting_on("关于全州义务教育均衡发展情况的报告")
    assert not any(r.startswith("参加过相关视察") for r in _reasons(unrelated, took_part))
