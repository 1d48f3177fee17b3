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


def _answers(client: Client, username: str, times: int, ip: str) -> list[tuple[int, str]]:
    import re

    out = []
    for _ in range(times):
        response = _post_login(client, username, "wrong", ip=ip)
        text = re.sub(r"\s+", " ", response.content.decode())  # type: ignore[attr-defined]
        found = re.search(r'class="[^"]*error[^"]*"[^>]*>([^<]+)<', text)
        out.append((response.status_code, found.group(1).strip() if found else ""))  # type: ignore[attr-defined]
    return out


def test_unknown_and_existing_accounts_are_answered_alike(client: Client) -> None:
    """Issue 18.7: an existing account answered 429 on the fifth failure while an unknown one
    kept answering 200, so user names could be enumerated."""
    start = clock.now()
    with clock.frozen(start):
        existing = _answers(client, "yining", 7, "10.7.0.1")
        unknown = _answers(Client(), "nosuchdeputy", 7, "10.7.0.2")
    assert existing == unknown
    assert [status for status, _m in existing] == [200, 200, 200, 200, 429, 429, 429]
    assert "30" in existing[4][1] and "秒" in existing[4][1]


def test_delays_grow_and_pass_instead_of_a_lockout(client: Client, password: str) -> None:
    start = clock.now()
    with clock.frozen(start):
        for _ in range(5):
            _post_login(client, "yining", "wrong")
    assert User.objects.get(username="yining").locked_until is None  # no lockout
    # The owner elsewhere is not held up by failures from another address.
    assert _post_login(Client(), "yining", password, ip="10.8.8.8").status_code == 302
    with clock.frozen(start + dt.timedelta(seconds=31)):
        assert _post_login(client, "yining", "wrong").status_code == 429  # now 60 s
    with clock.frozen(start + dt.timedelta(seconds=60)):
        assert _post_login(client, "yining", password).status_code == 429
    with clock.frozen(start + dt.timedelta(seconds=95)):
        assert _post_login(client, "yining", password).status_code == 302


def test_slow_guessing_from_many_addresses_stops_the_password_alone(
    client: Client, password: str
) -> None:
    """Four guesses a minute from changing addresses never tripped anything before."""
    from lvzhi.core import rules

    start = clock.now()
    for name in ("yining", "nosuchdeputy"):
        for i in range(rules.LOGIN_DAILY_FAILURE_BUDGET):
            with clock.frozen(start + dt.timedelta(seconds=15 * i)):
                _post_login(Client(), name, "wrong", ip=f"10.6.{i}.1")
    later = start + dt.timedelta(hours=1)
    with clock.frozen(later):
        right = _post_login(Client(), "yining", password, ip="10.5.5.5")
        unknown = _post_login(Client(), "nosuchdeputy", password, ip="10.5.5.6")
    assert right.status_code == unknown.status_code == 429
    assert "联系" in right.content.decode() and "联系" in unknown.content.decode()
    user = User.objects.get(username="yining")
    assert AuditEvent.objects.filter(
        action="account.guessing_detected", object_id=str(user.pk)
    ).exists()
    # The office unlocks: the password signs in again.
    from lvzhi.registry.services import account_unlock

    with clock.frozen(later + dt.timedelta(seconds=30)):
        account_unlock(actor=User.objects.get(username="admin"), user=user)
    with clock.frozen(later + dt.timedelta(minutes=1)):
        assert _post_login(Client(), "yining", password, ip="10.5.5.5").status_code == 302


def test_an_administrators_lock_still_holds(client: Client, password: str) -> None:
    User.objects.filter(username="yining").update(locked_until=clock.now() + dt.timedelta(hours=1))
    response = _post_login(client, "yining", password)
    assert response.status_code == 429 and "锁定" in response.content.decode()


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
