"""Tokens fit for integration (issue 25.2): scopes per capability, expiry, last use,
revocation by the owner and by administrators, and service accounts owned by an organisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lvzhi.api import rules, services
from lvzhi.api.models import ApiToken, ServiceAccount
from lvzhi.core import clock
from lvzhi.core.errors import NotFound, ValidationFailed
from lvzhi.core.models import AuditEvent, User
from lvzhi.registry.models import RoleAssignment

from .test_tokens import bearer, deputy_only_in

pytestmark = pytest.mark.django_db


def u(name: str) -> User:
    return User.objects.get(username=name)


def test_a_read_scope_does_not_allow_writing_or_other_capabilities() -> None:
    _row, raw = services.token_create(actor=u("deputy"), name="只读", scopes=["suggestions:read"])
    assert Client().get("/api/v1/suggestions/mine", **bearer(raw)).status_code == 200
    write = Client().post(
        "/api/v1/suggestions",
        '{"term_id": 0, "title": "x", "body": "y"}',
        content_type="application/json",
        **bearer(raw),
    )
    assert write.status_code == 403
    assert write.json()["error"]["code"] == "insufficient_scope"
    other = Client().get("/api/v1/me/notification-channels", **bearer(raw))
    assert other.status_code == 403 and "account:read" in other.json()["error"]["message"]


def test_a_token_made_without_choosing_scopes_reads_everything_and_changes_nothing() -> None:
    row, _raw = services.token_create(actor=u("deputy"), name="默认")
    assert sorted(row.scopes) == sorted(f"{c}:read" for c in rules.CAPABILITIES)
    assert row.expires_at - row.created_at == dt.timedelta(days=rules.DEFAULT_TOKEN_DAYS)


def test_unknown_scopes_and_validities_are_refused() -> None:
    with pytest.raises(ValidationFailed):
        services.token_create(actor=u("deputy"), name="x", scopes=["everything:write"])
    with pytest.raises(ValidationFailed):
        services.token_create(actor=u("deputy"), name="x", scopes=[])
    with pytest.raises(ValidationFailed):
        services.token_create(actor=u("deputy"), name="x", days=3650)


def test_an_expired_token_answers_401_like_a_revoked_one() -> None:
    _row, raw = services.token_create(actor=u("deputy"), name="短期", days=30)
    assert Client().get("/api/v1/suggestions/mine", **bearer(raw)).status_code == 200
    with clock.frozen(clock.now() + dt.timedelta(days=30, seconds=1)):
        late = Client().get("/api/v1/suggestions/mine", **bearer(raw))
    assert late.status_code == 401 and late.json()["error"]["code"] == "unauthenticated"


def test_last_use_is_recorded() -> None:
    row, raw = services.token_create(actor=u("deputy"), name="记录")
    assert row.last_used_at is None
    Client().get("/api/v1/suggestions/mine", **bearer(raw))
    assert ApiToken.objects.get(pk=row.pk).last_used_at is not None


def test_the_page_makes_a_token_with_the_chosen_scopes_and_validity(login: Any) -> None:
    client = login("deputy")
    page = client.post(
        "/api/tokens/",
        {"name": "手机应用", "days": "30", "scopes": ["suggestions:read", "suggestions:write"]},
    )
    assert page.status_code == 200
    token = ApiToken.objects.get(user=u("deputy"))
    assert token.scopes == ["suggestions:read", "suggestions:write"]
    assert token.expires_at - token.created_at == dt.timedelta(days=30)
    listing = client.get("/api/tokens/").content.decode()
    assert timezone.localtime(token.expires_at).strftime("%Y-%m-%d") in listing
    bad = client.post("/api/tokens/", {"name": "x", "scopes": ["nope:read"]})
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()


def test_administrators_see_every_token_and_revoke_any(login: Any) -> None:
    row, raw = services.token_create(actor=u("deputy"), name="代表的令牌")
    admin = login("admin")
    page = admin.get("/api/tokens/all/")
    assert page.status_code == 200 and row.prefix in page.content.decode()
    admin.post(f"/api/tokens/{row.pk}/revoke/", {"next": "/api/tokens/all/"})
    row.refresh_from_db()
    assert row.revoked_at is not None and row.revoked_by == u("admin")
    assert Client().get("/api/v1/suggestions/mine", **bearer(raw)).status_code == 401


def test_only_administrators_open_the_list_of_all_tokens(login: Any) -> None:
    for name in ["deputy", "yining", "office"]:
        assert login(name).get("/api/tokens/all/").status_code == 404


def test_a_service_account_belongs_to_an_organisation_and_reads_within_its_role() -> None:
    """Given the office makes a service account of 伊宁市 holding the unit-staff role there,
    when its token asks for deputies' registry records, then it reads 伊宁市's deputy and gets
    404 for 察布查尔县's — exactly the scope of that role on that organisation; the account
    cannot sign in, and the county's own staff (not an administrator of it) cannot see it."""
    org = RoleAssignment.objects.get(user__username="yining").organisation
    account = services.service_account_create(
        actor=u("office"), organisation=org, name="伊宁市政务服务平台", role="unit_staff"
    )
    assert not account.user.has_usable_password()
    _row, raw = services.token_create(
        actor=u("office"), name="同步", scopes=["registry:read"], service_account=account
    )
    own = deputy_only_in("654002", "654022")
    other = deputy_only_in("654022", "654002")
    assert Client().get(f"/api/v1/registry/deputies/{own.pk}", **bearer(raw)).status_code == 200
    assert Client().get(f"/api/v1/registry/deputies/{other.pk}", **bearer(raw)).status_code == 404
    with pytest.raises(NotFound):
        services.token_create(actor=u("yining"), name="x", service_account=account)
    assert not Client().login(username=account.user.username, password="")
    assert AuditEvent.objects.filter(action="api.service_account_created").exists()


