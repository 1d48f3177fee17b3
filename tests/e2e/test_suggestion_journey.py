"""Browser journey (issue 3, "done means"): a deputy drafts a suggestion with two co-signers,
the office assigns it, the unit asks for an extension and replies, the deputy evaluates —
all in Chinese, in a real browser."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lvzhi.core.models import User
from lvzhi.registry.models import Membership, Organisation
from lvzhi.suggestions.models import Status, Suggestion

from .pickers import pick

pytestmark = pytest.mark.e2e
PASSWORD = "Lvzhi@2026demo"
TITLE = "关于在昭苏县增设牧区流动医疗点的建议"


def send(page: Any, selector: str) -> None:
    """Click and wait for the page the click leads to."""
    with page.expect_navigation():
        page.click(selector)


def _cosigner_accounts(n: int) -> list[str]:
    names = []
    own = Membership.objects.get(
        deputy__user__username="deputy", term__congress__level="prefecture"
    )
    for m in Membership.objects.filter(
        term=own.term, status="serving", deputy__user__isnull=True
    ).select_related("deputy")[:n]:
        user = User.objects.create_user(username=f"cosigner{m.deputy_id}", password=PASSWORD)
        m.deputy.user = user
        m.deputy.save(update_fields=["user"])
        names.append(user.username)
    return names


def test_suggestion_from_draft_to_evaluation(
    live_server: Any, signed_in: Any, seeded_transactional: None
) -> None:
    url = live_server.url
    cosigners = _cosigner_accounts(2)
    deputy = signed_in("deputy", viewport=(360, 740))
    deputy.goto(url + "/suggestions/new/")
    deputy.select_option("#id_term", index=1)
    deputy.fill("#id_title", TITLE)
    deputy.select_option("#id_category", "health")
    deputy.fill(
        "#id_body",
        "昭苏县夏季牧场距离乡镇卫生院较远，牧民看病难。建议在主要夏牧场设立流动"
        "医疗点，配备医生和常用药品，定期巡诊，并与乡镇卫生院建立转诊机制。",
    )
    send(deputy, "main form button[type=submit]")
    assert "草稿已保存" in deputy.content()
    detail_url = deputy.url
    for name in cosigners:
        invited = User.objects.get(username=name).deputy
        pick(deputy, "id_deputy", invited.name, str(invited.pk))
        send(deputy, "form[action$='/invite/'] button")
        assert "邀请已发出" in deputy.content()
    for name in cosigners:
        page = signed_in(name)
        page.goto(detail_url)
        send(page, "form[action$='/cosign/accept/'] button")
        assert "您的答复已记录" in page.content()
    deputy.goto(detail_url)
    send(deputy, "form[action$='/submit/'] button")
    assert "建议已提交" in deputy.content()

    office = signed_in("office")
    office.goto(url + "/suggestions/plans/")
    office.fill("#id_title", "2026年代表建议交办方案（二）")
    office.fill("#id_decided_on", (dt.date.today() - dt.timedelta(days=1)).isoformat())
    office.fill("#id_document_no", "伊州人常主〔2026〕21号")
    send(office, "main form button[type=submit]")
    office.goto(url + "/suggestions/queue/")
    send(office, f"text={TITLE}")
    office.select_option("#id_plan", index=1)
    lead = Organisation.objects.get(name="自治州卫生健康委员会")
    pick(office, "id_lead", "卫生健康", str(lead.pk))
    send(office, "form[action$='/assign/'] button")
    assert "建议已交办" in office.content()

    s = Suggestion.objects.get(title=TITLE)
    unit_user = User.objects.filter(
        role_assignments__organisation__name="自治州卫生健康委员会"
    ).first()
    assert unit_user is not None
    unit_user.set_password(PASSWORD)
    unit_user.save()
    unit = signed_in(unit_user.username)
    unit.goto(url + "/suggestions/inbox/")
    send(unit, f"text={TITLE}")
    assert s.due_on is not None
    unit.fill("#id_requested_due_on", (s.due_on + dt.timedelta(days=30)).isoformat())
    unit.fill("#id_reason", "需与畜牧兽医部门协调夏牧场点位")
    send(unit, "form[action$='/extension/'] button")
    assert "延期申请已提交审批" in unit.content()
    office.goto(detail_url)
    send(office, "form[action$='/approve/'] button")
    unit.goto(detail_url)
    unit.select_option("#id_result_class", "B")
    unit.fill(
        "#id_body",
        "已将夏牧场流动医疗点列入明年卫生健康工作计划，先在两个乡试点，"
        "并已协调县人民医院派出巡诊医生。",
    )
    send(unit, "form[action$='/reply/'] button")
    assert "答复已发送给代表" in unit.content()

    deputy.goto(detail_url)
    assert "同意延期" in deputy.content() and "B类" in deputy.content()
    deputy.check("input[value=satisfied]")
    send(deputy, "form[action$='/evaluate/'] button")
    assert "您的评价已记录" in deputy.content()
    s.refresh_from_db()
    assert s.status == Status.CLOSED
    assert [c.deputy.user.username for c in s.cosigners.filter(status="confirmed")] == cosigners
