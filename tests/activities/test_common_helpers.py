"""The helpers the activities subdomains share (``activities/common``): the organised lists, the
first session, inviting and adding participants, the report, the organisers' lock and a
written contribution."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.activities.common import selectors as common_selectors
from lvzhi.activities.common import services as common
from lvzhi.activities.models import Reply, Research, ResearchParticipant, Thread
from lvzhi.core import events
from lvzhi.core.errors import NotFound, ValidationFailed
from lvzhi.registry.models import Deputy, Membership, MembershipStatus, Session, Term

from .conftest import deputy_with_account, persona

pytestmark = pytest.mark.django_db


def _research(term: Term) -> Research:
    return Research.objects.create(
        term=term,
        organiser=persona("committee").role_assignments.get().organisation,
        title="农产品冷链物流专题调研",
        plan="走访冷库。",
        methods=["visits"],
        starts_on=dt.date(2027, 6, 1),
        ends_on=dt.date(2027, 6, 5),
        created_by=persona("committee"),
        created_at=dt.datetime(2027, 5, 1, tzinfo=dt.UTC),
    )


def _not_serving(term: Term) -> Deputy:
    serving = Membership.objects.filter(term=term, status=MembershipStatus.SERVING)
    d = Deputy.objects.exclude(pk__in=serving.values("deputy_id")).order_by("id").first()
    assert d is not None
    return d


def test_first_session_is_the_one_numbered_one(pref_term: Term) -> None:
    first = common_selectors.first_session(pref_term)
    assert first == Session.objects.get(term=pref_term, number=1)
    Session.objects.filter(term=pref_term, number=1).update(number=99)
    assert common_selectors.first_session(pref_term) is None


def test_organised_visible_shows_the_organisers_and_the_participants(pref_term: Term) -> None:
    r = _research(pref_term)
    d = deputy_with_account(pref_term)
    assert r in common_selectors.organised_visible(Research, persona("committee"), "")
    assert r not in common_selectors.organised_visible(Research, d.user, "")
    ResearchParticipant.objects.create(research=r, deputy=d)
    assert r in common_selectors.organised_visible(Research, d.user, "冷链")
    assert r not in common_selectors.organised_visible(Research, d.user, "no such title")


def test_invite_once_refuses_a_second_invitation_and_a_deputy_not_serving(
    pref_term: Term,
) -> None:
    r = _research(pref_term)
    d = deputy_with_account(pref_term)
    p = common.invite_once(ResearchParticipant, d, pref_term, {}, research=r)
    assert (p.research_id, p.deputy_id) == (r.pk, d.pk)
    with pytest.raises(ValidationFailed) as again:
        common.invite_once(ResearchParticipant, d, pref_term, {}, research=r)
    assert again.value.field == "deputy" and d.name in again.value.message
    with pytest.raises(ValidationFailed):
        common.invite_once(ResearchParticipant, _not_serving(pref_term), pref_term, {}, research=r)
    assert r.participants.count() == 1


def test_take_part_adds_each_deputy_once_and_refuses_one_not_serving(pref_term: Term) -> None:
    r = _research(pref_term)
    d = deputy_with_account(pref_term)
    common.take_part(ResearchParticipant, pref_term, [d, d], research=r)
    common.take_part(ResearchParticipant, pref_term, [d], research=r)
    assert list(r.participants.values_list("deputy_id", flat=True)) == [d.pk]
    with pytest.raises(ValidationFailed) as refused:
        common.take_part(ResearchParticipant, pref_term, [_not_serving(pref_term)], research=r)
    assert refused.value.field == "deputies"


def test_report_written_saves_the_report_and_logs_it_once(pref_term: Term) -> None:
    r = _research(pref_term)
    with pytest.raises(ValidationFailed):
        common.report_written(r, persona("committee"), f"research:{r.pk}", "  ")
    common.report_written(r, persona("committee"), f"research:{r.pk}", "调研报告")
    r.refresh_from_db()
    assert r.report == "调研报告" and r.reported_at is not None
    assert list(events.of(r).values_list("kind", flat=True)) == ["activities.research_reported"]


def test_organised_locks_for_the_organisers_only(pref_term: Term) -> None:
    r = _research(pref_term)
    assert common.organised(persona("committee"), r, "missing") == r
    with pytest.raises(NotFound, match="missing"):
        common.organised(persona("deputy"), r, "missing")


def test_contribution_bounds_the_text_and_stamps_the_time() -> None:
    author = persona("deputy")
    now = dt.datetime(2027, 5, 1, tzinfo=dt.UTC)
    t = Thread.objects.create(
        title="t", body="b", author=author, created_at=now, last_activity_at=now
    )
    with pytest.raises(ValidationFailed) as long:
        common.contribution(Reply, "x" * 11, "The text", 10, thread=t, author=author)
    assert long.value.field == "body"
    r = common.contribution(Reply, "回复正文", "The text", 10, thread=t, author=author)
    assert (r.thread_id, r.body) == (t.pk, "回复正文") and r.created_at is not None