def test_deactivating_a_service_account_revokes_its_tokens(login: Any) -> None:
    org = RoleAssignment.objects.get(user__username="yining").organisation
    account = services.service_account_create(
        actor=u("admin"), organisation=org, name="县平台", role="unit_staff"
    )
    _row, raw = services.token_create(actor=u("admin"), name="同步", service_account=account)
    office = login("office")
    listing = office.get("/api/tokens/services/")
    assert listing.status_code == 200 and "县平台" in listing.content.decode()
    office.post(f"/api/tokens/services/{account.pk}/deactivate/")
    account.refresh_from_db()
    assert account.deactivated_at is not None and not account.user.is_active
    assert not ApiToken.objects.filter(service_account=account, revoked_at__isnull=True).exists()
    assert Client().get("/api/v1/suggestions/mine", **bearer(raw)).status_code == 401


def test_service_accounts_hold_staff_roles_only() -> None:
    org = RoleAssignment.objects.get(user__username="yining").organisation
    for role in ["admin", "deputy", "sc_member", "nonsense"]:
        with pytest.raises(ValidationFailed):
            services.service_account_create(actor=u("admin"), organisation=org, name="x", role=role)
    with pytest.raises(NotFound):
        services.service_account_create(
            actor=u("yining"), organisation=org, name="x", role="unit_staff"
        )
    assert not ServiceAccount.objects.exists()


def test_the_service_account_page_makes_an_account_and_a_token(login: Any) -> None:
    org = RoleAssignment.objects.get(user__username="yining").organisation
    office = login("office")
    made = office.post(
        "/api/tokens/services/",
        {"name": "州平台", "organisation": str(org.pk), "role": "unit_staff"},
    )
    account = ServiceAccount.objects.get(name="州平台")
    assert made.status_code == 302
    page = office.post(
        f"/api/tokens/services/{account.pk}/", {"name": "令牌", "scopes": ["registry:read"]}
    )
    assert page.status_code == 200 and 'id="new-token"' in page.content.decode()
    assert ApiToken.objects.get(service_account=account).kind == "service"
    assert login("yining").get(f"/api/tokens/services/{account.pk}/").status_code == 404


def test_every_path_of_the_api_names_a_capability() -> None:
    """A path whose first segment names no capability would be refused to every token; the
    public paths need none."""
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in paths:
        if path.startswith("/api/v1/public/"):
            continue
        assert services.capability_of(path) in rules.CAPABILITIES, path


def test_the_token_menu_entry_costs_no_query_for_a_person_with_a_password(login: Any) -> None:
    """The menu asks ``can_manage_tokens`` on every page: for a person who signs in with a
    password it is answered without asking the database whether the account is a service
    account's; an account without a password asks once; a service account is still refused."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lvzhi.api import policies

    office = login("office")
    with CaptureQueriesContext(connection) as q:
        page = office.get("/desk/")
    assert page.status_code == 200
    assert "/api/tokens/" in page.content.decode()
    assert not [x["sql"] for x in q.captured_queries if "api_serviceaccount" in x["sql"]]

    person = u("office")
    with CaptureQueriesContext(connection) as q:
        assert policies.can_manage_tokens(person)
    assert len(q) == 0
    invited = u("deputy")
    invited.set_unusable_password()
    with CaptureQueriesContext(connection) as q:
        assert policies.can_manage_tokens(invited)
        assert policies.can_manage_tokens(invited)
    assert len(q) == 1  # once per user object

    org = RoleAssignment.objects.get(user__username="yining").organisation
    account = services.service_account_create(
        actor=u("office"), organisation=org, name="县平台", role="unit_staff"
    )
    assert not policies.can_manage_tokens(User.objects.get(pk=account.user_id))
    _row, raw = services.token_create(
        actor=u("office"), name="同步", scopes=["registry:read"], service_account=account
    )
    found = services.authenticate(raw)
    assert found is not None and not policies.can_manage_tokens(found.user)
