"""Every service that changes a proposal's state, the congress's thresholds or an assignment
plan writes exactly one typed event (issue 17.1): these three used to write none."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.core import clock, events
from lvzhi.proposals import services

from .helpers import GROUNDS, PLAN, before_deadline, draft, proposer, term, u

pytestmark = pytest.mark.django_db


def test_draft_update_writes_one_draft_edited_event() -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        before = events.of(p).count()
        services.draft_update(
            actor=proposer(),
            proposal=p,
            subject="关于加强伊犁河流域生态保护的议案",
            grounds=GROUNDS,
            plan=PLAN,
            category=p.category,
            exclusions_confirmed=True,
        )
    assert list(events.of(p).values_list("kind", flat=True)[before:]) == ["proposals.draft_edited"]


def test_settings_update_writes_one_settings_updated_event() -> None:
    row = services.settings_update(
        actor=u("admin"), congress=term().congress, proposal_cosigners=12
    )
    assert list(events.of(row).values_list("kind", "data")) == [
        ("proposals.settings_updated", {"proposal_cosigners": 12})
    ]


def test_plan_create_writes_one_plan_recorded_event() -> None:
    with clock.frozen(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC)):
        plan = services.plan_create(
            actor=u("office"),
            title="议案交办方案",
            decided_on=dt.date(2026, 2, 20),
            document_no="伊州人常主〔2026〕2号",
        )
    assert list(events.of(plan).values_list("kind", flat=True)) == ["proposals.plan_recorded"]
