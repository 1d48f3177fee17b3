"""Accounts and roles, managed by administrators (issue 2, item 4)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lvzhi.core.errors import PermissionDenied, ValidationFailed
from lvzhi.core.models import AuditEvent, User, UserSession
from lvzhi.registry import policies, services
from lvzhi.registry.models import Organisation, OrgKind, Role, RoleAssignment

pytestmark = pytest.mark.django_db


def u(name: str) -> User:
    return User.objects.get(username=name)


def county_sc(code: str) -> Organisation:
    return Organisation.objects.get(kind=OrgKind.STANDING_COMMITTEE, division__code=code)


def test_disabling_an_account_ends_its_sessions(client: Client, password: str) -> None:
    client.post("/login/", {"username": "office", "password": password})
    assert client.get(reverse("core:desk")).status_code == 200
    office = u("office")
    assert UserSession.objects.filter(user=office).exists()
    services.account_disable(actor=u("admin"), user=office)
    assert not UserSession.objects.filter(user=office).exists()
    assert client.get(reverse("core:desk")).status_code == 302
    assert AuditEvent.objects.filter(action="account.disabled", object_id=str(office.pk)).exists()


def test_only_administrators_manage_accounts() -> None:
    with pytest.raises(PermissionDenied):
        services.account_disable(actor=u("office"), user=u("yining"))
    assert u("yining").is_active


def test_an_administrator_cannot_disable_their_own_account() -> None:
    with pytest.raises(ValidationFailed):
        services.account_disable(actor=u("admin"), user=u("admin"))


def test_new_account_must_change_its_initial_password(client: Client) -> None:
    services.account_create(
        actor=u("admin"),
        username="huocheng",
        display_name="霍城县 李娜",
        password="Tianshan-Rivers-26",
        role=Role.UNIT_STAFF,
        organisation=county_sc("654002"),
    )
    client.post("/login/", {"username": "huocheng", "password": "Tianshan-Rivers-26"})
    response = client.get(reverse("registry:deputy_list"))
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("core:password_change")
    client.post(
        reverse("core:password_change"),
        {
            "old_password": "Tianshan-Rivers-26",
            "new_password": "Another-Strong-9",
            "new_password2": "Another-Strong-9",
        },
    )
    assert client.get(reverse("registry:deputy_list")).status_code == 200


def test_account_creation_refuses_a_taken_name_and_a_weak_password() -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.account_create(
            actor=u("admin"),
            username="YINING",
            display_name="x",
            password="Strong-Pass-2026",
            role=Role.UNIT_STAFF,
            organisation=county_sc("654002"),
        )
    assert exc.value.field == "username"
    with pytest.raises(ValidationFailed) as exc:
        services.account_create(
            actor=u("admin"),
            username="newone",
            display_name="x",
            password="123456",
            role=Role.UNIT_STAFF,
            organisation=county_sc("654002"),
        )
    assert exc.value.field == "password"
    assert not User.objects.filter(username="newone").exists()


def test_a_role_on_a_committee_covers_its_standing_committee() -> None:
    """Office, committee and secretariat staff work for the whole Standing Committee."""
    committee = Organisation.objects.get(kind=OrgKind.SPECIAL_COMMITTEE, name__contains="财政经济")
    [grant] = policies.grants_of(u("committee"))
    assert grant.organisation_id == committee.pk
    assert grant.path == committee.parent.path  # type: ignore[union-attr]


def test_granting_and_revoking_a_role_changes_the_scope() -> None:
    yining = u("yining")
    services.role_grant(
        actor=u("admin"), user=yining, role=Role.UNIT_STAFF, organisation=county_sc("654022")
    )
    yining = u("yining")
    assert len(policies.scope_paths(yining, policies.DIRECTORY_ROLES) or []) == 2
    ra = RoleAssignment.objects.get(user=yining, organisation=county_sc("654022"))
    services.role_revoke(actor=u("admin"), assignment=ra)
    assert AuditEvent.objects.filter(action="role.revoked").exists()
    assert len(policies.scope_paths(u("yining"), policies.DIRECTORY_ROLES) or []) == 1


def test_account_pages_are_for_administrators_only(login: Any) -> None:
    assert login("office").get(reverse("registry:account_list")).status_code == 404
    admin = login("admin")
    body = admin.get(reverse("registry:account_list"), {"q": "yin"}).content.decode()
    assert "yining" in body and "chabuchaer" not in body


def test_account_form_keeps_input_and_explains_errors(login: Any) -> None:
    response = login("admin").post(
        reverse("registry:account_create"),
        {
            "username": "yining",
            "display_name": "我填的名字",
            "password": "weak",
            "role": Role.UNIT_STAFF,
            "organisation": county_sc("654002").pk,
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "我填的名字" in body and "已被使用" in body


def test_unlock_through_the_page_clears_the_lock(login: Any) -> None:
    from lvzhi.core import clock

    User.objects.filter(username="yining").update(locked_until=clock.now())
    admin = login("admin")
    response = admin.post(reverse("registry:account_action", args=[u("yining").pk, "unlock"]))
    assert response.status_code == 302
    assert u("yining").locked_until is None
