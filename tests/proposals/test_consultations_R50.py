"""R50 (Art 17, "建立代表提出议案前与有关部门沟通机制"): before handing a draft in, its deputy
consults a department concerned; the department's staff see and answer only what is addressed
to them, and the draft itself stays the deputies' own."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lvzhi.core import clock, events
from lvzhi.core.errors import IllegalTransition, NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import Notification, User
from lvzhi.proposals import services
from lvzhi.proposals.models import Consultation
from lvzhi.registry import services as registry_services
from lvzhi.registry.models import Organisation, Role
from lvzhi.suggestions import services as suggestion_services

from ..notice_keys import told
from .helpers import before_deadline, draft, handling_unit, proposer, signed, term, u

pytestmark = pytest.mark.django_db
QUESTION = "请介绍自治州伊犁河流域生态流量监测的现状和已有的保护措施。"
ANSWER = "目前流域内设有12个监测断面，2025年起实行生态流量预警。"


def _department_user() -> User:
    return u("handling")  # 自治州教育局 承办人


def _other_department() -> Organisation:
    return (
        Organisation.objects.filter(
            kind="government_department",
            division_id=term().congress.division_id,
            is_active=True,
        )
        .exclude(pk=handling_unit().pk)
        .order_by("path")
        .first()
    )  # type: ignore[return-value]


def _other_department_user() -> User:
    user = User.objects.create_user(username="otherdept", password="x")
    registry_services.role_grant(
        actor=None, user=user, role=Role.HANDLING_UNIT, organisation=_other_department()
    )
    return user


def _asked(**kw: Any) -> Consultation:
    with clock.frozen(before_deadline()):
        p = draft()
        return services.consultation_request(
            actor=proposer(), proposal=p, department=handling_unit(), question=QUESTION, **kw
        )


def _as(client: Client, user: User) -> Client:
    client.force_login(user)
    session = client.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    return client


def test_r50_deputy_consults_a_department_on_a_proposal_draft_and_it_answers() -> None:
    c = _asked()
    assert c.proposal is not None and c.subject == c.proposal.subject
    assert c.text.startswith(c.proposal.grounds)
    assert [e.kind for e in events.of(c)] == ["proposals.consultation_requested"]
    asked = events.of(c).get(kind="proposals.consultation_requested")
    note = Notification.objects.get(
        user=_department_user(), key=f"proposals.consultation_requested:{asked.pk}"
    )
    assert note.url == f"/proposals/consultations/{c.pk}/"
    c = services.consultation_answer(actor=_department_user(), consultation=c, answer=ANSWER)
    assert c.answer == ANSWER and c.answered_by == _department_user()
    assert "deputy" in told(c, "proposals.consultation_answered")
    assert [e.kind for e in events.of(c)][-1] == "proposals.consultation_answered"
    with pytest.raises(IllegalTransition):
        services.consultation_answer(actor=_department_user(), consultation=c, answer="再答一次")


def test_r50_deputy_consults_a_department_on_a_suggestion_draft() -> None:
    s = suggestion_services.draft_create(
        actor=proposer(),
        term=term(),
        session=None,
        title="关于改善牧区寄宿学校条件的建议",
        body="牧区寄宿学校冬季供暖不足。",
    )
    c = services.consultation_request(
        actor=proposer(), suggestion=s, department=handling_unit(), question=QUESTION
    )
    assert c.suggestion == s and c.subject == s.title and c.text == s.body
    assert c.term == s.term


def test_r50_only_the_drafts_deputy_consults_and_only_before_handing_in() -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        colleague = signed(p, 9)[0]
        assert colleague.user is not None
        with pytest.raises(PermissionDenied):
            services.consultation_request(
                actor=colleague.user, proposal=p, department=handling_unit(), question=QUESTION
            )
        p = services.submit(actor=proposer(), proposal=p)
        with pytest.raises(IllegalTransition):
            services.consultation_request(
                actor=proposer(), proposal=p, department=handling_unit(), question=QUESTION
            )
    assert not Consultation.objects.filter(proposal=p).exists()


def test_r50_a_department_of_the_congress_level_and_a_question_are_required() -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        not_a_department = (
            Organisation.objects.get(pk=p.delegation_id)
            if p.delegation_id
            else (Organisation.objects.filter(kind="standing_committee").first())
        )
        with pytest.raises(ValidationFailed) as exc:
            services.consultation_request(
                actor=proposer(), proposal=p, department=not_a_department, question=QUESTION
            )
        assert exc.value.field == "department"
        with pytest.raises(ValidationFailed) as exc:
            services.consultation_request(
                actor=proposer(), proposal=p, department=handling_unit(), question=" \n "
            )
        assert exc.value.field == "question"


def test_r50_another_department_neither_sees_nor_answers_it() -> None:
    c = _asked()
    other = _other_department_user()
    with pytest.raises(NotFound):
        services.consultation_answer(actor=other, consultation=c, answer=ANSWER)
    assert not Notification.objects.filter(user=other).exists()
    client = _as(Client(), other)
    assert client.get(f"/proposals/consultations/{c.pk}/").status_code == 404
    assert QUESTION not in client.get("/proposals/consultations/").content.decode()


def test_r50_the_department_answers_on_its_page_and_the_draft_stays_private(
    client: Client,
) -> None:
    c = _asked()
    assert c.proposal is not None
    _as(client, _department_user())
    listing = client.get("/proposals/consultations/").content.decode()
    assert c.subject in listing
    page = client.get(f"/proposals/consultations/{c.pk}/")
    assert page.status_code == 200 and QUESTION in page.content.decode()
    # The draft itself is still the deputies' own.
    assert client.get(f"/proposals/{c.proposal.pk}/").status_code == 404
    refused = client.post(f"/proposals/consultations/{c.pk}/", {"answer": "   "})
    assert refused.status_code == 400
    assert "请填写部门的答复" in refused.content.decode() or "必填" in refused.content.decode()
    done = client.post(f"/proposals/consultations/{c.pk}/", {"answer": ANSWER})
    assert done.status_code == 302
    assert Consultation.objects.get(pk=c.pk).answer == ANSWER


def test_r50_the_deputy_asks_from_the_draft_page(client: Client) -> None:
    with clock.frozen(before_deadline()):
        p = draft()
    _as(client, proposer())
    assert (
        "/proposals/consultations/new/?proposal="
        in client.get(f"/proposals/{p.pk}/").content.decode()
    )
    url = f"/proposals/consultations/new/?proposal={p.pk}"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"department": handling_unit().pk, "question": ""})
    assert refused.status_code == 400
    sent = client.post(url, {"department": handling_unit().pk, "question": QUESTION})
    assert sent.status_code == 302
    c = Consultation.objects.get(proposal=p)
    assert c.department == handling_unit()
    assert c.subject in client.get(f"/proposals/{p.pk}/").content.decode()


@pytest.mark.parametrize("who", ["department", "deputy"])
def test_r50_the_consultations_list_costs_the_same_queries_at_two_data_sizes(
    client: Client, who: str, django_assert_num_queries: Any
) -> None:
    """Issue 17.6: the list of consultations (the deputy's sent ones, the department's
    received ones) is measured at one and at six consultations."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _asked()
    _as(client, _department_user() if who == "department" else proposer())
    assert client.get("/proposals/consultations/").status_code == 200  # warm the menu
    with CaptureQueriesContext(connection) as small:
        assert client.get("/proposals/consultations/").status_code == 200
    for _ in range(5):
        _asked()
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get("/proposals/consultations/")
    # Each of the six is listed (a link to its page).
    listed = {
        c.pk
        for c in Consultation.objects.all()
        if f"/proposals/consultations/{c.pk}/" in page.content.decode()
    }
    assert len(listed) == 6
