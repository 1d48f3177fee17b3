"""Legislation, supervision, training and the library, the forum, and the contacts between
members and deputies through the API (issue 25.1): the same selectors, services and policies
as the pages — 200 exactly where the page answers 200, the lists hold what the selectors give
the caller, the pages' state changes as action endpoints, and each list's query count does
not grow with its rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lvzhi.activities import policies
from lvzhi.activities.forum import selectors as forum_selectors
from lvzhi.activities.forum import services as forum_services
from lvzhi.activities.legislation import selectors as legislation_selectors
from lvzhi.activities.legislation import services as legislation_services
from lvzhi.activities.models import (
    Comment,
    Decision,
    Draft,
    LegislativeProject,
    Material,
    Stage,
    Supervision,
    SupervisionOpinion,
    Thread,
    Training,
)
from lvzhi.activities.supervision import selectors as supervision_selectors
from lvzhi.activities.supervision import services as supervision_services
from lvzhi.activities.training import selectors as training_selectors
from lvzhi.activities.training import services as training_services
from lvzhi.api import services
from lvzhi.contacts import policies as contact_policies
from lvzhi.contacts.models import Contact, Holder, Link
from lvzhi.core import clock
from lvzhi.core.models import User
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy

pytestmark = pytest.mark.django_db

ROLES = [
    "deputy",
    "yining",
    "chabuchaer",
    "office",
    "committee",
    "scmember",
    "station",
    "handling",
    "admin",
]


def u(name: str) -> User:
    return User.objects.get(username=name)


def header(user: User, *scopes: str) -> dict[str, str]:
    wanted = list(scopes) or ["activities:read", "activities:write", "contacts:read"]
    _row, raw = services.token_create(actor=user, name="接口", scopes=wanted)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(url: str, data: Any, auth: dict[str, str]) -> Any:
    return Client().post(url, data, content_type="application/json", **auth)


def first(model: Any) -> Any:
    row = model.objects.order_by("id").first()
    assert row is not None, model
    return row


def _thread_visible_to_all() -> Thread:
    t = Thread.objects.filter(hidden=False).order_by("id").first()
    assert t is not None
    return t


@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_200_exactly_where_the_page_does(role: str, login: Any) -> None:
    p = first(LegislativeProject)
    d = first(Draft)
    s = first(Supervision)
    t = first(Training)
    th = _thread_visible_to_all()
    h = first(Holder)
    pairs = [
        (f"/api/v1/activities/legislation/{p.pk}", f"/activities/legislation/{p.pk}/"),
        (f"/api/v1/activities/legislation/drafts/{d.pk}", f"/activities/drafts/{d.pk}/"),
        (f"/api/v1/activities/supervision/{s.pk}", f"/activities/supervision/{s.pk}/"),
        (f"/api/v1/activities/trainings/{t.pk}", f"/activities/trainings/{t.pk}/"),
        (f"/api/v1/activities/forum/{th.pk}", f"/activities/forum/{th.pk}/"),
        (f"/api/v1/contacts/members/{h.pk}", f"/contacts/members/{h.pk}/"),
    ]
    m = Material.objects.order_by("id").first()
    if m is not None:
        pairs.append((f"/api/v1/activities/library/{m.pk}", f"/activities/library/{m.pk}/"))
    auth = header(u(role))
    client = login(role)
    for api_url, page_url in pairs:
        page = client.get(page_url)
        answer = Client().get(api_url, **auth)
        assert page.status_code in {200, 404}, (role, page_url, page.status_code)
        assert answer.status_code == page.status_code, (role, api_url, answer.status_code)


def _ids(url: str, auth: dict[str, str]) -> set[int]:
    body = Client().get(url, {"limit": 100}, **auth).json()
    assert body["next_cursor"] is None, url  # the small data set fits a page
    return {r["id"] for r in body["items"]}


def test_the_lists_hold_exactly_what_the_selectors_and_policies_give_the_caller() -> None:
    for role in ROLES:
        user = u(role)
        auth = header(user)
        assert _ids("/api/v1/activities/legislation", auth) == set(
            legislation_selectors.projects_for(user).values_list("id", flat=True)
        ), role
        assert _ids("/api/v1/activities/supervision", auth) == set(
            supervision_selectors.supervisions_for(user).values_list("id", flat=True)
        ), role
        trainings = (
            set(training_selectors.trainings_for(user).values_list("id", flat=True))
            if training_selectors.trainer_bodies(user)
            else set()
        )
        assert _ids("/api/v1/activities/trainings", auth) == trainings, role
        library = set(Material.objects.values_list("id", flat=True))
        assert _ids("/api/v1/activities/library", auth) == (
            library if policies.can_use_library(user) else set()
        ), role
        forum = set(forum_selectors.threads(user).values_list("id", flat=True))
        assert _ids("/api/v1/activities/forum", auth) == (
            forum if policies.can_use_forum(user) else set()
        ), role
        holders = {h.pk for h in Holder.objects.all() if contact_policies.can_view(user, h)}
        assert _ids("/api/v1/contacts/members", auth) == holders, role


def test_the_forum_walks_by_cursor_without_repeats_or_gaps() -> None:
    admin = u("admin")
    for n in range(3):
        forum_services.thread_create(actor=admin, title=f"主题{n}", body="正文")
    auth = header(admin)
    base = "/api/v1/activities/forum?limit=2&ordering=-last_activity_at"
    seen: list[int] = []
    url = base
    while url:
        body = Client().get(url, **auth).json()
        seen += [r["id"] for r in body["items"]]
        url = f"{base}&cursor={body['next_cursor']}" if body["next_cursor"] else ""
    expected = list(
        forum_selectors.threads(admin)
        .order_by("-last_activity_at", "-id")
        .values_list("id", flat=True)
    )
    assert seen == expected and len(seen) > 2


def _serving_deputy_with_account(
    term_id: int, exclude: frozenset[int] | set[int] = frozenset()
) -> Deputy:
    for d in registry_selectors.deputies_serving_in(term_id).filter(user__isnull=False):
        if d.pk not in exclude:
            return d
    raise AssertionError("no serving deputy with an account")


def test_legislation_through_the_api_stage_invitation_draft_comment_and_adoption() -> None:
    """The project page's forms as action endpoints: the committee opens a stage, invites
    deputies and opens a draft; a serving deputy comments on an article; the committee states
    the adoption (R26, R27). A deputy cannot run the project (404), a read token cannot write
    (403)."""
    p = first(LegislativeProject)
    staff = u("admin")
    assert policies.can_run_legislation(staff, p.committee)
    auth = header(staff)
    base = f"/api/v1/activities/legislation/{p.pk}"
    taken = set(Stage.objects.filter(project=p).values_list("kind", flat=True))
    kind = next(k for k in ("research", "drafting", "appraisal", "deliberation") if k not in taken)
    opened = post(f"{base}/stages", {"kind": kind, "starts_on": str(clock.today())}, auth)
    assert opened.status_code == 201, opened.content
    again = post(f"{base}/stages", {"kind": kind, "starts_on": str(clock.today())}, auth)
    assert again.status_code == 409
    stage = Stage.objects.get(project=p, kind=kind)
    deputy = _serving_deputy_with_account(p.term_id)
    invited = post(
        f"{base}/stages/{stage.pk}/invitations", {"deputy_ids": [deputy.pk]}, auth
    ).json()
    row = next(s for s in invited["stages"] if s["id"] == stage.pk)
    assert row["invited"] == [deputy.name] and row["warning"]  # one deputy: R26 warns
    unknown = post(f"{base}/stages/{stage.pk}/invitations", {"deputy_ids": [2**40]}, auth)
    assert unknown.status_code == 400 and unknown.json()["error"]["field"] == "deputy_ids"
    text = "第一条 为了规范代表履职，制定本条例。\n第二条 本条例适用于全州。"
    closes = str(clock.today() + dt.timedelta(days=10))
    made = post(f"{base}/drafts", {"title": "条例草案", "text": text, "closes_on": closes}, auth)
    assert made.status_code == 201, made.content
    draft = made.json()
    assert [a["number"] for a in draft["articles"]] == [1, 2]
    article = draft["articles"][1]["id"]
    d_auth = header(deputy.user)
    draft_url = f"/api/v1/activities/legislation/drafts/{draft['id']}"
    said = post(f"{draft_url}/articles/{article}/comments", {"body": "建议增加一款。"}, d_auth)
    assert said.status_code == 201, said.content
    assert said.json()["decision"] == "pending"
    mine = Client().get(draft_url, **d_auth).json()
    assert [c["id"] for c in mine["articles"][1]["comments"]] == [said.json()["id"]]
    refused = post(
        f"{draft_url}/comments/{said.json()['id']}/decision",
        {"decision": "adopted", "reason": "采纳"},
        d_auth,
    )
    assert refused.status_code == 404
    decided = post(
        f"{draft_url}/comments/{said.json()['id']}/decision",
        {"decision": "partly", "reason": "部分采纳，并入第二条。"},
        auth,
    )
    assert decided.status_code == 200 and decided.json()["decision"] == "partly"
    assert Comment.objects.get(pk=said.json()["id"]).decision == Decision.PARTLY
    read_only = header(staff, "activities:read")
    denied = post(f"{base}/stages", {"kind": "evaluation", "starts_on": closes}, read_only)
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "insufficient_scope"


def test_supervision_through_the_api_invite_opinion_decide_and_report() -> None:
    """The supervision page's forms: the committee creates the activity, invites a deputy and
    sends the tasks beforehand; the deputy gives an opinion; the report waits until every
    opinion is decided (R28)."""
    model = first(Supervision)
    staff = u("admin")
    auth = header(staff)
    made = post(
        "/api/v1/activities/supervision",
        {
            "kind": "law_enforcement",
            "committee_id": model.committee_id,
            "place_id": model.place_id,
            "title": "执法检查",
            "tasks": "检查条例实施情况。",
            "held_on": str(clock.today() + dt.timedelta(days=7)),
        },
        auth,
    )
    assert made.status_code == 201, made.content
    s = Supervision.objects.get(pk=made.json()["id"])
    base = f"/api/v1/activities/supervision/{s.pk}"
    assert post(f"{base}/tasks", {}, auth).status_code == 400  # nobody invited yet
    deputy = _serving_deputy_with_account(s.term_id)
    invited = post(f"{base}/invitations", {"deputy_ids": [deputy.pk]}, auth)
    assert invited.status_code == 201, invited.content
    assert deputy.name in {i["deputy"] for i in invited.json()["invited"]}
    twice = post(f"{base}/invitations", {"deputy_ids": [deputy.pk]}, auth)
    assert twice.status_code == 400 and twice.json()["error"]["field"] == "deputy"
    sent = post(f"{base}/tasks", {}, auth)
    assert sent.status_code == 200 and sent.json()["tasks_sent"]
    d_auth = header(deputy.user)
    # The service's rule, as on the page: only invited deputies give opinions.
    other = Deputy.objects.filter(memberships__term_id=s.term_id).exclude(pk=deputy.pk).first()
    assert other is not None
    uninvited = post(f"{base}/opinions", {"deputy_id": other.pk, "body": "意见"}, auth)
    assert uninvited.status_code == 400 and uninvited.json()["error"]["field"] == "deputy"
    unknown = post(f"{base}/opinions", {"deputy_id": 2**40, "body": "意见"}, auth)
    assert unknown.status_code == 400 and unknown.json()["error"]["field"] == "deputy_id"
    said = post(f"{base}/opinions", {"body": "执法检查应当覆盖乡镇。"}, d_auth)
    assert said.status_code == 201, said.content
    report = post(f"{base}/report", {"report": "报告"}, auth)
    assert report.status_code == 400 and report.json()["error"]["field"] == "report"
    for op in SupervisionOpinion.objects.filter(supervision=s, decision=Decision.PENDING):
        decided = post(
            f"{base}/opinions/{op.pk}/decision", {"decision": "adopted", "reason": "采纳"}, auth
        )
        assert decided.status_code == 200, decided.content
    done = post(f"{base}/report", {"report": "检查报告：代表意见均已研究处理。"}, auth)
    assert done.status_code == 200 and done.json()["reported"]
    late = post(f"{base}/opinions", {"body": "补充意见"}, d_auth)
    assert late.status_code == 409


def test_training_attendance_and_course_materials_through_the_api() -> None:
    t = Training.objects.filter(starts_on__lte=clock.today()).order_by("id").first()
    assert t is not None
    staff = u("admin")
    assert policies.can_organise_training(staff, t.organiser)
    auth = header(staff)
    deputy = _serving_deputy_with_account(t.term_id)
    url = f"/api/v1/activities/trainings/{t.pk}"
    done = post(f"{url}/attendance", {"deputy_ids": [deputy.pk]}, auth)
    assert done.status_code == 200, done.content
    assert deputy.name in done.json()["attendance"]
    ids = list(Material.objects.order_by("id").values_list("id", flat=True)[:2])
    course = Client().put(
        f"{url}/materials", {"material_ids": ids}, content_type="application/json", **auth
    )
    assert course.status_code == 200
    assert {m["id"] for m in course.json()["materials"]} == set(ids)
    assert set(Training.objects.get(pk=t.pk).materials.values_list("id", flat=True)) == set(ids)
    outsider = post(f"{url}/attendance", {"deputy_ids": [deputy.pk]}, header(u("station")))
    assert outsider.status_code == 404


def test_the_forum_through_the_api_thread_reply_and_moderation() -> None:
    deputy = u("deputy")
    d_auth = header(deputy)
    made = post("/api/v1/activities/forum", {"title": "交流", "body": "如何做好联系群众？"}, d_auth)
    assert made.status_code == 201, made.content
    url = f"/api/v1/activities/forum/{made.json()['id']}"
    other = Deputy.objects.filter(user__isnull=False).exclude(user=deputy).order_by("id").first()
    assert other is not None and other.user is not None
    reply = post(f"{url}/replies", {"body": "多走访。"}, header(other.user))
    assert reply.status_code == 201, reply.content
    not_moderator = post(f"{url}/moderation", {"action": "lock", "note": ""}, d_auth)
    assert not_moderator.status_code == 404
    m_auth = header(u("admin"))
    assert post(f"{url}/moderation", {"action": "lock", "note": ""}, m_auth).json()["locked"]
    closed = post(f"{url}/replies", {"body": "还有一点。"}, d_auth)
    assert closed.status_code == 409
    no_note = post(f"{url}/replies/{reply.json()['id']}/hide", {"note": ""}, m_auth)
    assert no_note.status_code == 400 and no_note.json()["error"]["field"] == "note"
    hidden = post(f"{url}/replies/{reply.json()['id']}/hide", {"note": "离题"}, m_auth)
    assert hidden.status_code == 200 and hidden.json()["hidden"]


def test_contacts_link_record_and_end_through_the_api() -> None:
    """The member page's forms: the office links a deputy (R33), the member or the office
    records a contact with a linked deputy (R34), the office ends the link; the member sees
    the contact on their page; someone out of scope gets 404."""
    h = Holder.objects.filter(is_active=True).order_by("id").first()
    assert h is not None
    manager = next(u(r) for r in ROLES if contact_policies.can_manage(u(r), h))
    auth = header(manager, "contacts:read", "contacts:write")
    taken = set(
        Link.objects.filter(holder=h, ended_on__isnull=True).values_list("deputy_id", flat=True)
    )
    deputy = _serving_deputy_with_account(h.term_id, taken)
    made = post(f"/api/v1/contacts/members/{h.pk}/links", {"deputy_id": deputy.pk}, auth)
    assert made.status_code == 201, made.content
    assert made.json()["deputy"] == deputy.name and made.json()["ended_on"] is None
    logged = post(
        f"/api/v1/contacts/members/{h.pk}/contacts",
        {"deputy_id": deputy.pk, "method": "phone", "on": str(clock.today()), "note": "电话沟通"},
        auth,
    )
    assert logged.status_code == 201, logged.content
    assert Contact.objects.filter(pk=logged.json()["id"], holder=h, deputy=deputy).exists()
    detail = Client().get(f"/api/v1/contacts/members/{h.pk}", **auth).json()
    assert logged.json()["id"] in {c["id"] for c in detail["contacts"]}
    assert deputy.name in {s["deputy"] for s in detail["standing"]}
    future = post(
        f"/api/v1/contacts/members/{h.pk}/contacts",
        {
            "deputy_id": deputy.pk,
            "method": "visit",
            "on": str(clock.today() + dt.timedelta(days=1)),
        },
        auth,
    )
    assert future.status_code == 400 and future.json()["error"]["field"] == "on"
    ended = post(f"/api/v1/contacts/links/{made.json()['id']}/end", {}, auth)
    assert ended.status_code == 200 and ended.json()["ended_on"] == str(clock.today())
    assert post(f"/api/v1/contacts/links/{made.json()['id']}/end", {}, auth).status_code == 409
    station = header(u("station"), "contacts:read", "contacts:write")
    assert not contact_policies.can_view(u("station"), h)
    assert Client().get(f"/api/v1/contacts/members/{h.pk}", **station).status_code == 404
    assert (
        post(
            f"/api/v1/contacts/members/{h.pk}/links", {"deputy_id": deputy.pk}, station
        ).status_code
        == 404
    )


# Each new list: the queries of a page do not grow with the rows on it (a page of one row
# against a page of every row, after more rows were added).
def _more_projects(admin: User) -> None:
    p = first(LegislativeProject)
    for n in range(3):
        legislation_services.project_create(
            actor=admin, term=p.term, committee=p.committee, title=f"项目{n}"
        )


def _more_supervisions(admin: User) -> None:
    s = first(Supervision)
    for n in range(3):
        supervision_services.supervision_create(
            actor=admin,
            kind=s.kind,
            term=s.term,
            committee=s.committee,
            place=s.place,
            title=f"监督{n}",
            tasks="任务",
            held_on=s.held_on,
        )


def _more_trainings(admin: User) -> None:
    t = first(Training)
    for n in range(3):
        training_services.training_create(
            actor=admin,
            kind=t.kind,
            term=t.term,
            organiser=t.organiser,
            title=f"培训{n}",
            starts_on=t.starts_on,
            ends_on=t.ends_on,
            place="会议室",
            content="内容",
        )


def _more_threads(admin: User) -> None:
    for n in range(3):
        forum_services.thread_create(actor=admin, title=f"主题{n}", body="正文")


def _more_materials(admin: User) -> None:
    m = first(Material)
    for n in range(3):
        Material.objects.create(
            kind=m.kind,
            title=f"资料{n}",
            file=m.file.name,
            file_name=m.file_name,
            content_type=m.content_type,
            size=m.size,
            uploaded_by=admin,
            uploaded_at=clock.now(),
        )


def _more_holders(admin: User) -> None:
    h = first(Holder)
    for n in range(3):
        Holder.objects.create(
            name=f"成员{n}",
            kind="sc_member",
            organisation=h.organisation,
            term=h.term,
            created_at=clock.now(),
        )


@pytest.mark.parametrize(
    ("url", "grow"),
    [
        ("/api/v1/activities/legislation", _more_projects),
        ("/api/v1/activities/supervision", _more_supervisions),
        ("/api/v1/activities/trainings", _more_trainings),
        ("/api/v1/activities/library", _more_materials),
        ("/api/v1/activities/forum", _more_threads),
        ("/api/v1/contacts/members", _more_holders),
    ],
)
def test_a_new_list_keeps_its_query_count_as_rows_are_added(
    url: str, grow: Callable[[User], None]
) -> None:
    admin = u("admin")
    auth = header(admin)
    Client().get(url, {"limit": 1}, **auth)  # the token's first use records its last use
    with CaptureQueriesContext(connection) as small:
        one = Client().get(url, {"limit": 1}, **auth)
    assert one.status_code == 200 and len(one.json()["items"]) == 1
    grow(admin)
    with CaptureQueriesContext(connection) as large:
        every = Client().get(url, {"limit": 100}, **auth)
    assert len(every.json()["items"]) >= 4
    assert len(large.captured_queries) == len(small.captured_queries), [
        q["sql"] for q in large.captured_queries
    ]
