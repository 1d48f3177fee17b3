"""Browser journey (issue 7, "done means"): a Standing Committee member logs a contact on a
phone-sized window, the flag clears, the deputy sees the contact, and the office's page of
chapter 4 obligations shows who is behind."""

from __future__ import annotations

from typing import Any

import pytest

from lvzhi.contacts import selectors
from lvzhi.contacts.models import Holder
from lvzhi.core import clock

from .layout import fits

pytestmark = pytest.mark.e2e


def send(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_member_logs_a_contact_on_a_phone_and_the_flag_clears(
    live_server: Any, signed_in: Any, seeded_transactional: None
) -> None:
    url = live_server.url
    holder = Holder.objects.get(user__username="scmember")
    year = clock.today().year
    behind = selectors.member_year(holder, year).behind
    assert [r.deputy.user.username for r in behind if r.deputy.user] == ["deputy"]
    deputy_name = behind[0].deputy.name

    office = signed_in("office")
    office.goto(url + "/contacts/obligations/")
    send(office, "text=伊犁哈萨克自治州人大常委会")
    assert "陈光明" in office.content() and "未完成" in office.content()

    member = signed_in("scmember", viewport=(360, 740))
    member.goto(url + "/contacts/")
    assert "未达要求" in member.inner_text("#member-flag")
    # The long "behind" tag wraps inside its line on a phone (CI, 2026-12-08: 373 px at 360).
    fits(member, 360)
    send(member, "text=登记联系")
    member.click(f"label:has-text('{deputy_name}')")
    member.click("label:has-text('电话')")
    send(member, "main form button[type=submit]")
    assert f"已登记与{deputy_name}的联系" in member.content()
    assert "已与每名联系代表联系两次以上" in member.inner_text("#member-flag")
    assert selectors.member_year(holder, year).flagged is False

    deputy = signed_in("deputy", viewport=(360, 740))
    deputy.goto(url + "/contacts/deputy/")
    assert "陈光明 · 电话" in deputy.inner_text("#contacts")
