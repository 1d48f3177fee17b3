"""The contacts pages' actions through the API (issue 25.1): members registered and ended,
opinions answered and forwarded (R35), an organ's activities (R36, R38) and engagements (R39),
the year-end report (R34, R37) and the steps of a meeting request (Art 34). Each: the happy
path through the same service as the page, a role the page refuses, and bad input answered
400 naming the field (never 500)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lvzhi.api import services as api_services
from lvzhi.contacts import selectors, services
from lvzhi.contacts.models import (
    Activity,
    Engagement,
    Holder,
    HolderKind,
    Link,
    MeetingRequest,
    MeetingStatus,
    Opinion,
    OpinionStatus,
    YearReport,
)
from lvzhi.core import clock
from lvzhi.core.documents import DOCX
from lvzhi.core.models import User
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy, Organisation, OrgKind

pytestmark = pytest.mark.django_db


def u(name: str) -> User:
    return User.objects.get(username=name)


def auth(user: User, *scopes: str) -> dict[str, str]:
    wanted = list(scopes) or ["contacts:read", "contacts:write"]
    _row, raw = api_services.token_create(actor=user, name="接口", scopes=wanted)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(url: str, data: Any, who: dict[str, str]) -> Any:
    return Client().post(url, data, content_type="application/json", **who)


def root() -> Organisation:
    org = Organisation.objects.filter(kind=OrgKind.STANDING_COMMITTEE, parent__isnull=True).first()
    assert org is not None
    return org


def government() -> Organisation:
    org = Organisation.objects.filter(parent=root(), kind=OrgKind.GOVERNMENT).first()
    assert org is not None
    return org


def _field(response: Any) -> str | None:
    assert response.status_code == 400, (response.status_code, response.content)
    return response.json()["error"]["field"]


# ---- members --------------------------------------------------------------------------------


def test_the_office_registers_a_member_and_ends_them() -> None:
    office = auth(u("office"))
    url = f"/api/v1/contacts/organisations/{root().pk}/members"
    made = post(url, {"name": "新成员", "kind": "sc_member"}, office)
    assert made.status_code == 201, made.content
    h = Holder.objects.get(pk=made.json()["id"])
    assert (h.name, h.kind, h.organisation_id, h.is_active) == (
        "新成员",
        HolderKind.SC_MEMBER,
        root().pk,
        True,
    )
    ended = post(f"/api/v1/contacts/members/{h.pk}/end", {}, office)
    assert ended.status_code == 200 and ended.json()["active"] is False
    again = post(f"/api/v1/contacts/members/{h.pk}/end", {}, office)
    assert again.status_code == 409


def test_registering_a_member_refuses_roles_and_bad_input() -> None:
    url = f"/api/v1/contacts/organisations/{root().pk}/members"
    for persona in ("station", "deputy", "scmember"):
        refused = post(url, {"name": "某某", "kind": "sc_member"}, auth(u(persona)))
        assert refused.status_code == 404, persona
    office = auth(u("office"))
    # The kind must fit the organisation (the service's rule): no committee head on the
    # Standing Committee itself.
    assert _field(post(url, {"name": "某某", "kind": "committee_head"}, office)) == "kind"
    assert _field(post(url, {"name": "某某", "kind": "boss"}, office)) == "kind"
    assert _field(post(url, {"name": "  ", "kind": "sc_member"}, office)) == "name"
    assert _field(post(url, {"name": "长" * 65, "kind": "sc_member"}, office)) == "name"
    nul = post(url, {"name": "某\x00某", "kind": "sc_member"}, office)
    assert nul.status_code == 400
    # An account that may not be registered there, an electoral unit of no term.
    assert (
        _field(post(url, {"name": "某某", "kind": "sc_member", "user_id": u("deputy").pk}, office))
        == "user_id"
    )
    assert (
        _field(
            post(url, {"name": "某某", "kind": "sc_member", "electoral_unit_id": root().pk}, office)
        )
        == "electoral_unit_id"
    )
    assert (
        _field(post(url, {"name": "某某", "kind": "sc_member", "field_ids": [987654321]}, office))
        == "field_ids"
    )
    assert not Holder.objects.filter(name="某某").exists()
    member = Holder.objects.filter(user__username="scmember").first()
    assert member is not None
    assert (
        post(f"/api/v1/contacts/members/{member.pk}/end", {}, auth(u("scmember"))).status_code
        == 404
    )


# ---- opinions -------------------------------------------------------------------------------


def _raised_opinion() -> Opinion:
    member = Holder.objects.get(user__username="scmember")
    link = (
        Link.objects.filter(holder=member, ended_on__isnull=True).select_related("deputy").first()
    )
    assert link is not None
    services.contact_log(
        actor=u("scmember"),
        holder=member,
        deputy=link.deputy,
        method="phone",
        on=clock.today(),
        opinion="建议增加农村公交班次。",
    )
    o = Opinion.objects.filter(holder=member, status=OpinionStatus.RAISED).order_by("-id").first()
    assert o is not None
    return o


def test_the_member_forwards_an_opinion_and_the_office_answers_it() -> None:
    o = _raised_opinion()
    member, office = auth(u("scmember")), auth(u("office"))
    # The office may not forward (only the member does, R35); a stranger does not see it.
    assert post(f"/api/v1/contacts/opinions/{o.pk}/forward", {}, office).status_code == 409
    assert (
        post(f"/api/v1/contacts/opinions/{o.pk}/forward", {}, auth(u("station"))).status_code == 404
    )
    forwarded = post(f"/api/v1/contacts/opinions/{o.pk}/forward", {}, member)
    assert forwarded.status_code == 200, forwarded.content
    assert forwarded.json()["status"] == "forwarded" and forwarded.json()["forwarded_to"]
    waiting = Client().get("/api/v1/contacts/opinions", {"limit": 100}, **office).json()
    assert o.pk in {row["id"] for row in waiting["items"]}
    assert Client().get("/api/v1/contacts/opinions", **auth(u("deputy"))).json()["items"] == []
    assert (
        _field(post(f"/api/v1/contacts/opinions/{o.pk}/answer", {"answer": " "}, office))
        == "answer"
    )
    assert (
        _field(post(f"/api/v1/contacts/opinions/{o.pk}/answer", {"answer": "答" * 5001}, office))
        == "answer"
    )
    answered = post(
        f"/api/v1/contacts/opinions/{o.pk}/answer", {"answer": "已转交交通运输局研究。"}, office
    )
    assert answered.status_code == 200, answered.content
    o.refresh_from_db()
    assert (o.status, o.answer) == (OpinionStatus.ANSWERED, "已转交交通运输局研究。")
    assert (
        post(f"/api/v1/contacts/opinions/{o.pk}/answer", {"answer": "再答"}, office).status_code
        == 409
    )


def test_the_member_answers_an_opinion_a_deputy_cannot() -> None:
    o = _raised_opinion()
    assert (
        post(
            f"/api/v1/contacts/opinions/{o.pk}/answer", {"answer": "好"}, auth(u("deputy"))
        ).status_code
        == 404
    )
    done = post(
        f"/api/v1/contacts/opinions/{o.pk}/answer",
        {"answer": "感谢，已反映。"},
        auth(u("scmember")),
    )
    assert done.status_code == 200 and done.json()["status"] == "answered"
    assert (
        post(
            "/api/v1/contacts/opinions/987654321/answer", {"answer": "好"}, auth(u("office"))
        ).status_code
        == 404
    )
    assert (
        _field(post(f"/api/v1/contacts/opinions/{o.pk}/answer", {}, auth(u("scmember"))))
        == "answer"
    )


# ---- an organ's activities and engagements ----------------------------------------------------


def _serving(n: int) -> list[int]:
    t = selectors.organ_term(government())
    assert t is not None
    return list(registry_selectors.deputies_serving_in(t.pk).values_list("pk", flat=True)[:n])


def test_the_organ_records_a_forum_and_an_engagement() -> None:
    gov = government()
    staff = auth(u("government"))
    url = f"/api/v1/contacts/organisations/{gov.pk}/activities"
    ids = _serving(3)
    day = str(clock.today())
    made = post(
        url, {"kind": "forum", "title": "代表座谈会", "held_on": day, "participant_ids": ids}, staff
    )
    assert made.status_code == 201, made.content
    assert made.json()["warning"]  # 3 deputies do not satisfy R38's minimum
    assert Activity.objects.get(pk=made.json()["id"]).participants.count() == 3
    future = str(clock.today() + dt.timedelta(days=3))
    assert (
        _field(
            post(
                url,
                {"kind": "briefing", "title": "通报", "held_on": future, "participant_ids": ids},
                staff,
            )
        )
        == "held_on"
    )
    assert (
        _field(
            post(
                url,
                {"kind": "group", "title": "小组", "held_on": day, "participant_ids": ids},
                staff,
            )
        )
        == "kind"
    )
    assert (
        _field(
            post(
                url,
                {"kind": "forum", "title": "座谈", "held_on": day, "participant_ids": []},
                staff,
            )
        )
        == "participant_ids"
    )
    assert (
        _field(
            post(
                url,
                {"kind": "forum", "title": "座谈", "held_on": day, "participant_ids": [987654321]},
                staff,
            )
        )
        == "participant_ids"
    )
    assert (
        post(
            url,
            {"kind": "forum", "title": "座谈", "held_on": day, "participant_ids": ids},
            auth(u("station")),
        ).status_code
        == 404
    )
    eng = f"/api/v1/contacts/organisations/{gov.pk}/engagements"
    body = {
        "deputy_id": ids[0],
        "purpose": "meeting",
        "starts_on": day,
        "consulted_on": str(clock.today() - dt.timedelta(days=5)),
        "consulted_with": "常委会办公室",
    }
    done = post(eng, body, staff)
    assert done.status_code == 201, done.content
    assert Engagement.objects.filter(pk=done.json()["id"], organisation=gov).exists()
    assert _field(post(eng, body | {"consulted_on": None}, staff)) == "consulted_on"
    assert _field(post(eng, body | {"consulted_with": "x" * 101}, staff)) == "consulted_with"
    assert post(eng, body, auth(u("deputy"))).status_code == 404


def test_a_committees_group_activity_takes_only_its_group() -> None:
    """R36: the page offers the group's deputies as checkboxes; the API refuses others."""
    head = Holder.objects.filter(kind=HolderKind.COMMITTEE_HEAD, is_active=True).first()
    assert head is not None
    committee = head.organisation
    group = selectors.committee_group(committee)
    assert group is not None
    inside = list(group.values_list("pk", flat=True)[:2])
    outside = [pk for pk in _serving(200) if pk not in set(group.values_list("pk", flat=True))][:1]
    url = f"/api/v1/contacts/organisations/{committee.pk}/activities"
    office = auth(u("office"))
    day = str(clock.today())
    assert (
        _field(
            post(
                url,
                {
                    "kind": "group",
                    "title": "小组活动",
                    "held_on": day,
                    "participant_ids": inside + outside,
                },
                office,
            )
        )
        == "participant_ids"
    )
    made = post(
        url,
        {"kind": "group", "title": "小组活动", "held_on": day, "participant_ids": inside},
        office,
    )
    assert made.status_code == 201, made.content


