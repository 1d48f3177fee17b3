"""The one table of who hears of which state change (``core.notices``; issue 22, points 3-4),
walked row by row: each row is produced through its service, and the test asserts that exactly
the row's recipients received a notification keyed by the event, and that each of them can open
its link (200) — every party acts where it is notified.

A row without a scenario here fails the walk, so a row cannot arrive untested."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from lvzhi.core import clock, events, notices
from lvzhi.core.errors import ValidationFailed
from lvzhi.core.models import Notification, User
from lvzhi.registry.models import Role
from lvzhi.registry.services import role_grant
from lvzhi.suggestions import services as suggestions
from lvzhi.suggestions.models import Assignment, Rating, Suggestion

from .activities.notice_scenarios import SCENARIOS as ACTIVITIES
from .contacts.notice_scenarios import SCENARIOS as CONTACTS
from .meetings.notice_scenarios import SCENARIOS as MEETINGS
from .notice_keys import told
from .proposals.notice_scenarios import SCENARIOS as PROPOSALS
from .records.notice_scenarios import SCENARIOS as RECORDS
from .stations.notice_scenarios import SCENARIOS as STATIONS
from .suggestions.helpers import (
    BODY,
    assigned,
    draft,
    education_bureau,
    fellow_deputies,
    submitted,
    u,
    unit,
)

pytestmark = pytest.mark.django_db
SH = dt.timezone(dt.timedelta(hours=8))
# The education bureau's own staff and the government's, whose grant covers its departments.
UNIT = {"handling", "government"}


def _replied() -> Suggestion:
    s = assigned(on=dt.date(2026, 3, 10))
    suggestions.reply(
        actor=u("handling"),
        suggestion=s,
        result_class="B",
        body="已将通村公路提升改造列入明年计划，分两批实施，并建立养护责任制。",
    )
    return s


def _assigned() -> tuple[Suggestion, set[str]]:
    return assigned(on=dt.date(2026, 3, 10)), UNIT


def _replied_row() -> tuple[Suggestion, set[str]]:
    return _replied(), {"deputy"}


def _excluded() -> tuple[Suggestion, set[str]]:
    s = submitted(title="关于举报某单位的建议", body="我要举报某单位负责人违规问题，" * 6)
    suggestions.screening_decide(
        actor=u("office"), suggestion=s, excluded=True, note="属于举报事项，请向纪检监察机关反映。"
    )
    return s, {"deputy"}


def _merged() -> tuple[Suggestion, set[str]]:
    first = submitted(title="关于加快通村公路提升改造的建议", body=BODY)
    second = submitted(title="关于通村公路养护的建议", body=BODY)
    suggestions.merge(actor=u("office"), suggestion=second, into=first)
    return second, {"deputy"}


def _return_requested() -> tuple[Suggestion, set[str]]:
    s = assigned(on=clock.today())
    suggestions.return_request(actor=u("handling"), suggestion=s, reason="属于交通部门职责")
    return s, {"office"}


def _return_refused() -> tuple[Suggestion, set[str]]:
    s = assigned(on=clock.today())
    r = suggestions.return_request(actor=u("handling"), suggestion=s, reason="属于交通部门职责")
    suggestions.return_decide(actor=u("office"), request=r, approve=False)
    return s, UNIT


def _evaluated_unsatisfied() -> tuple[Suggestion, set[str]]:
    s = _replied()
    suggestions.evaluate(
        actor=u("deputy"),
        suggestion=s,
        rating=Rating.UNSATISFIED,
        comment="答复没有说明资金来源。",
        rehandle=True,
    )
    return s, UNIT


def _cosigner_invited() -> tuple[Suggestion, set[str]]:
    s = draft()
    d = fellow_deputies(1)[0]
    suggestions.cosigner_invite(actor=u("deputy"), suggestion=s, deputy=d)
    return s, {d.user.username}  # type: ignore[union-attr]


def _extension_approved() -> tuple[Suggestion, set[str]]:
    s = assigned(on=dt.date(2026, 3, 10))
    ext = suggestions.extension_request(
        actor=u("handling"),
        suggestion=s,
        reason="需跨部门协调资金",
        requested_due_on=dt.date(2026, 7, 10),
    )
    suggestions.extension_decide(actor=u("office"), extension=ext, approve=True)
    return s, {"deputy"}


def _opinion_sent() -> tuple[Suggestion, set[str]]:
    finance = User.objects.create_user(username="co-finance", password="x")
    role_grant(actor=None, user=finance, role=Role.HANDLING_UNIT, organisation=unit("自治州财政局"))
    s = assigned(on=dt.date(2026, 3, 10), co=("自治州财政局",))
    with clock.frozen(dt.datetime(2026, 3, 20, 10, tzinfo=SH)):
        suggestions.opinion_send(actor=finance, suggestion=s, body="同意，资金从专项中安排。")
    return s, UNIT


def _handler_named() -> tuple[Suggestion, set[str]]:
    colleague = User.objects.create_user(username="edu2", password="x", first_name="李明")
    role_grant(actor=None, user=colleague, role=Role.HANDLING_UNIT, organisation=education_bureau())
    s = assigned()
    lead = Assignment.objects.get(suggestion=s, role="lead")
    suggestions.assignment_handler_set(actor=u("handling"), assignment=lead, handler=colleague)
    return s, {"edu2"}


def _from_proposal() -> tuple[Suggestion, set[str]]:
    from lvzhi.proposals import services as proposals

    from .proposals.helpers import reported

    p = proposals.presidium_decide(
        actor=u("secretariat"),
        proposal=reported(dt.date(2026, 1, 12)),
        placed=False,
        on=dt.date(2026, 1, 12),
        document_no="主〔2026〕4号",
    )
    assert p.suggestion is not None
    deputies = {"deputy"} | {
        c.deputy.user.username
        for c in p.cosigners.filter(status="confirmed").select_related("deputy__user")
    }
    return p.suggestion, deputies


SCENARIOS: dict[str, Callable[[], tuple[Any, set[str]]]] = {
    "suggestions.assigned": _assigned,
    "suggestions.replied": _replied_row,
    "suggestions.screening_excluded": _excluded,
    "suggestions.merged": _merged,
    "suggestions.return_requested": _return_requested,
    "suggestions.return_refused": _return_refused,
    "suggestions.evaluated": _evaluated_unsatisfied,
    "suggestions.cosigner_invited": _cosigner_invited,
    "suggestions.extension_approved": _extension_approved,
    "suggestions.opinion_sent": _opinion_sent,
    "suggestions.handler_named": _handler_named,
    "suggestions.submitted": _from_proposal,
    **ACTIVITIES,
    **CONTACTS,
    **MEETINGS,
    **PROPOSALS,
    **RECORDS,
    **STATIONS,
}


def _client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    session = c.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    return c


def test_every_row_of_the_table_has_a_scenario_here() -> None:
    assert {n.code for n in notices.table()} == set(SCENARIOS)


@pytest.mark.parametrize("code", sorted(SCENARIOS))
def test_each_row_reaches_its_recipients_with_a_link_they_can_open(code: str) -> None:
    row = next(n for n in notices.table() if n.code == code)
    subject, expected = SCENARIOS[code]()
    event = events.of(subject).filter(kind=row.kind).order_by("-id").first()
    assert event is not None, f"{code}: the scenario wrote no {row.kind} event"
    sent = list(Notification.objects.filter(key=f"{code}:{event.pk}").select_related("user"))
    assert {n.user.username for n in sent} == expected, code
    for n in sent:
        assert n.url and n.title, code
        response = _client(n.user).get(n.url)
        assert response.status_code == 200, (code, n.user.username, n.url)


def test_a_satisfied_evaluation_sends_nothing_back_to_the_unit() -> None:
    s = _replied()
    suggestions.evaluate(actor=u("deputy"), suggestion=s, rating=Rating.SATISFIED)
    event = events.of(s).filter(kind="suggestions.evaluated").get()
    assert not Notification.objects.filter(key=f"suggestions.evaluated:{event.pk}").exists()


def test_a_refused_change_notifies_nobody() -> None:
    """The dispatcher runs inside the service's transaction: no event, no notification."""
    s = submitted(title="关于举报某单位的建议", body="我要举报某单位负责人违规问题，" * 6)
    before = Notification.objects.count()
    with pytest.raises(ValidationFailed):  # the note is required
        suggestions.screening_decide(actor=u("office"), suggestion=s, excluded=True, note="")
    assert Notification.objects.count() == before


