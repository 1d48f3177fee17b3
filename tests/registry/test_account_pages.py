"""The pages of issue 21: /activate/, forgot password by SMS code (against a real local HTTP
server standing in for the SMS gateway), the registry's account column, filter and buttons,
the organisation's bulk invitation and letters."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lvzhi.core import rules as core_rules
from lvzhi.core.models import AuditEvent, OneTimeCode, User
from lvzhi.registry import services
from lvzhi.registry.models import AccountState, Deputy, MembershipStatus, Organisation, OrgKind
from tests.core import http_sink

pytestmark = pytest.mark.django_db

STRONG = "Kunes-Valley-2026!"


@pytest.fixture
def sms(settings: Any) -> Iterator[http_sink.Sink]:
    sink = http_sink.start()
    settings.NOTIFY_SMS_URL = sink.url + "/sms"
    settings.NOTIFY_SMS_TOKEN = "gateway-token"
    settings.NOTIFY_SITE_URL = "https://lvzhi.example"
    yield sink
    http_sink.stop(sink)


def u(name: str) -> User:
    return User.objects.get(username=name)


def yining_unit() -> Organisation:
    return Organisation.objects.get(
        kind=OrgKind.ELECTORAL_UNIT, division__code="654002", congress__level="prefecture"
    )


def a_deputy(**filters: Any) -> Deputy:
    deputy = (
        Deputy.objects.filter(
            memberships__electoral_unit=yining_unit(),
            memberships__status=MembershipStatus.SERVING,
            user__isnull=True,
            **filters,
        )
        .order_by("pk")
        .first()
    )
    assert deputy is not None
    return deputy


def test_activate_page_shows_whose_account_masked_and_sets_the_password(client: Client) -> None:
    deputy = a_deputy()
    inv = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    page = client.post(reverse("core:activate"), {"code": inv.code})
    text = page.content.decode()
    assert page.status_code == 200
    assert deputy.name not in text or len(deputy.name) == 1  # the name is masked
    assert deputy.name[0] in text and deputy.id_number_masked in text
    assert inv.user.username in text
    response = client.post(
        reverse("core:activate"),
        {"code": inv.code, "new_password": STRONG, "new_password2": STRONG},
    )
    assert response.status_code == 302 and response.headers["Location"] == reverse("core:desk")
    assert client.get(reverse("core:desk")).status_code == 200
    assert User.objects.get(pk=inv.user.pk).check_password(STRONG)


def test_activate_page_refuses_a_weak_password_and_keeps_the_code(client: Client) -> None:
    inv = services.deputy_account_invite(actor=u("yining"), deputy=a_deputy())
    response = client.post(
        reverse("core:activate"),
        {"code": inv.code, "new_password": "123456", "new_password2": "123456"},
    )
    assert response.status_code == 400
    assert f'value="{inv.code}"' in response.content.decode()
    assert not User.objects.get(pk=inv.user.pk).has_usable_password()


def test_activate_page_with_a_wrong_code_says_so_in_chinese(client: Client) -> None:
    response = client.post(reverse("core:activate"), {"code": "ABCDE-FGHJK"})
    assert response.status_code == 200
    assert "激活码" in response.content.decode()


def test_forgot_password_sends_a_code_to_the_phone_and_resets(
    client: Client, sms: http_sink.Sink
) -> None:
    deputy = a_deputy(phone_encrypted__gt="")
    inv = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    from lvzhi.core import services as core_services

    core_services.account_activate(code=inv.code, password=STRONG, ip=None)
    response = client.post(reverse("core:password_forgot"), {"login": inv.user.username})
    assert response.status_code == 302
    [request] = sms.received
    assert request.headers["Authorization"] == "Bearer gateway-token"
    from lvzhi.core import crypto

    assert request.json()["to"] == crypto.decrypt(deputy.phone_encrypted)
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", request.json()["text"])
    assert code is not None
    response = client.post(
        reverse("core:password_reset"),
        {
            "code": code.group(0),
            "new_password": "New-Ili-Pass-27",
            "new_password2": "New-Ili-Pass-27",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=inv.user.pk).check_password("New-Ili-Pass-27")
    assert AuditEvent.objects.filter(action="account.password_reset").exists()


def test_forgot_password_gives_no_hint_whether_the_account_exists(
    client: Client, sms: http_sink.Sink
) -> None:
    unknown = client.post(reverse("core:password_forgot"), {"login": "nobody-here"})
    assert unknown.status_code == 302
    page = client.get(unknown.headers["Location"]).content.decode()
    other = Client()
    deputy = a_deputy(phone_encrypted__gt="")
    inv = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    known = other.post(reverse("core:password_forgot"), {"login": inv.user.username})
    assert known.status_code == 302 and known.headers["Location"] == unknown.headers["Location"]
    assert other.get(known.headers["Location"]).content.decode().count("msg-info") == page.count(
        "msg-info"
    )
    assert len(sms.received) == 1  # only the real account got a message


def test_reset_codes_are_limited_per_person_and_per_address(sms: http_sink.Sink) -> None:
    from lvzhi.core import services as core_services

    deputy = a_deputy(phone_encrypted__gt="")
    inv = services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    for i in range(core_rules.RESET_MAX_PER_PERSON + 2):
        core_services.password_reset_request(login=inv.user.username, ip=f"10.1.0.{i}")
    assert len(sms.received) == core_rules.RESET_MAX_PER_PERSON
    for _ in range(core_rules.RESET_MAX_PER_ADDRESS):
        core_services.password_reset_request(login="someone-else", ip="10.2.0.1")
    with pytest.raises(core_services.Throttled):
        core_services.password_reset_request(login=inv.user.username, ip="10.2.0.1")
    assert len(sms.received) == core_rules.RESET_MAX_PER_PERSON


def test_directory_shows_account_state_and_filters_by_it(login: Any) -> None:
    deputy = a_deputy()
    services.deputy_account_invite(actor=u("yining"), deputy=deputy)
    client = login("yining")
    page = client.get(reverse("registry:deputy_list"), {"account": AccountState.INVITED})
    text = page.content.decode()
    assert page.status_code == 200
    assert deputy.name in text and "已邀请" in text
    none_page = client.get(reverse("registry:deputy_list"), {"account": AccountState.NONE})
    assert deputy.name not in none_page.content.decode()


def test_deputy_page_invites_and_shows_the_code_once(login: Any, sms: http_sink.Sink) -> None:
    deputy = a_deputy(phone_encrypted__gt="")
    client = login("yining")
    response = client.post(
        reverse("registry:deputy_account", args=[deputy.pk]), {"action": "invite", "sms": "on"}
    )
    assert response.status_code == 200
    deputy.refresh_from_db()
    assert deputy.user is not None
    text = response.content.decode()
    code = re.search(r"[A-Z0-9]{5}-[A-Z0-9]{5}", text)
    assert code is not None
    assert code.group(0) in sms.received[0].json()["text"]
    assert "/activate/" in sms.received[0].json()["text"]


def test_an_out_of_scope_deputy_page_cannot_invite(login: Any) -> None:
    deputy = a_deputy()
    response = login("chabuchaer").post(
        reverse("registry:deputy_account", args=[deputy.pk]), {"action": "invite"}
    )
    assert response.status_code == 404
    assert not OneTimeCode.objects.exists()


def test_organisation_page_invites_the_unit_and_returns_the_letters(
    login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import docx

    from lvzhi.core.models import FileJob

    unit = yining_unit()
    client = login("yining")
    page = client.get(reverse("registry:organisation_accounts", args=[unit.pk]))
    assert page.status_code == 200
    pending = list(
        Deputy.objects.filter(
            memberships__electoral_unit=unit,
            memberships__status=MembershipStatus.SERVING,
            user__isnull=True,
        ).distinct()
    )
    assert pending
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:organisation_accounts", args=[unit.pk]), {"letters": "on"}
        )
    job = FileJob.objects.get(owner__username="yining")
    assert response.status_code == 302 and response["Location"] == f"/documents/jobs/{job.pk}/"
    download = client.get(f"/documents/jobs/{job.pk}/download/")
    assert download["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert all(d.name in text for d in pending)
    assert len(document.inline_shapes) == len(pending)
    assert services.account_status_counts(unit)[AccountState.NONE] == 0


def test_the_organisation_tree_links_to_the_accounts_pages_in_scope(login: Any) -> None:
    unit = yining_unit()
    page = login("yining").get(reverse("registry:organisation_tree"), {"q": unit.name})
    text = page.content.decode()
    assert reverse("registry:organisation_accounts", args=[unit.pk]) in text
    other = login("chabuchaer").get(reverse("registry:organisation_tree"), {"q": unit.name})
    assert reverse("registry:organisation_accounts", args=[unit.pk]) not in other.content.decode()


def _station() -> Organisation:
    station = Organisation.objects.filter(kind=OrgKind.STATION).order_by("pk").first()
    assert station is not None
    return station


def test_the_office_invites_station_staff_with_their_role(login: Any, client: Client) -> None:
    from lvzhi.core import services as core_services
    from lvzhi.registry import policies
    from lvzhi.registry.models import Role, RoleAssignment

    station = _station()
    response = login("office").post(
        reverse("registry:organisation_staff", args=[station.pk]),
        {"display_name": "联络站 阿依努尔", "username": "aynur", "role": Role.STATION_STAFF},
    )
    assert response.status_code == 200
    code = re.search(r'id="activation-code">([A-Z0-9-]+)<', response.content.decode())
    assert code is not None
    user = User.objects.get(username="aynur")
    assert RoleAssignment.objects.filter(user=user, role=Role.STATION_STAFF, organisation=station)
    assert not user.has_usable_password()
    core_services.account_activate(code=code.group(1), password=STRONG, ip=None)
    assert Role.STATION_STAFF in policies.roles_of(User.objects.get(username="aynur"))


def test_staff_invitation_is_scope_checked_and_never_grants_the_admin_role(login: Any) -> None:
    from lvzhi.registry.models import Role

    station = _station()
    assert (
        login("yining").get(reverse("registry:organisation_staff", args=[station.pk])).status_code
        == 404
    )
    response = login("office").post(
        reverse("registry:organisation_staff", args=[station.pk]),
        {"display_name": "x", "username": "sneaky", "role": Role.ADMIN},
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="sneaky").exists()
    from lvzhi.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.role_grant(
            actor=u("office"), user=u("station"), role=Role.ADMIN, organisation=station
        )


def test_the_office_grants_a_role_on_the_staff_page_but_not_the_admin_role(login: Any) -> None:
    from lvzhi.registry.models import Role, RoleAssignment

    station = _station()
    client = login("office")
    url = reverse("registry:organisation_staff", args=[station.pk])
    response = client.post(
        url, {"action": "grant", "grant_username": "handling", "grant_role": Role.STATION_STAFF}
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(
        user=u("handling"), role=Role.STATION_STAFF, organisation=station
    ).exists()
    refused = client.post(
        url, {"action": "grant", "grant_username": "handling", "grant_role": Role.ADMIN}
    )
    assert refused.status_code == 400
    assert not RoleAssignment.objects.filter(user=u("handling"), role=Role.ADMIN).exists()
    unknown = client.post(
        url, {"action": "grant", "grant_username": "no-such-user", "grant_role": Role.STATION_STAFF}
    )
    assert unknown.status_code == 400 and "没有这个用户名" in unknown.content.decode()


def test_a_bulk_invitation_by_text_message_runs_in_the_background_and_lists_who_got_one(
    login: Any, sms: http_sink.Sink, django_capture_on_commit_callbacks: Any
) -> None:
    """Issue 21: the page's bulk invitation is a background task even without letters; its
    file says who was invited and whether the text message left, and holds no code."""
    from lvzhi.core.models import FileJob

    unit = yining_unit()
    client = login("yining")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:organisation_accounts", args=[unit.pk]), {"sms": "on"}
        )
    job = FileJob.objects.get(owner__username="yining", kind="registry.invitations")
    assert response["Location"] == f"/documents/jobs/{job.pk}/"
    assert job.status == "done" and job.total == job.done > 0 and job.expires_at is None
    assert services.account_status_counts(unit)[AccountState.NONE] == 0
    download = client.get(f"/documents/jobs/{job.pk}/download/")
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "姓名,用户名,手机号,短信已发送激活码"
    assert len(lines) == job.total + 1
    sent = sum(1 for line in lines[1:] if line.endswith(",是"))
    assert sent == len(sms.received) > 0
    codes = [re.search(r"[A-Z0-9]{5}-[A-Z0-9]{5}", m.json()["text"]) for m in sms.received]
    assert all(c is not None and c.group(0) not in text for c in codes)
