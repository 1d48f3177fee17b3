"""OpenID Connect sign-in (issue 21) against a real provider process (``oidc-provider-mock``
from PyPI, started by the test on loopback): the authorization code flow over HTTP, the ID
token checked against the provider's keys, the account found by a configurable claim."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from django.test import Client

from lvzhi.core.models import User, UserSession
from lvzhi.registry import policies

from . import oidc_provider

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def provider() -> Iterator[oidc_provider.Provider]:
    p = oidc_provider.start(
        [
            {"sub": "u-1001", "staff_account": "office", "name": "李建华"},
            {"sub": "u-1002", "staff_account": "nobody-on-the-platform"},
            {"sub": "u-1003", "name": "no mapping claim"},
        ]
    )
    yield p
    oidc_provider.stop(p)


@pytest.fixture
def oidc_on(settings: Any, provider: oidc_provider.Provider) -> None:
    settings.OIDC_RP_CLIENT_ID = "lvzhi"
    settings.OIDC_RP_CLIENT_SECRET = "lvzhi-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider.url + "/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = provider.url + "/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = provider.url + "/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = provider.url + "/jwks"
    settings.OIDC_ACCOUNT_CLAIM = "staff_account"
    settings.OIDC_VERIFY_KID = False  # this provider signs with one key and names no key id
    settings.AUTHENTICATION_BACKENDS = [
        "django.contrib.auth.backends.ModelBackend",
        "lvzhi.core.sso_oidc.OidcBackend",
    ]


def _sign_in_at_provider(client: Client, subject: str) -> Any:
    start = client.get("/sso/oidc/start/")
    assert start.status_code == 302
    authorize = start["Location"]
    answer = httpx.post(authorize, data={"sub": subject}, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["location"])
    assert back.path == "/sso/oidc/callback/"
    return client.get(f"{back.path}?{back.query}")


def test_the_provider_signs_in_the_account_its_claim_names(client: Client, oidc_on: None) -> None:
    office = User.objects.get(username="office")
    roles_before = policies.roles_of(office)
    response = _sign_in_at_provider(client, "u-1001")
    assert response.status_code == 302 and response["Location"] == "/desk/"
    assert client.get("/desk/").wsgi_request.user.username == "office"
    assert UserSession.objects.filter(user=office).exists()
    office = User.objects.get(username="office")
    assert office.display_name != "李建华"  # the provider's name does not overwrite ours
    assert policies.roles_of(office) == roles_before


def test_a_provider_user_without_a_platform_account_gets_nothing(
    client: Client, oidc_on: None
) -> None:
    users = User.objects.count()
    response = _sign_in_at_provider(client, "u-1002")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "统一身份认证" in client.get(response["Location"]).content.decode()
    assert User.objects.count() == users
    assert not client.get("/desk/").wsgi_request.user.is_authenticated
    response = _sign_in_at_provider(client, "u-1003")
    assert response["Location"].startswith("/login/")


def test_an_account_with_a_second_factor_still_enters_its_code(
    client: Client, oidc_on: None
) -> None:
    from lvzhi.core import clock

    User.objects.filter(username="office").update(totp_secret="x", totp_enabled_at=clock.now())
    response = _sign_in_at_provider(client, "u-1001")
    assert response["Location"] == "/login/code/"
    assert not client.get("/login/code/").wsgi_request.user.is_authenticated


def test_oidc_is_off_unless_configured(client: Client) -> None:
    assert client.get("/sso/oidc/start/").status_code == 404