def test_an_opinion_turned_into_a_suggestion_is_told_to_the_staff_a_redirect_is_not() -> None:
    """The station's staff answer the citizen after a deputy's step (R42): they hear of a
    suggestion made of the opinion (new), not of their own redirect."""
    from lvzhi.stations import services as stations
    from lvzhi.stations.models import Opinion

    from .stations.helpers import assigned as opinion_assigned
    from .stations.helpers import received as opinion_received

    o = opinion_assigned()
    stations.opinion_to_suggestion(actor=u("deputy"), opinion=o)
    redirected = stations.opinion_redirect(
        actor=u("station"), opinion=opinion_received(), explanation="请向信访部门反映。"
    )
    told: dict[Opinion, set[str]] = {}
    for opinion in (o, redirected):
        e = events.of(opinion).filter(kind="stations.handled").get()
        told[opinion] = set(
            Notification.objects.filter(key=f"stations.handled:{e.pk}").values_list(
                "user__username", flat=True
            )
        )
    assert told == {o: {"station"}, redirected: set()}


def test_an_ordinary_submission_tells_nobody_by_the_from_proposal_row() -> None:
    """Only a suggestion continued from a proposal announces its number to its deputies."""
    s = submitted(title="关于加快通村公路提升改造的建议", body=BODY)
    assert told(s, "suggestions.submitted") == set()


def test_naming_oneself_the_handler_tells_nobody() -> None:
    s = assigned()
    lead = Assignment.objects.get(suggestion=s, role="lead")
    suggestions.assignment_handler_set(actor=u("handling"), assignment=lead, handler=u("handling"))
    assert told(s, "suggestions.handler_named") == set()


def test_a_row_names_only_known_channels() -> None:
    with pytest.raises(ValueError, match="unknown channel"):
        notices.register(
            notices.Notice(
                kind="suggestions.assigned",
                audience="x",
                recipients=lambda e, s: [],
                title=lambda e, s: "",
                url=lambda e, s: "",
                channels=("pigeon",),
                name="bad",
            )
        )


def test_the_architecture_document_lists_every_row() -> None:
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs/architecture.md").read_text(encoding="utf-8")
    assert [n.kind for n in notices.table() if f"| `{n.kind}` |" not in doc] == []