# ---- the year-end report ----------------------------------------------------------------------


def test_the_year_end_report_is_the_pages_docx_and_counts_as_reported() -> None:
    member = Holder.objects.get(user__username="scmember")
    year = clock.today().year
    got = post(f"/api/v1/contacts/members/{member.pk}/report?year={year}", {}, auth(u("scmember")))
    assert got.status_code == 200 and got["Content-Type"] == DOCX
    assert got.content[:2] == b"PK"  # a .docx is a zip
    assert YearReport.objects.filter(holder=member, year=year).exists()
    assert (
        post(f"/api/v1/contacts/members/{member.pk}/report", {}, auth(u("deputy"))).status_code
        == 404
    )
    assert (
        _field(
            post(f"/api/v1/contacts/members/{member.pk}/report?year=1999", {}, auth(u("scmember")))
        )
        == "year"
    )


# ---- meeting requests -------------------------------------------------------------------------


def _requested(subject: str) -> MeetingRequest:
    mr = MeetingRequest.objects.filter(subject=subject).first()
    assert mr is not None
    return mr


def test_a_meeting_request_goes_through_its_steps() -> None:
    mr = _requested("关于牧区冬季道路除雪保通问题")  # arranged by the office in the demo data
    assert mr.status == MeetingStatus.ARRANGED
    gov, office, deputy = auth(u("government")), auth(u("office")), auth(u("deputy"))
    url = f"/api/v1/contacts/meeting-requests/{mr.pk}"
    # Confirming is the organ's step (403 for the deputy, 404 for a stranger).
    when = (clock.now() + dt.timedelta(days=3)).isoformat()
    assert (
        post(f"{url}/confirm", {"meets_at": when, "place": "州政府会议室"}, deputy).status_code
        == 403
    )
    assert (
        post(
            f"{url}/confirm", {"meets_at": when, "place": "州政府会议室"}, auth(u("station"))
        ).status_code
        == 404
    )
    past = (clock.now() - dt.timedelta(days=1)).isoformat()
    assert (
        _field(post(f"{url}/confirm", {"meets_at": past, "place": "州政府会议室"}, gov))
        == "meets_at"
    )
    assert (
        _field(post(f"{url}/confirm", {"meets_at": "tomorrow", "place": "州政府会议室"}, gov))
        == "meets_at"
    )
    done = post(f"{url}/confirm", {"meets_at": when, "place": "州政府会议室"}, gov)
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "confirmed" and "record" in done.json()["actions"]
    # Recording before the meeting took place is refused; withdrawing a confirmed one is 409.
    assert _field(post(f"{url}/record", {"outcome": "已听取"}, office)) == "outcome"
    assert post(f"{url}/withdraw", {}, deputy).status_code == 409


