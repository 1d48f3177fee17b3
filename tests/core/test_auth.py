"""Sign-in throttling, session limits, disabling accounts, password policy (issue 2, item 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lvzhi.core import clock
from lvzhi.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db
LOGIN = "/login/"


def _post_login(client: Client, username: str, pw: str, ip: str = "10.9.9.9") -> object:
    return client.post(LOGIN, {"username": username, "password": pw}, REMOTE_ADDR=ip)


def test_correct_password_signs_in_and_opens_my_desk(client: Client, password: str) -> None:
    response = _post_login(client, "yining", password)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("core:desk")
    desk = client.get(reverse("core:desk"))
    assert "我的工作台" in desk.content.decode()


def test_wrong_password_gives_a_chinese_message_and_keeps_the_user_name(client: Client) -> None:
    response = _post_login(client, "yining", "wrong-password")
    body = response.content.decode()
    assert response.status_code == 200
    assert "用户名或密码不正确" in body
    assert 'value="yining"' in body


def test_five_failures_within_a_minute_lock_the_account_and_the_lock_is_logged(
    client: Client, password: str
) -> None:
    for _ in range(5):
        _post_login(client, "yining", "wrong")
    user = User.objects.get(username="yining")
    assert user.locked_until is not None and user.locked_until > clock.now()
    assert AuditEvent.objects.filter(action="account.locked", object_id=str(user.pk)).exists()
    # Even the right password is refused while locked.
    response = _post_login(client, "yining", password)
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_lock_expires_after_the_configured_time(
    client: Client, password: str, settings: object
) -> None:
    start = clock.now()
    with clock.frozen(start):
        for _ in range(5):
            _post_login(client, "yining", "wrong")
    with clock.frozen(start + dt.timedelta(minutes=16)):
        assert _post_login(client, "yining", password).status_code == 302


def test_failures_spread_over_more_than_a_minute_do_not_lock(client: Client) -> None:
    start = clock.now()
    for i in range(6):
        with clock.frozen(start + dt.timedelta(seconds=16 * i)):
            _post_login(client, "yining", "wrong")
    assert User.objects.get(username="yining").locked_until is None


def test_one_address_trying_many_accounts_is_throttled(client: Client, password: str) -> None:
    for i in range(20):
        _post_login(client, f"nobody{i}", "wrong", ip="10.1.1.1")
    response = _post_login(client, "office", password, ip="10.1.1.1")
    assert response.status_code == 429
    # Another address is not affected.
    assert _post_login(Client(), "office", password, ip="10.1.1.2").status_code == 302


def test_session_ends_after_thirty_minutes_idle(client: Client, password: str) -> None:
    start = clock.now()
    with clock.frozen(start):
        _post_login(client, "office", password)
    with clock.frozen(start + dt.timedelta(minutes=29)):
        assert client.get(reverse("core:desk")).status_code == 200
    with clock.frozen(start + dt.timedelta(minutes=29 + 31)):
        response = client.get(reverse("core:desk"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("core:login"))


def test_session_has_an_absolute_lifetime_even_when_active(client: Client, password: str) -> None:
    start = clock.now()
    with clock.frozen(start):
        _post_login(client, "office", password)
    for minutes in range(20, 8 * 60, 20):
        with clock.frozen(start + dt.timedelta(minutes=minutes)):
            assert client.get(reverse("core:desk")).status_code == 200
    with clock.frozen(start + dt.timedelta(hours=8, minutes=5)):
        assert client.get(reverse("core:desk")).status_code == 302


@pytest.mark.parametrize(
    "weak", ["woaini1314", "Aa1!", "abcdefghijk", "12345678901", "aaaaaaaaaaaa1A"]
)
def test_password_policy_refuses_weak_and_deny_listed_passwords(weak: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_password_policy_accepts_a_strong_password() -> None:
    validate_password("Tianshan-Yili-2026")


def test_password_change_refuses_a_weak_password_with_a_reason(
    client: Client, login: object
) -> None:
    login("office")  # type: ignore[operator]
    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": "Lvzhi@2026demo",
            "new_password": "woaini1314",
            "new_password2": "woaini1314",
        },
    )
    assert response.status_code == 200
    assert "密码" in response.content.decode()


def test_production_hashes_passwords_with_argon2() -> None:
    from lvzhi import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith(
        "Argon2PasswordHasher"
    ) or project_settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    import importlib
    import os

    old = os.environ.pop("LVZHI_FAST_HASHER", None)
    try:
        fresh = importlib.reload(project_settings)
        assert fresh.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    finally:
        if old is not None:
            os.environ["LVZHI_FAST_HASHER"] = old
        importlib.reload(project_settings)


def test_open_redirect_after_login_is_refused(client: Client, password: str) -> None:
    response = client.post(
        LOGIN + "?next=https://evil.example/", {"username": "office", "password": password}
    )
    assert response.headers["Location"] == reverse("core:desk")
