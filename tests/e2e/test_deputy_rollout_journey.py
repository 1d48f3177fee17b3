"""Browser journey of issue 21 ("done means"): an electoral unit's staff member invites the
unit's imported deputies and prints their letters (the .docx opens, holds the codes, and its QR
codes are exactly the activation URL re-encoded); one deputy activates on a 360 px phone and
co-signs a suggestion; another resets a forgotten password with a code the SMS gateway — a
real local HTTP server standing in for it — received; a deputy whose term ends is disabled."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.db.models import Count

from lvzhi.core.models import User
from lvzhi.registry.letters import qr_png
from lvzhi.registry.models import Deputy, MembershipStatus, Organisation, OrgKind
from tests.core import http_sink

from .pickers import pick

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
FIRST_PASSWORD = "Ili-River-Spring-26"
NEW_PASSWORD = "Kunes-Meadow-Summer-27"
TITLE = "关于在伊宁市增设社区老年食堂的建议"


def send(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def _letters(content: bytes) -> tuple[dict[str, tuple[str, str]], list[bytes]]:
    """name → (user name, code) as printed in the letters, and the letters' PNG images."""
    import docx

    document = docx.Document(io.BytesIO(content))
    found: dict[str, tuple[str, str]] = {}
    name = username = ""
    for paragraph in document.paragraphs:
        text = paragraph.text
        if m := re.match(r"^(.+?) 代表（身份证号", text):
            name = m.group(1)
        elif text.startswith("用户名："):
            username = text.removeprefix("用户名：")
        elif text.startswith("激活码："):
            found[name] = (username, text.removeprefix("激活码："))
    images = [p.blob for p in document.part.package.parts if p.content_type == "image/png"]
    assert images and len(document.inline_shapes) == len(found)
    return found, images


def test_unit_staff_roll_out_accounts_to_their_deputies(
    live_server: Any, browser: Any, signed_in: Any, seeded_transactional: None, settings: Any
) -> None:
    url = live_server.url
    sink = http_sink.start()
    settings.NOTIFY_SMS_URL = sink.url + "/sms"
    settings.NOTIFY_SITE_URL = url
    try:
        unit = Organisation.objects.get(
            kind=OrgKind.ELECTORAL_UNIT, division__code="654002", congress__level="prefecture"
        )
        three = list(
            Deputy.objects.filter(
                memberships__electoral_unit=unit,
                memberships__status=MembershipStatus.SERVING,
                user__isnull=True,
            )
            .exclude(phone_encrypted="")
            .annotate(seats=Count("memberships", distinct=True))
            .filter(seats=1)
            .order_by("pk")[:3]
        )
        assert len(three) == 3
        a, b, c = three

        # The unit's staff invite the deputies and print the letters.
        staff = signed_in("yining")
        staff.goto(f"{url}/registry/deputies/?account=none&status=serving")
        assert a.name in staff.content() and "无账号" in staff.content()
        staff.goto(f"{url}/registry/organisations/{unit.pk}/accounts/")
        # The letters are made in the background (issue 21): the page shows the progress,
        # then the .docx and, with LibreOffice installed, the PDF to print.
        send(staff, "#invite-all")
        staff.wait_for_selector("#job-progress[data-status=done]")
        from lvzhi.core import pdf

        if pdf.converter() is not None:
            with staff.expect_download() as printed:
                staff.click("#job-download-pdf")
            assert printed.value.path().read_bytes().startswith(b"%PDF")
        with staff.expect_download() as download:
            staff.click("#job-download")
        letters, images = _letters(download.value.path().read_bytes())
        assert {a.name, b.name, c.name} <= set(letters)
        expected_qr = qr_png(f"{url}/activate/")
        assert all(blob == expected_qr for blob in images)
        staff.goto(f"{url}/registry/deputies/?account=invited&status=serving")
        assert a.name in staff.content() and "已邀请" in staff.content()

        # Deputy A activates on a phone and co-signs a colleague's suggestion.
        username_a, code_a = letters[a.name]
        phone = browser.new_context(viewport=PHONE).new_page()
        phone.goto(f"{url}/activate/")
        phone.fill("#id_code", code_a.lower())
        send(phone, "main button[type=submit]")
        assert phone.inner_text("#username") == username_a
        assert a.name not in phone.content() or len(a.name) < 2
        phone.fill("#id_new_password", FIRST_PASSWORD)
        phone.fill("#id_new_password2", FIRST_PASSWORD)
        send(phone, "main button[type=submit]")
        assert phone.url.endswith("/desk/")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]

        author = signed_in("deputy", viewport=(360, 740))
        author.goto(url + "/suggestions/new/")
        author.select_option("#id_term", index=1)
        author.fill("#id_title", TITLE)
        author.select_option("#id_category", index=1)
        author.fill(
            "#id_body",
            "伊宁市老旧小区独居老人较多，吃饭难。建议在社区增设老年食堂，由街道统筹场地，"
            "民政部门给予补贴，并引入社会力量运营。",
        )
        send(author, "main form button[type=submit]")
        detail_url = author.url
        pick(author, "id_deputy", a.name, str(a.pk))
        send(author, "form[action$='/invite/'] button")
        phone.goto(detail_url)
        send(phone, "form[action$='/cosign/accept/'] button")
        assert "您的答复已记录" in phone.content()

        # Deputy B activates, forgets the password, and sets a new one with an SMS code.
        username_b, code_b = letters[b.name]
        from lvzhi.core import services as core_services

        core_services.account_activate(code=code_b, password=FIRST_PASSWORD, ip=None)
        received_before = len(sink.received)
        page = browser.new_context(viewport=PHONE).new_page()
        page.goto(f"{url}/login/")
        send(page, "a[href='/password/forgot/']")
        page.fill("#id_login", username_b)
        send(page, "main button[type=submit]")
        message = sink.received[received_before].json()
        from lvzhi.core import crypto

        assert message["to"] == crypto.decrypt(Deputy.objects.get(pk=b.pk).phone_encrypted)
        sms_code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", message["text"])
        assert sms_code is not None
        page.fill("#id_code", sms_code.group(0))
        page.fill("#id_new_password", NEW_PASSWORD)
        page.fill("#id_new_password2", NEW_PASSWORD)
        send(page, "main button[type=submit]")
        assert page.url.endswith("/login/")
        page.fill("#id_username", username_b)
        page.fill("#id_password", NEW_PASSWORD)
        send(page, "main button[type=submit]")
        assert page.url.endswith("/desk/")

        # Deputy C's term ends: the staff record it and the account is disabled.
        username_c, code_c = letters[c.name]
        core_services.account_activate(code=code_c, password=FIRST_PASSWORD, ip=None)
        staff.goto(f"{url}/registry/deputies/{c.pk}/")
        staff.click("details:has(form[action$='/status/']) summary")
        staff.select_option("#id_status", MembershipStatus.TERM_ENDED)
        staff.fill("#id_on", "2026-01-05")
        send(staff, "form[action$='/status/'] button[type=submit]")
        assert not User.objects.get(username=username_c).is_active
        staff.goto(f"{url}/registry/deputies/{c.pk}/")
        assert "已停用" in staff.content()
        gone = browser.new_context(viewport=PHONE).new_page()
        gone.goto(f"{url}/login/")
        gone.fill("#id_username", username_c)
        gone.fill("#id_password", FIRST_PASSWORD)
        send(gone, "main button[type=submit]")
        assert gone.url.endswith("/login/")
    finally:
        http_sink.stop(sink)
