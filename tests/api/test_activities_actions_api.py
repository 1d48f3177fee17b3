"""The research, inspection and library pages' actions through the API (issue 25.1): each
through the page's service, with a role the page refuses and bad input answered 400 naming the
field (NUL and oversized text included), never 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lvzhi.activities.models import (
    Inspection,
    InspectionOpinion,
    Material,
    Progress,
    Research,
    ResearchForward,
    Route,
)
from lvzhi.api import services as api_services
from lvzhi.core import clock
from lvzhi.core.models import User
from lvzhi.registry.models import Deputy, Level, Role, Term

from ..activities.conftest import deputy_with_account

pytestmark = pytest.mark.django_db
MISSING = 987654321


def u(name: str) -> User:
    return User.objects.get(username=name)


def auth(user: User) -> dict[str, str]:
    _row, raw = api_services.token_create(
        actor=user, name="接口", scopes=["activities:read", "activities:write"]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(url: str, data: Any, who: dict[str, str]) -> Any:
    return Client().post(url, data, content_type="application/json", **who)


def _field(response: Any) -> str | None:
    assert response.status_code == 400, (response.status_code, response.content)
    return response.json()["error"]["field"]


def term() -> Term:
    return Term.objects.get(congress__level=Level.PREFECTURE, is_current=True)


def committee_org() -> int:
    return u("committee").role_assignments.get().organisation_id


def unit_id() -> int:
    return u("handling").role_assignments.get(role=Role.HANDLING_UNIT).organisation_id


# ---- research -----------------------------------------------------------------------------------


def _research_body(**extra: Any) -> dict[str, Any]:
    return {
        "organiser_id": committee_org(),
        "title": "农产品冷链物流专题调研",
        "plan": "走访三个县市的冷库。",
        "methods": ["visits", "forums"],
        "starts_on": "2027-06-01",
        "ends_on": "2027-06-05",
    } | extra


def test_research_planned_invited_reported_forwarded_and_fed_back() -> None:
    committee, handling = auth(u("committee")), auth(u("handling"))
    made = post("/api/v1/activities/research", _research_body(), committee)
    assert made.status_code == 201, made.content
    r = Research.objects.get(pk=made.json()["id"])
    url = f"/api/v1/activities/research/{r.pk}"
    d = deputy_with_account(term())
    invited = post(f"{url}/invitations", {"deputy_ids": [d.pk]}, committee)
    assert invited.status_code == 201 and [p["deputy"] for p in invited.json()["participants"]] == [
        d.name
    ]
    assert _field(post(f"{url}/invitations", {"deputy_ids": [d.pk]}, committee)) == "deputy"
    # Forwarding before the report: the page's 409.
    assert post(f"{url}/forwards", {"organ_id": unit_id()}, committee).status_code == 409
    reported = post(f"{url}/report", {"report": "冷链短板在县乡两级。"}, committee)
    assert reported.status_code == 200 and reported.json()["reported"] is True
    forwarded = post(f"{url}/forwards", {"organ_id": unit_id()}, committee)
    assert forwarded.status_code == 201, forwarded.content
    f = ResearchForward.objects.get(pk=forwarded.json()["id"])
    assert _field(post(f"{url}/forwards", {"organ_id": unit_id()}, committee)) == "organ"
    fed = post(f"{url}/forwards/{f.pk}/feedback", {"feedback": "已列入明年计划。"}, committee)
    assert fed.status_code == 200 and fed.json()["feedback"] == "已列入明年计划。"
    assert (
        post(f"{url}/forwards/{MISSING}/feedback", {"feedback": "x"}, committee).status_code == 404
    )
    # The unit's own staff answer on the unit's page; another role does not find it.
    reply = f"/api/v1/activities/units/research-forwards/{f.pk}/reply"
    replied = post(reply, {"feedback": "已办理。"}, handling)
    assert replied.status_code == 200 and replied.json()["feedback"] == "已办理。"
    assert post(reply, {"feedback": "x"}, committee).status_code == 404
    assert _field(post(reply, {"feedback": " "}, handling)) == "feedback"


# ---- inspections ------------------------------------------------------------------------------


def test_an_inspection_planned_invited_notified_routed_and_answered_by_the_unit() -> None:
    office, handling = auth(u("office")), auth(u("handling"))
    organiser = u("office").role_assignments.get().organisation_id
    body = {
        "kind": "thematic",
        "organiser_id": organiser,
        "title": "农村饮水安全专题视察",
        "starts_on": "2027-05-10",
        "ends_on": "2027-05-12",
        "sites": "伊宁县水厂",
    }
    made = post("/api/v1/activities/inspections", body, office)
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "planned" and made.json()["warnings"] == []
    url = f"/api/v1/activities/inspections/{made.json()['id']}"
    d = deputy_with_account(term())
    assert post(f"{url}/invitations", {"deputy_ids": [d.pk]}, office).status_code == 201
    assert post(f"{url}/report", {"report": "报告"}, office).status_code == 409  # not notified
    notified = post(f"{url}/notify", {}, office)
    assert notified.status_code == 200 and notified.json()["status"] == "notified"
    op = post(
        f"{url}/opinions",
        {"title": "水质检测", "body": "加强农村水质检测", "deputy_id": d.pk},
        office,
    )
    assert op.status_code == 201, op.content
    opinion_id = op.json()["id"]
    assert _field(post(f"{url}/opinions/{opinion_id}/route", {"route": "unit"}, office)) == "unit"
    assert (
        _field(post(f"{url}/opinions/{opinion_id}/route", {"route": "elsewhere"}, office))
        == "route"
    )
    assert (
        post(
            f"{url}/opinions/{opinion_id}/route", {"route": "unit", "unit_id": unit_id()}, handling
        ).status_code
        == 404
    )
    routed = post(
        f"{url}/opinions/{opinion_id}/route", {"route": "unit", "unit_id": unit_id()}, office
    )
    assert routed.status_code == 200 and routed.json()["route"] == "unit", routed.content
    assert (
        post(f"{url}/opinions/{opinion_id}/route", {"route": "suggestion"}, office).status_code
        == 409
    )
    reply_url = f"/api/v1/activities/units/opinions/{opinion_id}/reply"
    assert post(reply_url, {"reply": "已整改"}, office).status_code == 404
    assert _field(post(reply_url, {"reply": "长" * 20001}, handling)) == "reply"
    answered = post(reply_url, {"reply": "已整改。"}, handling)
    assert answered.status_code == 200 and answered.json()["unit_reply"] == "已整改。"
    reported = post(f"{url}/report", {"report": "视察报告正文"}, office)
    assert reported.status_code == 200 and reported.json()["status"] == "reported"
    assert post(f"{url}/invitations", {"deputy_ids": [d.pk]}, office).status_code == 409


def test_the_deputy_submits_an_inspection_opinion_as_a_suggestion() -> None:
    office = auth(u("office"))
    organiser = u("office").role_assignments.get().organisation_id
    deputy_user = u("deputy")
    made = post(
        "/api/v1/activities/inspections",
        {
            "kind": "thematic",
            "organiser_id": organiser,
            "title": "牧区道路专题视察",
            "starts_on": "2027-05-10",
            "ends_on": "2027-05-12",
            "sites": "昭苏县",
        },
        office,
    )
    url = f"/api/v1/activities/inspections/{made.json()['id']}"
    deputy_pk = Deputy.objects.get(user=deputy_user).pk
    assert post(f"{url}/invitations", {"deputy_ids": [deputy_pk]}, office).status_code == 201
    assert post(f"{url}/notify", {}, office).status_code == 200
    op = post(
        f"{url}/opinions", {"title": "道路除雪", "body": "明确除雪责任单位"}, auth(deputy_user)
    )
    assert op.status_code == 201, op.content
    suggest = f"{url}/opinions/{op.json()['id']}/suggestion"
    assert post(suggest, {}, auth(deputy_user)).status_code == 409  # not routed yet
    assert (
        post(f"{url}/opinions/{op.json()['id']}/route", {"route": "suggestion"}, office).status_code
        == 200
    )
    assert post(suggest, {}, office).status_code == 404  # only the deputy's own
    done = post(suggest, {}, auth(deputy_user))
    assert done.status_code == 200 and done.json()["suggestion_id"], done.content
    assert InspectionOpinion.objects.get(pk=op.json()["id"]).route == Route.SUGGESTION


def test_planning_an_inspection_refuses_other_roles_and_bad_input() -> None:
    office = auth(u("office"))
    organiser = u("office").role_assignments.get().organisation_id
    body = {
        "kind": "centralised",
        "organiser_id": organiser,
        "title": "集中视察",
        "starts_on": "2027-05-10",
        "ends_on": "2027-05-12",
        "sites": "各县市",
    }
    assert post("/api/v1/activities/inspections", body, auth(u("deputy"))).status_code == 403
    assert (
        _field(post("/api/v1/activities/inspections", body | {"session_id": MISSING}, office))
        == "session_id"
    )
    assert _field(post("/api/v1/activities/inspections", body | {"sites": ""}, office)) == "sites"
    assert (
        _field(post("/api/v1/activities/inspections", body | {"kind": "surprise"}, office))
        == "kind"
    )
    assert (
        _field(post("/api/v1/activities/inspections", body | {"starts_on": "2027-13-01"}, office))
        == "starts_on"
    )
    i = Inspection.objects.order_by("id").first()
    assert i is not None
    assert (
        post(f"/api/v1/activities/inspections/{i.pk}/notify", {}, auth(u("station"))).status_code
        == 404
    )


# ---- the library -------------------------------------------------------------------------------


PDF = b"%PDF-1.4 the law text"


def _upload(who: dict[str, str], **fields: Any) -> Any:
    data = {"kind": "law", "title": "代表法", "description": "全文"} | fields
    return Client().post("/api/v1/activities/library", data, **who)


def test_the_office_uploads_a_material_and_a_deputy_opens_it() -> None:
    office = auth(u("office"))
    made = _upload(office, file=SimpleUploadedFile("law.pdf", PDF, content_type="application/pdf"))
    assert made.status_code == 201, made.content
    assert made.json()["content_type"] == "application/pdf" and made.json()["size"] == len(PDF)
    m = Material.objects.get(pk=made.json()["id"])
    deputy_user = u("deputy")
    opened = Client().get(f"/api/v1/activities/library/{m.pk}/file", **auth(deputy_user))
    assert opened.status_code == 200, opened.content
    assert b"".join(opened.streaming_content) == PDF  # type: ignore[attr-defined]
    assert opened["Content-Type"] == "application/pdf"
    assert opened["X-Content-Type-Options"] == "nosniff"
    # R49: the opening is the deputy's progress, as on the page.
    assert Progress.objects.filter(material=m, deputy__user=deputy_user).exists()
    detail = Client().get(f"/api/v1/activities/library/{m.pk}", **auth(deputy_user)).json()
    assert detail["opened_at"] is not None and detail["opens"] == 1


def test_the_library_refuses_other_roles_and_bad_files() -> None:
    office = auth(u("office"))
    pdf = SimpleUploadedFile("law.pdf", PDF, content_type="application/pdf")
    assert _upload(auth(u("deputy")), file=pdf).status_code == 403
    fake = SimpleUploadedFile(
        "law.pdf", b"<script>alert(1)</script>", content_type="application/pdf"
    )
    assert _field(_upload(office, file=fake)) == "file"
    assert _field(_upload(office)) == "file"
    empty = SimpleUploadedFile("law.pdf", b"", content_type="application/pdf")
    assert _field(_upload(office, file=empty)) == "file"
    long = SimpleUploadedFile("law.pdf", PDF, content_type="application/pdf")
    assert _field(_upload(office, file=long, title="法" * 201)) == "title"
    odd = SimpleUploadedFile("law.pdf", PDF, content_type="application/pdf")
    assert _field(_upload(office, file=odd, kind="novel")) == "kind"
    m = Material.objects.order_by("id").first()
    assert m is not None
    # Not a library user (the page's 404), a missing material, a bad id.
    assert (
        Client().get(f"/api/v1/activities/library/{m.pk}/file", **auth(u("station"))).status_code
        == 404
    )
    assert Client().get(f"/api/v1/activities/library/{MISSING}/file", **office).status_code == 404
    assert Client().get("/api/v1/activities/library/abc/file", **office).status_code == 400
    assert not Progress.objects.filter(material=m, deputy__user__username="station").exists()


def test_a_material_whose_file_is_missing_answers_404_not_500() -> None:
    """Found by schemathesis: a row whose file is not in the store."""
    m = Material.objects.create(
        kind="law",
        title="遗失的文件",
        file="activities/learning/missing.pdf",
        file_name="missing.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=u("office"),
        uploaded_at=clock.now(),
    )
    deputy_user = u("deputy")
    got = Client().get(f"/api/v1/activities/library/{m.pk}/file", **auth(deputy_user))
    assert got.status_code == 404 and got.json()["error"]["code"] == "not_found"
    assert not Progress.objects.filter(material=m).exists()
