"""Two factors for staff (issue 11, MLPS 2.0 level 3): staff set up a TOTP app before anything
else and then sign in with password and code; a code cannot be replayed; wrong codes count as
failed sign-ins; deputies may opt in and out; an administrator resets a lost phone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyotp
import pytest
from django.test import Client

from lvzhi.core import clock, crypto
from lvzhi.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_2fa(settings: Any) -> None:
    settings.STAFF_SECOND_FACTOR = True


def _code(user: User, at: dt.datetime | None = None) -> str:
    user.refresh_from_db()
    return str(pyotp.TOTP(crypto.decrypt(user.totp_secret)).at(at or clock.now()))


def _enrol(client: Client, user: User) -> None:
    client.post("/account/second-factor/", {"action": "start"})
    client.post("/account/second-factor/", {"action": "confirm", "code": _code(user)})


def test_staff_must_set_up_the_second_factor_before_anything_else(
    client: Client, password: str, staff_2fa: None
) -> None:
    client.post("/login/", {"username": "office", "password": password})
    response = client.get("/suggestions/queue/")
    assert response.status_code == 302 and response["Location"] == "/account/second-factor/"
    page = client.get("/account/second-factor/").content.decode()
    assert "您的角色要求使用双因素认证" in page
    client.post("/account/second-factor/", {"action": "start"})
    page = client.get("/account/second-factor/").content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn here
    office = User.objects.get(username="office")
    wrong = client.post("/account/second-factor/", {"action": "confirm", "code": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    client.post("/account/second-factor/", {"action": "confirm", "code": _code(office)})
    office.refresh_from_db()
    assert office.totp_enabled_at is not None
    assert client.get("/suggestions/queue/").status_code == 200
    assert AuditEvent.objects.filter(action="account.second_factor_on", object_id=str(office.pk))


def test_sign_in_asks_for_the_code_and_a_used_code_cannot_be_replayed(
    client: Client, password: str, staff_2fa: None
) -> None:
    office = User.objects.get(username="office")
    client.force_login(office)
    _enrol(client, office)
    client.post("/logout/")
    response = client.post("/login/", {"username": "office", "password": password})
    assert response["Location"] == "/login/code/"
    assert client.get("/desk/").status_code == 302  # not signed in yet
    later = clock.now() + dt.timedelta(seconds=60)
    with clock.frozen(later):
        code = _code(office, later)
        assert client.post("/login/code/", {"code": code})["Location"] == "/desk/"
        client.post("/logout/")
        client.post("/login/", {"username": "office", "password": password})
        replay = client.post("/login/code/", {"code": code})
    assert replay.status_code == 200 and "已使用过" in replay.content.decode()


def test_five_wrong_codes_hold_the_account_back(
    client: Client, password: str, staff_2fa: None
) -> None:
    office = User.objects.get(username="office")
    client.force_login(office)
    _enrol(client, office)
    client.post("/logout/")
    client.post("/login/", {"username": "office", "password": password})
    for _ in range(5):
        response = client.post("/login/code/", {"code": "123456"})
    assert response.status_code == 429 and "秒" in response.content.decode()
    office.refresh_from_db()
    assert office.locked_until is None  # a delay, not a lockout anyone could trigger


def test_bad_codes_and_stale_pending_sign_ins_are_answered_plainly(
    client: Client, password: str, staff_2fa: None
) -> None:
    assert client.get("/login/code/")["Location"] == "/login/"  # nothing pending
    office = User.objects.get(username="office")
    client.force_login(office)
    _enrol(client, office)
    client.post("/logout/")
    client.post("/login/", {"username": "office", "password": password})
    for bad in ("", "abc", "\x00", "1" * 50):
        response = client.post("/login/code/", {"code": bad})
        assert response.status_code == 200
    with clock.frozen(clock.now() + dt.timedelta(minutes=6)):
        assert client.get("/login/code/")["Location"] == "/login/"


def test_a_deputy_may_turn_it_on_and_off_and_is_never_forced(
    client: Client, password: str, staff_2fa: None
) -> None:
    deputy = User.objects.get(username="deputy")
    client.post("/login/", {"username": "deputy", "password": password})
    assert client.get("/suggestions/").status_code == 200  # not forced
    _enrol(client, deputy)
    deputy.refresh_from_db()
    assert deputy.totp_enabled_at is not None
    later = clock.now() + dt.timedelta(seconds=90)
    with clock.frozen(later):
        client.post("/account/second-factor/", {"action": "disable", "code": _code(deputy, later)})
    deputy.refresh_from_db()
    assert deputy.totp_enabled_at is None and deputy.totp_secret == ""


def test_staff_cannot_turn_it_off_but_an_administrator_resets_a_lost_phone(
    client: Client, staff_2fa: None
) -> None:
    office = User.objects.get(username="office")
    client.force_login(office)
    _enrol(client, office)
    assert 'value="disable"' not in client.get("/account/second-factor/").content.decode()
    client.post("/account/second-factor/", {"action": "disable", "code": _code(office)})
    office.refresh_from_db()
    assert office.totp_enabled_at is not None
    admin = Client()
    admin.force_login(User.objects.get(username="admin"))
    later = clock.now() + dt.timedelta(seconds=60)
    with clock.frozen(later):
        admin.post("/account/second-factor/", {"action": "start"})
        code = _code(User.objects.get(username="admin"), later)
        admin.post("/account/second-factor/", {"action": "confirm", "code": code})
    denied = Client()
    denied.force_login(User.objects.get(username="yining"))
    denied.post(f"/registry/accounts/{office.pk}/reset_second_factor/")
    office.refresh_from_db()
    assert office.totp_enabled_at is not None
    admin.post(f"/registry/accounts/{office.pk}/reset_second_factor/")
    office.refresh_from_db()
    assert office.totp_enabled_at is None
    assert AuditEvent.objects.filter(action="account.second_factor_off", object_id=str(office.pk))


def test_the_demo_and_tests_leave_it_off_unless_asked(settings: Any) -> None:
    from lvzhi.core import twofactor

    settings.STAFF_SECOND_FACTOR = False
    assert not twofactor.required(User.objects.get(username="office"))
    settings.STAFF_SECOND_FACTOR = True
    assert twofactor.required(User.objects.get(username="office"))
    assert not twofactor.required(User.objects.get(username="deputy"))
