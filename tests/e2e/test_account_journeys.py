"""Browser journeys of the account pages (issue 11, item 2; issue 9, item 3).

Staff sign in with a second factor (MLPS 2.0 level 3): the first sign-in leads to setting up an
authenticator app — the QR code is drawn on the page, a wrong code is refused — and every later
sign-in asks for the six-digit code after the password (the test computes it with pyotp, as the
phone app would). A personal API token is made on its page, shown once, works as a Bearer
token, is not shown again, and stops working when revoked."""

from __future__ import annotations

import time
from typing import Any

import pyotp
import pytest

from lvzhi.core import crypto
from lvzhi.core.models import User
from lvzhi.registry.demo.seed import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def send(page: Any, selector: str) -> None:
    """Click and wait for the page the click leads to."""
    with page.expect_navigation():
        page.click(selector)


def code(username: str, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows (``steps_ahead`` 30-second steps later)."""
    secret = crypto.decrypt(User.objects.get(username=username).totp_secret)
    return str(pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead))


def password_step(page: Any, url: str, username: str) -> None:
    page.goto(url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    send(page, "main button[type=submit]")


def test_staff_set_up_the_second_factor_then_sign_in_with_password_and_code(
    live_server: Any, browser: Any, seeded_transactional: None, settings: Any
) -> None:
    settings.STAFF_SECOND_FACTOR = True
    url = live_server.url
    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    password_step(page, url, "office")
    assert page.url.endswith("/account/second-factor/")
    page.goto(url + "/suggestions/queue/")
    assert page.url.endswith("/account/second-factor/")  # nothing else before it is set up
    assert "您的角色要求使用双因素认证" in page.content()
    # The password alone does not enrol a phone: the office's enrolment code first (issue 21).
    from lvzhi.core.services import enrolment_code_issue

    page.fill(
        "#id_proof_code", enrolment_code_issue(actor=None, user=User.objects.get(username="office"))
    )
    send(page, "form:has(input[name=action][value=proof]) button")
    send(page, "form:has(input[name=action][value=start]) button")
    assert page.get_attribute("img[src^='data:image/svg+xml']", "src")
    page.fill("#id_code", "000000")
    send(page, "form:has(input[name=action][value=confirm]) button")
    assert "验证码不正确" in page.content()
    page.fill("#id_code", code("office"))
    send(page, "form:has(input[name=action][value=confirm]) button")
    assert User.objects.get(username="office").totp_enabled_at is not None
    assert page.locator("#recovery-codes li").count() == 10  # shown once, at enrolment
    page.goto(url + "/suggestions/queue/")
    assert page.url.endswith("/suggestions/queue/")

    page.context.close()  # a new browser: signed out
    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    password_step(page, url, "office")
    assert page.url.endswith("/login/code/")
    page.goto(url + "/desk/")
    assert "/login/" in page.url  # the password alone does not sign in
    password_step(page, url, "office")
    page.fill("#id_code", "123456" if code("office") != "123456" else "654321")
    send(page, "main button[type=submit]")
    assert page.url.endswith("/login/code/") and "验证码不正确" in page.content()
    # The next step's code (the enrolment used this step's; a used step is never accepted).
    page.fill("#id_code", code("office", steps_ahead=1))
    send(page, "main button[type=submit]")
    assert page.url.endswith("/desk/")


def test_api_token_is_shown_once_works_and_stops_when_revoked(
    live_server: Any, signed_in: Any, seeded_transactional: None
) -> None:
    url = live_server.url
    page = signed_in("deputy", viewport=(360, 740))
    page.goto(url + "/api/tokens/")
    page.fill("#id_name", "履职手机助手")
    send(page, "main form button[type=submit]")
    raw = page.inner_text("#new-token").strip()
    assert raw.startswith("lvz_")
    api = page.context.request
    mine = url + "/api/v1/suggestions/mine"
    anonymous = page.context.browser.new_context().request
    assert anonymous.get(mine, headers={"Authorization": f"Bearer {raw}"}).status == 200
    assert anonymous.get(mine, headers={"Authorization": "Bearer lvz_wrong"}).status == 401

    page.goto(url + "/api/tokens/")
    assert raw not in page.content() and "履职手机助手" in page.content()
    assert page.locator("#new-token").count() == 0
    send(page, "form[action$='/revoke/'] button")
    assert anonymous.get(mine, headers={"Authorization": f"Bearer {raw}"}).status == 401
    assert api.get(mine).status == 200  # the browser's own session is not affected
