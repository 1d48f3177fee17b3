"""Browser journey (issue 8, "done means"): a citizen on a phone finds the liaison post of the
township, sends an opinion without an account and gets a tracking code; the station staff
assign it to a deputy; the deputy answers it; the citizen sees the answer by the code."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from lvzhi.registry.models import Deputy
from lvzhi.stations.models import Opinion, Status

pytestmark = pytest.mark.e2e
TITLE = "萨依布依街道小区路灯不亮"
ANSWER = "已联系街道办事处，路灯将于本周内修复。"


def send(page: Any, selector: str) -> None:
    """Click and wait for the page the click leads to."""
    with page.expect_navigation():
        page.click(selector)


NUMERALS = "零一二三四五六七八九"


def solve(question: str) -> str:
    """Answer the form's question as a person reads it: "三 加 5 等于多少？"."""
    import re

    m = re.search(r"([零一二三四五六七八九])\s*加\s*(\d)", question)
    assert m, question
    return str(NUMERALS.index(m.group(1)) + int(m.group(2)))


def test_citizen_opinion_from_phone_to_answer_by_code(
    live_server: Any, browser: Any, signed_in: Any, seeded_transactional: None
) -> None:
    cache.clear()
    url = live_server.url
    # A citizen, no account, on a phone-sized window.
    phone = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    phone.goto(url + "/stations/")
    phone.fill("#st-q", "萨依布依")
    send(phone, "form.filters button[type=submit]")
    send(phone, "table.stations a")
    assert "萨依布依街道" in phone.text_content("h1")
    send(phone, "text=提交意见")
    phone.fill("#id_name", "阿依古丽")
    phone.fill("#id_phone", "139 0999 1234")
    phone.select_option("#id_category", "urban")
    phone.fill("#id_title", TITLE)
    phone.fill(
        "#id_body", "我们小区的路灯已经坏了一个多月，晚上老人孩子出行很不方便，希望尽快修好。"
    )
    phone.fill("#id_challenge", solve(phone.text_content("label[for=id_challenge]")))
    send(phone, "main form button[type=submit]")
    code = phone.text_content("#tracking-code").strip()
    opinion = Opinion.objects.get(tracking_code=code)
    assert opinion.title == TITLE and opinion.phone_masked == "139****1234"

    # The station staff find it in their queue and assign it to the deputy.
    deputy = Deputy.objects.get(user__username="deputy")
    staff = signed_in("station")
    staff.goto(url + "/stations/opinions/?status=received")
    send(staff, f"text={TITLE}")
    assert "139****1234" in staff.content() and "13909991234" not in staff.content()
    staff.select_option("#id_matter_level", "local")
    staff.check(f"input[name=deputies][value='{deputy.pk}']")
    send(staff, "form[action$='/assign/'] button[type=submit]")
    assert "代表办理中" in staff.content()

    # The deputy sees it on the desk and answers it.
    desk = signed_in("deputy", viewport=(390, 844))
    assert TITLE in desk.content()
    send(desk, f"text={TITLE}")
    desk.select_option("#id_outcome", "answered")
    desk.fill("#id_note", ANSWER)
    send(desk, "form[action$='/handle/'] button[type=submit]")
    opinion.refresh_from_db()
    assert opinion.status == Status.HANDLED

    # The citizen looks the opinion up by its code.
    phone.goto(url + "/stations/track/")
    phone.fill("#tr-code", code)
    send(phone, "form.filters button[type=submit]")
    progress = phone.text_content("#progress")
    assert "已办理" in progress and ANSWER in progress
    assert "阿依古丽" not in progress and "1234" not in progress
