"""LDAP sign-in (issue 21) against a real OpenLDAP server (Debian's slapd) the test starts on
a free loopback port with a temporary configuration and database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lvzhi.core.models import LoginAttempt, User
from lvzhi.registry import policies

from . import slapd

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not slapd.available(), reason="slapd / ldap-utils not installed"),
]

SERVICE_DN = f"cn=lvzhi-search,{slapd.BASE}"
SERVICE_PW = "search-account-secret"


@pytest.fixture(scope="module")
def directory(tmp_path_factory: Any) -> Iterator[slapd.Slapd]:
    server = slapd.start(Path(tmp_path_factory.mktemp("slapd")))
    people = f"ou=people,{slapd.BASE}"
    server.add(
        f"dn: {SERVICE_DN}\nobjectClass: person\ncn: lvzhi-search\nsn: search\n"
        f"userPassword: {SERVICE_PW}\n\n"
        f"dn: uid=lijh,{people}\nobjectClass: inetOrgPerson\nuid: lijh\ncn: 李建华\nsn: 李\n"
        "employeeNumber: office\nuserPassword: Directory-Pass-1\n\n"
        f"dn: uid=stranger,{people}\nobjectClass: inetOrgPerson\nuid: stranger\ncn: 路人\n"
        "sn: 路\nemployeeNumber: nobody-on-the-platform\nuserPassword: Directory-Pass-2\n\n"
        f"dn: uid=mali,{people}\nobjectClass: inetOrgPerson\nuid: mali\ncn: 马丽\nsn: 马\n"
        "employeeNumber: yining\nuserPassword: Directory-Pass-3\n"
    )
    yield server
    slapd.stop(server)


@pytest.fixture
def ldap_on(settings: Any, directory: slapd.Slapd) -> None:
    settings.LDAP_URL = directory.url
    settings.LDAP_BIND_DN = SERVICE_DN
    settings.LDAP_BIND_PASSWORD = SERVICE_PW
    settings.LDAP_BASE_DN = f"ou=people,{slapd.BASE}"
    settings.LDAP_USER_FILTER = "(&(objectClass=inetOrgPerson)(uid={username}))"
    settings.LDAP_ACCOUNT_ATTRIBUTE = "employeeNumber"
    settings.AUTHENTICATION_BACKENDS = [
        "django.contrib.auth.backends.ModelBackend",
        "lvzhi.core.sso_ldap.LdapBackend",
    ]


def test_directory_password_signs_in_the_mapped_platform_account(
    client: Client, ldap_on: None
) -> None:
    roles_before = policies.roles_of(User.objects.get(username="office"))
    response = client.post(
        reverse("core:login"), {"username": "lijh", "password": "Directory-Pass-1"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("core:desk")
    assert client.get(reverse("core:desk")).wsgi_request.user.username == "office"
    assert policies.roles_of(User.objects.get(username="office")) == roles_before


def test_wrong_directory_password_is_refused_and_counted(client: Client, ldap_on: None) -> None:
    response = client.post(reverse("core:login"), {"username": "lijh", "password": "wrong-one"})
    assert response.status_code == 200 and "不正确" in response.content.decode()
    assert LoginAttempt.objects.filter(username="lijh", succeeded=False).count() == 1


def test_a_directory_user_without_a_platform_account_gets_nothing(
    client: Client, ldap_on: None
) -> None:
    users = User.objects.count()
    response = client.post(
        reverse("core:login"), {"username": "stranger", "password": "Directory-Pass-2"}
    )
    assert response.status_code == 200
    assert User.objects.count() == users  # no account is created by the directory


def test_a_disabled_platform_account_cannot_sign_in_through_the_directory(
    client: Client, ldap_on: None
) -> None:
    User.objects.filter(username="yining").update(is_active=False)
    response = client.post(
        reverse("core:login"), {"username": "mali", "password": "Directory-Pass-3"}
    )
    assert response.status_code == 200


def test_filter_injection_finds_nobody(client: Client, ldap_on: None) -> None:
    response = client.post(reverse("core:login"), {"username": "*", "password": "Directory-Pass-1"})
    assert response.status_code == 200


def test_ldap_is_off_unless_configured(client: Client, settings: Any, directory: Any) -> None:
    settings.LDAP_URL = ""
    response = client.post(
        reverse("core:login"), {"username": "lijh", "password": "Directory-Pass-1"}
    )
    assert response.status_code == 200
