"""Browser journey (issue 4, "done means"): a deputy drafts a proposal, ten colleagues
co-sign from their own accounts, it is handed in through the delegation, the secretariat
records its recommendation, the review committee's report and the presidium's decision — and
the proposal not placed on the agenda continues as a suggestion."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lvzhi.core import clock
from lvzhi.core.models import User
from lvzhi.proposals.models import Proposal, Status
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry import services as registry_services
from lvzhi.registry.models import Membership, Role, Session

from .pickers import pick

pytestmark = pytest.mark.e2e
PASSWORD = "Lvzhi@2026demo"
SUBJECT = "关于制定《伊犁哈萨克自治州牧区饮水安全保障条例》的议案"


def send(page: Any, selector: str) -> None:
    """Click and wait for the page the click leads to."""
    with page.expect_navigation():
        page.click(selector)


def _cosigner_accounts(n: int) -> list[User]:
    own = Membership.objects.get(
        deputy__user__username="deputy", term__congress__level="prefecture"
    )
    users = []
    for m in Membership.objects.filter(
        term=own.term, status="serving", deputy__user__isnull=True
    ).select_related("deputy")[:n]:
        user = User.objects.create_user(username=f"signer{m.deputy_id}", password=PASSWORD)
        m.deputy.user = user
        m.deputy.save(update_fields=["user"])
        users.append(user)
    return users


def _open_session() -> Session:
    """The demo's sessions lie in the past: open the latest one for proposals."""
    own = Membership.objects.get(
        deputy__user__username="deputy", term__congress__level="prefecture"
    )
    session = Session.objects.filter(term=own.term).order_by("-number").first()
    assert session is not None
    session.proposal_deadline = clock.now() + dt.timedelta(days=2)
    session.save(update_fields=["proposal_deadline"])
    return session


def _delegation_account() -> User | None:
    seat = Membership.objects.select_related("delegation").get(
        deputy__user__username="deputy", term__congress__level="prefecture"
    )
    if seat.delegation is None:
        return None
    user = registry_selectors.users_with_role_over(
        seat.delegation, frozenset({Role.UNIT_STAFF})
    ).first()
    if user is None:
        user = User.objects.create_user(username="delegation", password=PASSWORD)
        registry_services.role_grant(
            actor=None, user=user, role=Role.UNIT_STAFF, organisation=seat.delegation
        )
    user.set_password(PASSWORD)
    user.save()
    return user


def test_proposal_from_draft_to_presidium_decision(
    live_server: Any, signed_in: Any, seeded_transactional: None
) -> None:
    url = live_server.url
    _open_session()
    signers = _cosigner_accounts(9)  # R06: the lead and nine make ten
    deputy = signed_in("deputy", viewport=(360, 740))
    deputy.goto(url + "/proposals/new/")
    deputy.fill("#id_subject", SUBJECT)
    deputy.select_option("#id_category", "legislation")
    deputy.fill("#id_grounds", "部分牧区饮水工程老化，水质保障不足，现行规定缺乏管护责任。")
    send(deputy, "main form button[type=submit]")
    assert "草稿已保存" in deputy.content()
    detail_url = deputy.url
    # R08: the plan is missing and the exclusions are not confirmed yet.
    assert "尚缺：方案" in deputy.content()
    send(deputy, "a[href$='/edit/']")
    deputy.fill("#id_plan", "制定自治州牧区饮水安全保障条例，明确建设、管护和水质监测责任。")
    deputy.check("#id_exclusions_confirmed")
    send(deputy, "main form button[type=submit]")
    for user in signers:
        pick(deputy, "id_deputy", user.deputy.name, str(user.deputy.pk))
        send(deputy, "form[action$='/invite/'] button")
        assert "邀请已发出" in deputy.content()
    # R06: the button stays disabled and says how many are still needed.
    assert deputy.is_disabled("form[action$='/submit/'] button")
    assert "还需 9 名代表联名" in deputy.content()
    for user in signers:
        page = signed_in(user.username)
        page.goto(detail_url)
        send(page, "form[action$='/cosign/accept/'] button")
        assert "您的答复已记录" in page.content()
        page.context.close()
    deputy.goto(detail_url)
    assert not deputy.is_disabled("form[action$='/submit/'] button")
    send(deputy, "form[action$='/submit/'] button")
    assert "议案已提交" in deputy.content()

    delegation = _delegation_account()
    if delegation is not None:
        staff = signed_in(delegation.username)
        staff.goto(detail_url)
        send(staff, "form[action$='/forward/'] button")
        assert "议案已送交大会秘书处" in staff.content()
    p = Proposal.objects.get(subject=SUBJECT)
    assert p.status == Status.SUBMITTED and p.number is not None

    today = clock.today().isoformat()
    secretariat = signed_in("secretariat")
    secretariat.goto(url + "/proposals/queue/?status=submitted")
    send(secretariat, f"text={SUBJECT}")
    secretariat.fill("#id_text", "建议提请议案审查委员会审议。")
    secretariat.fill("#id_on", today)
    secretariat.fill("#id_document_no", "大会秘书处〔2026〕12号")
    send(secretariat, "form[action$='/recommend/'] button")
    assert "秘书处处理意见已登记" in secretariat.content()
    secretariat.fill("#id_text", "所提事项宜作为代表建议交有关机关研究办理。")
    secretariat.fill("#id_on", today)
    secretariat.fill("#id_document_no", "议案审查委员会〔2026〕3号")
    send(secretariat, "form[action$='/report/'] button")
    assert "议案审查委员会报告已登记" in secretariat.content()
    secretariat.check("input[name=placed][value='0']")
    secretariat.fill("#id_on", today)
    secretariat.fill("#id_document_no", "大会主席团〔2026〕5号")
    send(secretariat, "form[action$='/decide/'] button")
    assert "主席团决定已登记" in secretariat.content()
    assert "主席团决定：不列入议程，作为建议处理" in secretariat.content()

    p.refresh_from_db()
    assert p.status == Status.NOT_PLACED and p.suggestion is not None
    deputy.goto(detail_url)
    send(deputy, f"a[href='/suggestions/{p.suggestion.pk}/']")
    page = deputy.content()
    assert SUBJECT in page and "由未列入大会议程的议案转为建议" in page
    assert all(user.deputy.name in page for user in signers)