def test_a_deputy_requests_a_meeting_the_office_arranges_or_declines() -> None:
    mr = _requested("关于农村客运班线运营补贴问题")  # waiting for the office
    office, deputy = auth(u("office")), auth(u("deputy"))
    url = f"/api/v1/contacts/meeting-requests/{mr.pk}"
    assert post(f"{url}/arrange", {"note": "请安排"}, deputy).status_code == 403
    assert _field(post(f"{url}/arrange", {"note": ""}, office)) == "note"
    assert _field(post(f"{url}/arrange", {"note": "长" * 2001}, office)) == "note"
    declined = post(f"{url}/decline", {"note": "已在常委会会议上答复。"}, office)
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert declined.json()["actions"] == []
    assert post(f"{url}/arrange", {"note": "请安排"}, office).status_code == 409
    # A new request by the deputy, through the page's service: then withdrawn.
    term = registry_selectors.current_terms_of_deputy(
        Deputy.objects.get(user__username="deputy").pk
    ).first()
    assert term is not None
    body = {
        "term_id": term.pk,
        "organ_id": government().pk,
        "head": "州长",
        "subject": "关于乡村学校供暖问题",
        "reason": "冬季供暖不足，希望当面反映。",
    }
    made = post("/api/v1/contacts/meeting-requests", body, deputy)
    if services.in_session(term, clock.today()):
        assert made.status_code == 400  # only between sessions (Art 34)
        return
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "requested" and "withdraw" in made.json()["actions"]
    assert post("/api/v1/contacts/meeting-requests", body, office).status_code == 403
    assert (
        _field(post("/api/v1/contacts/meeting-requests", body | {"organ_id": 987654321}, deputy))
        == "organ_id"
    )
    assert (
        _field(post("/api/v1/contacts/meeting-requests", body | {"organ_id": root().pk}, deputy))
        == "organ"
    )
    assert (
        _field(post("/api/v1/contacts/meeting-requests", body | {"subject": ""}, deputy))
        == "subject"
    )
    assert (
        _field(
            post("/api/v1/contacts/meeting-requests", body | {"co_deputy_ids": [987654321]}, deputy)
        )
        == "co_deputy_ids"
    )
    withdrawn = post(f"/api/v1/contacts/meeting-requests/{made.json()['id']}/withdraw", {}, deputy)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"


# ---- the new list keeps its query count --------------------------------------------------------


def test_the_forwarded_opinions_list_keeps_its_query_count_as_rows_are_added() -> None:
    office = auth(u("office"))
    url = "/api/v1/contacts/opinions"
    _raised = [_raised_opinion()]
    services.opinion_forward(actor=u("scmember"), opinion=_raised[0])
    Client().get(url, {"limit": 1}, **office)  # the token's first use records its last use
    with CaptureQueriesContext(connection) as small:
        one = Client().get(url, {"limit": 1}, **office)
    assert one.status_code == 200 and len(one.json()["items"]) == 1
    for _n in range(3):
        services.opinion_forward(actor=u("scmember"), opinion=_raised_opinion())
    with CaptureQueriesContext(connection) as large:
        every = Client().get(url, {"limit": 100}, **office)
    assert len(every.json()["items"]) >= 4
    assert len(large.captured_queries) == len(small.captured_queries), [
        q["sql"] for q in large.captured_queries
    ]
