"""Every service that changes a suggestion's state writes exactly one typed event (issue 17.1):
editing a draft and recording an assignment plan used to write none."""

from __future__ import annotations

import pytest

from lvzhi.core import events
from lvzhi.suggestions import services

from .helpers import deputy_user, draft, plan

pytestmark = pytest.mark.django_db


def test_draft_update_writes_one_draft_edited_event() -> None:
    s = draft()
    before = events.of(s).count()
    services.draft_update(
        actor=deputy_user(),
        suggestion=s,
        title="关于通村公路养护的建议",
        body=s.body,
        category=s.category,
    )
    assert list(events.of(s).values_list("kind", flat=True)[before:]) == [
        "suggestions.draft_edited"
    ]


def test_plan_create_writes_one_plan_recorded_event() -> None:
    p = plan()
    assert list(events.of(p).values_list("kind", "data")) == [
        ("suggestions.plan_recorded", {"plan": "伊人常主〔2026〕3号"})
    ]
