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


def _prove(client: Client, user: User) -> None:
    """The fresh proof beyond the password a staff account needs to enrol (issue 21): the
    enrolment code the office gives in person."""
    from lvzhi.core.services import enrolment_code_issue

    code = enrolment_code_issue(actor=None, user=user)
    client.post("/account/second-factor/", {"action": "proof", "proof_code": code})


def _enrol(client: Client, user: User) -> None:
    _prove(client, user)
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
    office = User.objects.get(username="office")
    _prove(client, office)
    client.post("/account/second-factor/", {"action": "start"})
    page = client.get("/account/second-factor/").content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn here
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
        _prove(admin, User.objects.get(username="admin"))
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


def test_a_staff_password_alone_never_enrols_a_new_factor(
    client: Client, password: str, staff_2fa: None
) -> None:
    """Issue 21: whoever holds only the password cannot put their own phone on the account."""
    client.post("/login/", {"username": "office", "password": password})
    page = client.get("/account/second-factor/").content.decode()
    assert 'value="proof"' in page and 'value="start"' not in page
    client.post("/account/second-factor/", {"action": "start"})
    office = User.objects.get(username="office")
    assert office.totp_secret == ""
    from lvzhi.core import services
    from lvzhi.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.second_factor_begin(user=office)
    wrong = client.post("/account/second-factor/", {"action": "proof", "proof_code": "ABCDEFGHJK"})
    assert "验证码不正确" in wrong.content.decode() or "注册码" in wrong.content.decode()
    assert User.objects.get(username="office").totp_secret == ""


def test_an_enrolment_code_works_once_and_only_for_its_account(
    client: Client, password: str, staff_2fa: None
) -> None:
    from lvzhi.core.services import enrolment_code_issue

    code = enrolment_code_issue(actor=None, user=User.objects.get(username="committee"))
    client.post("/login/", {"username": "office", "password": password})
    client.post("/account/second-factor/", {"action": "proof", "proof_code": code})
    client.post("/account/second-factor/", {"action": "start"})
    assert User.objects.get(username="office").totp_secret == ""
    other = Client()
    other.post("/login/", {"username": "committee", "password": password})
    other.post("/account/second-factor/", {"action": "proof", "proof_code": code})
    other.post("/account/second-factor/", {"action": "start"})
    assert User.objects.get(username="committee").totp_secret != ""
    again = Client()
    again.post("/login/", {"username": "committee", "password": password})
    again.post("/account/second-factor/", {"action": "proof", "proof_code": code})
    page = again.get("/account/second-factor/").content.decode()
    assert 'value="proof"' in page  # used up: no proof for the second session


def test_recovery_codes_are_issued_at_enrolment_hashed_and_single_use(
    client: Client, password: str, staff_2fa: None
) -> None:
    import re

    from lvzhi.core import rules
    from lvzhi.core.models import CodePurpose, OneTimeCode

    office = User.objects.get(username="office")
    client.post("/login/", {"username": "office", "password": password})
    _prove(client, office)
    client.post("/account/second-factor/", {"action": "start"})
    page = client.post(
        "/account/second-factor/", {"action": "confirm", "code": _code(office)}
    ).content.decode()
    codes = re.findall(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", page)
    assert len(codes) == rules.RECOVERY_CODES
    stored = OneTimeCode.objects.filter(user=office, purpose=CodePurpose.RECOVERY)
    assert stored.count() == rules.RECOVERY_CODES
    assert not any(c.replace("-", "") in row.code_hash for row in stored for c in codes)
    fresh = Client()
    fresh.post("/login/", {"username": "office", "password": password})
    assert fresh.post("/login/code/", {"code": codes[0]})["Location"] == "/desk/"
    again = Client()
    again.post("/login/", {"username": "office", "password": password})
    assert again.post("/login/code/", {"code": codes[0]}).status_code == 200  # used up
    assert AuditEvent.objects.filter(action="account.recovery_code_used").count() == 1
