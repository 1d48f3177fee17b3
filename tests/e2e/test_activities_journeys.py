"""Browser journeys of issue 6 ("done means"): a group leader plans and records a quarterly
activity on a phone; the office runs a thematic inspection that yields a suggestion; a
committee opens a draft regulation, two deputies comment and the adoption report shows the
comments — all in Chinese, in a real browser."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lvzhi.activities.models import (
    Comment,
    DeputyGroup,
    Draft,
    GroupActivity,
    Inspection,
    InspectionOpinion,
)
from lvzhi.core.models import User
from lvzhi.registry.models import Membership
from lvzhi.suggestions.models import Status, Suggestion

from .pickers import pick

pytestmark = pytest.mark.e2e
PASSWORD = "Lvzhi@2026demo"


def send(page: Any, selector: str) -> None:
    """Click and wait for the page the click leads to."""
    with page.expect_navigation():
        page.click(selector)


def test_group_leader_plans_and_records_a_quarterly_activity_on_a_phone(
    live_server: Any, signed_in: Any, seeded_transactional: None
) -> None:
    url = live_server.url
    org_id = User.objects.get(username="groupleader").role_assignments.get().organisation_id
    group = DeputyGroup.objects.get(organisation_id=org_id)
    page = signed_in("groupleader", viewport=(360, 740))
    page.goto(url + "/activities/groups/")
    send(page, f"text={group.organisation.name}")
    assert "年各季度" in page.content()
    page.fill(
        "#id_content", "一季度学习代表法；二季度走访选民；三季度专题视察；四季度交流履职经验。"
    )
    send(page, "form[action$='/plan/'] button")
    assert "年度计划已保存" in page.content()
    send(page, "main .page-head a.btn.primary")
    assert "登记活动" in page.content()
    page.select_option("#id_kind", "visit_voters")
    page.fill("#id_title", "四季度走访选民")
    page.fill("#id_place", "萨依布依街道联络站")
    page.fill("#id_content", "走访社区居民，听取冬季供暖方面的意见。")
    # The form fits the phone: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    send(page, "main form button[type=submit]")
    assert "活动已登记" in page.content()
    page.fill("#id_report", "本次走访居民30户，收集意见5条，已报送选举单位。")
    send(page, "form[action$='/report/'] button")
    assert "报告已保存" in page.content()
    a = GroupActivity.objects.get(group=group, title="四季度走访选民")
    members = Membership.objects.filter(deputy_group_id=org_id, status="serving").count()
    assert a.attendance.filter(present=True).count() == members
    assert a.report.startswith("本次走访居民30户")
    page.goto(url + f"/activities/groups/{group.pk}/")
    assert "四季度走访选民" in page.content()


def test_office_runs_a_thematic_inspection_that_yields_a_suggestion(
    live_server: Any, signed_in: Any, seeded_transactional: None
) -> None:
    url = live_server.url
    deputy = User.objects.get(username="deputy").deputy
    office = signed_in("office")
    office.goto(url + "/activities/inspections/")
    office.select_option("#id_kind", "thematic")
    office.fill("#id_title", "牧区流动医疗服务专题视察")
    office.fill("#id_starts_on", (dt.date.today() + dt.timedelta(days=7)).isoformat())
    office.fill("#id_ends_on", (dt.date.today() + dt.timedelta(days=8)).isoformat())
    office.fill("#id_sites", "昭苏县夏牧场流动医疗点；乡镇卫生院座谈")
    send(office, "main form[method=post] button[type=submit]")
    assert "视察已安排" in office.content()
    pick(office, "id_invite-deputy", deputy.name, str(deputy.pk))
    send(office, "form[action$='/invite/'] button")
    assert "已邀请该代表" in office.content()
    send(office, "form[action$='/notify/'] button")
    assert "已通知代表" in office.content()
    office.select_option("#id_opinion-deputy", value=str(deputy.pk))
    office.fill("#id_opinion-title", "关于在夏牧场设立流动医疗点的建议")
    office.fill("#id_opinion-body", "夏牧场距卫生院远，建议设立流动医疗点，定期巡诊。")
    send(office, "form[action$='/opinion/'] button")
    assert "意见建议已登记" in office.content()
    office.fill("#id_report", "视察组察看了3个医疗点，牧区就医难问题仍较突出。")
    send(office, "form[action$='/report/'] button")
    op = InspectionOpinion.objects.get(title="关于在夏牧场设立流动医疗点的建议")
    office.select_option(f"#id_r{op.pk}-route", "suggestion")
    send(office, "form[action$='/route/'] button")
    assert "意见去向已确定" in office.content()

    page = signed_in("deputy", viewport=(360, 740))
    page.goto(url + f"/activities/inspections/{op.inspection_id}/")
    send(page, "form[action$='/suggest/'] button")
    assert "您的意见已作为建议提交" in page.content()
    op.refresh_from_db()
    s = Suggestion.objects.get(pk=op.suggestion_id)
    assert (s.status, s.proposer_id, s.title) == (
        Status.SUBMITTED,
        deputy.pk,
        "关于在夏牧场设立流动医疗点的建议",
    )
    assert Inspection.objects.get(pk=op.inspection_id).status == "reported"


def test_committee_opens_a_draft_two_deputies_comment_and_the_report_shows_them(
    live_server: Any, signed_in: Any, seeded_transactional: None
) -> None:
    url = live_server.url
    first = User.objects.get(username="deputy").deputy
    seat = (
        Membership.objects.filter(term__congress__level="prefecture", status="serving")
        .exclude(deputy=first)
        .exclude(deputy__user__isnull=False)
        .select_related("deputy")
        .first()
    )
    assert seat is not None
    second_user = User.objects.create_user(username="commenter2", password=PASSWORD)
    seat.deputy.user = second_user
    seat.deputy.save(update_fields=["user"])

    committee = signed_in("committee")
    committee.goto(url + "/activities/legislation/")
    committee.fill("#id_title", "伊犁哈萨克自治州城乡供水条例")
    send(committee, "main form[method=post] button[type=submit]")
    assert "立法项目已创建" in committee.content()
    committee.fill("#id_title", "伊犁哈萨克自治州城乡供水条例（草案征求意见稿）")
    committee.fill("#id_closes_on", (dt.date.today() + dt.timedelta(days=20)).isoformat())
    committee.fill(
        "#id_text",
        "第一条 为了保障城乡供水安全，制定本条例。\n"
        "第二条 本条例适用于自治州行政区域内的城乡供水活动。\n"
        "第三条 本条例自公布之日起施行。",
    )
    send(committee, "form[action$='/drafts/'] button")
    assert "草案已公开征求代表意见" in committee.content()
    draft = Draft.objects.get(title="伊犁哈萨克自治州城乡供水条例（草案征求意见稿）")
    second_article = draft.articles.get(number=2)
    texts = {
        "deputy": "建议第二条明确包括农村牧区集中供水工程。",
        "commenter2": "建议第二条增加对分散式供水的规定。",
    }
    for username, text in texts.items():
        page = signed_in(username, viewport=(360, 740))
        page.goto(url + f"/activities/drafts/{draft.pk}/")
        page.fill(f"#c{second_article.pk}", text)
        send(page, f"form[action$='/articles/{second_article.pk}/comment/'] button")
        assert "您对第2条的意见已提交" in page.content()
    committee.goto(url + f"/activities/drafts/{draft.pk}/")
    decisions = (
        ("adopted", "已在第二条中增加农村牧区集中供水工程。"),
        ("not_adopted", "分散式供水另行规定。"),
    )
    for c, (decision, reason) in zip(
        Comment.objects.filter(article__draft=draft).order_by("id"), decisions, strict=True
    ):
        committee.select_option(f"#id_c{c.pk}-decision", decision)
        committee.fill(f"#id_c{c.pk}-reason", reason)
        send(committee, f"form[action$='/comments/{c.pk}/decide/'] button")
        assert "采纳情况已登记" in committee.content()
    committee.goto(url + f"/activities/drafts/{draft.pk}/report/")
    body = committee.content()
    for text in texts.values():
        assert text in body
    assert "已在第二条中增加农村牧区集中供水工程。" in body and "分散式供水另行规定。" in body
    assert "采纳 1 条" in body and "未采纳 1 条" in body
