"""The pages of the proposal workflow: what each person sees, bad input kept and answered in
Chinese, lists with a fixed number of queries, the CSV export."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lvzhi.core import clock
from lvzhi.proposals import services
from lvzhi.proposals.models import Proposal, Status

from .helpers import before_deadline, colleagues, draft, received, reported, session, signed, u

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 1, 12)


def test_r06_submit_button_disabled_below_threshold_saying_how_many_are_needed(
    login: Any,
) -> None:
    """R06 (Art 13): ten deputies in all, the lead counted: with seven co-signers, eight have
    signed and two more are needed."""
    with clock.frozen(before_deadline()):
        p = draft()
        signed(p, 7)
        page = login("deputy").get(f"/proposals/{p.pk}/").content.decode()
    assert "还需 2 名代表联名" in page
    assert "disabled" in page
    assert "已有 8 名代表联名（含领衔代表，需 10 名）" in page


def test_r06_submit_button_enabled_with_nine_cosigners_the_lead_making_ten(login: Any) -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        signed(p, 9)
        page = login("deputy").get(f"/proposals/{p.pk}/").content.decode()
    assert "还需" not in page
    assert "通过代表团提交" in page or "提交大会秘书处" in page


def test_r06_posting_submit_below_threshold_shows_the_refusal(login: Any) -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        signed(p, 2)
        client = login("deputy")
        response = client.post(f"/proposals/{p.pk}/submit/", follow=True)
    assert "还需 7 名代表联名" in response.content.decode()
    assert Proposal.objects.get(pk=p.pk).status == Status.DRAFT


def test_r06_pending_invitation_disables_the_button_saying_why_and_the_lead_cancels_it(
    login: Any,
) -> None:
    """The dead end users met: enough signatures and one invitation not yet answered. The
    button says why it is disabled; the lead cancels the invitation and hands in."""
    with clock.frozen(before_deadline()):
        p = draft()
        signed(p, 9)
        extra = colleagues(10)[9]
        services.cosigner_invite(actor=u("deputy"), proposal=p, deputy=extra)
        client = login("deputy")
        page = client.get(f"/proposals/{p.pk}/").content.decode()
        assert "1 份联名邀请尚未答复" in page
        assert 'disabled aria-disabled="true">1 份联名邀请尚未答复' in page
        cancel = f"/proposals/{p.pk}/invitations/{extra.pk}/cancel/"
        assert cancel in page
        page = client.post(cancel, follow=True).content.decode()
        assert "邀请已取消" in page
        assert cancel not in page and "尚未答复" not in page
        page = client.post(f"/proposals/{p.pk}/submit/", follow=True).content.decode()
    assert Proposal.objects.get(pk=p.pk).status in (Status.AT_DELEGATION, Status.SUBMITTED)


def test_r06_only_the_lead_cancels_an_invitation(login: Any) -> None:
    with clock.frozen(before_deadline()):
        p = draft()
        (d,) = signed(p, 1)
        extra = colleagues(2)[1]
        services.cosigner_invite(actor=u("deputy"), proposal=p, deputy=extra)
        cancel = f"/proposals/{p.pk}/invitations/{extra.pk}/cancel/"
        assert d.user is not None
        client = login(d.user.username)
        response = client.post(cancel)
    assert response.status_code in (302, 404)
    assert p.cosigners.get(deputy=extra).status == "invited"


def test_r09_after_the_deadline_the_page_offers_a_suggestion(login: Any) -> None:
    deadline = session().proposal_deadline
    assert deadline is not None
    with clock.frozen(before_deadline()):
        p = draft()
    with clock.frozen(deadline + dt.timedelta(hours=1)):
        client = login("deputy")
        page = client.get(f"/proposals/{p.pk}/").content.decode()
        assert "将内容作为建议提出" in page
        response = client.post(f"/proposals/{p.pk}/to-suggestion/")
    p.refresh_from_db()
    assert p.suggestion is not None
    assert response.status_code == 302
    assert response["Location"] == f"/suggestions/{p.suggestion.pk}/"


def test_r08_draft_form_keeps_input_and_answers_in_chinese(login: Any) -> None:
    client = login("deputy")
    response = client.post(
        "/proposals/new/",
        {"session": session().pk, "kind": "proposal", "subject": "", "grounds": "案据内容"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "请修改下方标出的内容" in page
    assert "请选择议案类别（第十四条）。" in page
    assert "案据内容" in page
    nul = client.post(
        "/proposals/new/",
        {"session": session().pk, "kind": "proposal", "subject": "议案\x00", "category": "other"},
    )
    assert nul.status_code == 400


def test_draft_form_with_a_session_of_another_congress_refused(login: Any) -> None:
    from lvzhi.registry.models import Session

    other = Session.objects.exclude(term__congress__level="prefecture").first()
    assert other is not None
    before = Proposal.objects.count()
    response = login("deputy").post(
        "/proposals/new/",
        {"session": other.pk, "kind": "proposal", "subject": "关于某事的议案", "category": "other"},
    )
    assert response.status_code == 400
    assert Proposal.objects.count() == before


def test_draft_created_from_the_form(login: Any) -> None:
    response = login("deputy").post(
        "/proposals/new/",
        {
            "session": session().pk,
            "kind": "proposal",
            "subject": "关于制定某条例的议案",
            "category": "legislation",
            "grounds": "理由",
            "plan": "方案",
            "exclusions_confirmed": "on",
        },
    )
    p = Proposal.objects.get(subject="关于制定某条例的议案")
    assert response.status_code == 302
    assert (p.grounds, p.plan, p.exclusions_confirmed) == ("理由", "方案", True)


def test_other_deputy_and_wrong_ids_get_404(login: Any) -> None:
    with clock.frozen(before_deadline()):
        p = draft()
    other = colleagues(1)[0].user
    assert other is not None
    client = login(other.username)
    assert client.get(f"/proposals/{p.pk}/").status_code == 404
    assert client.post(f"/proposals/{p.pk}/submit/").status_code == 404
    assert client.get("/proposals/999999/").status_code == 404
    assert client.post(f"/proposals/{p.pk}/cosign/nonsense/").status_code == 404


def test_r09_secretariat_records_the_presidium_decision_from_the_page(login: Any) -> None:
    p = reported(DAY)
    client = login("secretariat")
    page = client.get(f"/proposals/{p.pk}/").content.decode()
    assert "主席团决定" in page
    bad = client.post(f"/proposals/{p.pk}/decide/", {"placed": "1", "on": "2026-01-13"})
    assert bad.status_code == 400
    assert "2026-01-13" in bad.content.decode()
    assert Proposal.objects.get(pk=p.pk).status == Status.REPORTED
    ok = client.post(
        f"/proposals/{p.pk}/decide/",
        {"placed": "0", "on": "2026-01-13", "document_no": "主〔2026〕9号"},
        follow=True,
    )
    page = ok.content.decode()
    assert "主席团决定已登记" in page
    p.refresh_from_db()
    assert p.status == Status.NOT_PLACED
    assert f"/suggestions/{p.suggestion_id}/" in page


def test_queue_is_searchable_exportable_and_query_count_does_not_grow(
    login: Any, django_assert_max_num_queries: Any
) -> None:
    client = login("secretariat")
    client.get("/proposals/queue/")
    with django_assert_max_num_queries(20) as small:
        few = client.get("/proposals/queue/")
    for _ in range(3):
        received()
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        many = client.get("/proposals/queue/")
    assert few.status_code == many.status_code == 200
    assert many.context["page"].paginator.count == few.context["page"].paginator.count + 3
    assert len(large.captured_queries) == len(small.captured_queries)
    found = client.get("/proposals/queue/", {"q": "伊犁河流域生态保护", "status": "submitted"})
    assert "伊犁河流域生态保护条例" in found.content.decode()
    none = client.get("/proposals/queue/", {"q": "不存在的议案"})
    assert none.status_code == 200 and "暂无议案" in none.content.decode()
    assert client.get("/proposals/queue/", {"q": "议案\x00", "status": "bogus"}).status_code == 200
    csv = client.get("/proposals/queue/", {"format": "csv", "status": "submitted"})
    body = b"".join(csv.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert body.startswith("\ufeff编号,类型,案由")
    assert "伊犁河流域生态保护条例" in body


def test_queue_closed_to_deputies(login: Any) -> None:
    assert login("deputy").get("/proposals/queue/").status_code == 404


def test_desk_panels_for_deputy_and_secretariat(login: Any) -> None:
    received()
    page = login("secretariat").get("/desk/").content.decode()
    assert "待处理议案" in page and "待提出处理意见或审查报告" in page
    with clock.frozen(before_deadline()):
        p = draft()
        services.cosigner_invite(actor=u("deputy"), proposal=p, deputy=colleagues(1)[0])
    invited = colleagues(1)[0].user
    assert invited is not None
    page = login(invited.username).get("/desk/").content.decode()
    assert "议案联名邀请" in page and p.subject in page


def test_plans_page_records_a_plan_and_refuses_bad_input(login: Any) -> None:
    client = login("office")
    bad = client.post("/proposals/plans/", {"title": "交办方案", "decided_on": "2026-02-30"})
    assert bad.status_code == 400 and "交办方案" in bad.content.decode()
    ok = client.post(
        "/proposals/plans/",
        {
            "title": "议案交办方案（一）",
            "decided_on": "2026-02-20",
            "document_no": "伊州人常主〔2026〕7号",
        },
    )
    assert ok.status_code == 302
    assert "议案交办方案（一）" in client.get("/proposals/plans/").content.decode()
    assert login("deputy").get("/proposals/plans/").status_code == 404


def test_r51_interpellation_drafted_answered_and_reacted_to_from_the_pages(login: Any) -> None:
    from .helpers import delegation_staff, proposer

    client = login("deputy")
    with clock.frozen(before_deadline()):
        response = client.post(
            "/proposals/new/",
            {
                "session": session().pk,
                "kind": "interpellation",
                "addressee": "procuratorate",
                "subject": "关于公益诉讼案件办理进度的质询案",
                "grounds": "请说明办理进度。",
            },
        )
        assert response.status_code == 302
        p = Proposal.objects.get(subject="关于公益诉讼案件办理进度的质询案")
        assert (p.kind, p.addressee, p.category) == ("interpellation", "procuratorate", "other")
        signed(p, 10)
        p = services.submit(actor=proposer(), proposal=p)
        if p.status == Status.AT_DELEGATION:
            services.forward(actor=delegation_staff(p), proposal=p)
    sec = login("secretariat")
    page = sec.get(f"/proposals/{p.pk}/").content.decode()
    assert "交受质询机关答复" in page and "秘书处处理意见" not in page
    sec.post(
        f"/proposals/{p.pk}/decide/",
        {"placed": "1", "on": "2026-01-12", "document_no": "主〔2026〕30号"},
    )
    sec.post(
        f"/proposals/{p.pk}/answer/",
        {
            "text": "书面答复：已全部办结。",
            "on": "2026-01-13",
            "document_no": "伊州检函〔2026〕1号",
        },
    )
    client = login("deputy")
    response = client.post(
        f"/proposals/{p.pk}/reaction/", {"reaction": "satisfied", "note": ""}, follow=True
    )
    page = response.content.decode()
    assert "您对答复的意见已登记" in page and "对答复满意" in page
    p.refresh_from_db()
    assert (p.status, p.reaction) == (Status.ANSWERED, "satisfied")


def test_public_list_shows_decided_proposals_without_an_account(client: Any) -> None:
    p = reported(DAY)
    services.presidium_decide(
        actor=u("secretariat"), proposal=p, placed=True, on=DAY, document_no="主〔2026〕41号"
    )
    with clock.frozen(before_deadline()):
        hidden = draft(subject="关于尚未提交的议案")
    page = client.get("/proposals/public/", {"q": "伊犁河流域"}).content.decode()
    assert p.subject in page and "已列入会议议程" in page
    assert client.get(f"/proposals/public/{p.pk}/").status_code == 200
    assert client.get(f"/proposals/public/{hidden.pk}/").status_code == 404
    assert hidden.subject not in client.get("/proposals/public/").content.decode()


def test_statistics_and_xlsx_for_staff_only(login: Any) -> None:
    import io

    from openpyxl import load_workbook

    received()
    client = login("secretariat")
    page = client.get("/proposals/statistics/").content.decode()
    assert "按代表团" in page and "<svg" in page
    xlsx = client.get("/proposals/queue/", {"format": "xlsx"})
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws is not None
    assert [c.value for c in ws[2]][:3] == ["编号", "类型", "案由"]  # under the title row
    assert ws.max_row >= 3
    assert login("deputy").get("/proposals/statistics/").status_code == 404


def test_r10_handling_report_docx_lists_placed_proposals_and_results(login: Any) -> None:
    import io

    from docx import Document

    from lvzhi.proposals.models import Proposal as P

    client = login("office")
    page = client.get("/proposals/statistics/", {"session": session().pk})
    assert "议案办理情况报告" in page.content.decode() or ".docx" in page.content.decode()
    response = client.get("/proposals/statistics/", {"session": session().pk, "format": "docx"})
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(par.text for par in doc.paragraphs)
    assert "代表议案办理情况的报告" in text
    placed = P.objects.filter(
        session=session(), kind="proposal", status__in=["placed", "assigned", "completed"]
    )
    cells = {c.text for row in doc.tables[0].rows for c in row.cells}
    assert {p.subject for p in placed} <= cells
    assert (
        client.get("/proposals/statistics/", {"session": "x", "format": "docx"}).status_code == 404
    )


@pytest.mark.parametrize(
    "persona", ["admin", "office", "secretariat", "recorder", "yining", "handling", "deputy"]
)
def test_every_persona_opens_desk_and_the_demo_proposals_it_may_see(
    login: Any, persona: str
) -> None:
    client = login(persona)
    assert client.get("/desk/").status_code == 200
    seen = 0
    for p in Proposal.objects.all():
        status = client.get(f"/proposals/{p.pk}/").status_code
        assert status in (200, 404)
        seen += status == 200
    if persona in ("admin", "secretariat", "office", "recorder"):
        assert seen == Proposal.objects.exclude(status__in=["draft", "abandoned", "moved"]).count()


def test_staff_cannot_open_a_deputys_draft(login: Any) -> None:
    with clock.frozen(before_deadline()):
        p = draft()
    assert login("secretariat").get(f"/proposals/{p.pk}/").status_code == 404
