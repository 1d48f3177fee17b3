"""Personal API tokens (issue 9, item 3): made and revoked on a page, shown once, stored as a
digest only, sent as ``Authorization: Bearer …``, scoped exactly like their owner."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from django.test import Client

from lvzhi.api import services
from lvzhi.api.models import ApiToken
from lvzhi.core.errors import Conflict, NotFound, ValidationFailed
from lvzhi.core.models import AuditEvent, User
from lvzhi.registry.models import Deputy, Membership
from lvzhi.suggestions.models import Suggestion

pytestmark = pytest.mark.django_db


def u(name: str) -> User:
    return User.objects.get(username=name)


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def deputy_only_in(county: str, other: str) -> Deputy:
    """A deputy with a seat in ``county`` and none in ``other``."""
    inside = Membership.objects.filter(electoral_unit__division__code__startswith=county)
    outside = Membership.objects.filter(electoral_unit__division__code__startswith=other)
    d = (
        Deputy.objects.filter(pk__in=inside.values("deputy_id"))
        .exclude(pk__in=outside.values("deputy_id"))
        .order_by("id")
        .first()
    )
    assert d is not None
    return d


def test_token_is_shown_once_and_only_its_digest_is_stored(login: Any) -> None:
    client = login("yining")
    page = client.post("/api/tokens/", {"name": "伊宁市政务服务平台"})
    assert page.status_code == 200
    raw = re.search(r'id="new-token">(lvz_[A-Za-z0-9_\-]+)<', page.content.decode()).group(1)
    token = ApiToken.objects.get(user=u("yining"))
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.name, token.prefix, token.digest} and raw.startswith(token.prefix)
    # The list page afterwards shows the prefix, never the token again.
    again = client.get("/api/tokens/").content.decode()
    assert token.prefix in again and raw not in again
    assert AuditEvent.objects.filter(action="api.token_created", object_id=str(token.pk)).exists()


def test_bearer_token_authenticates_and_session_auth_still_works(login: Any) -> None:
    _row, raw = services.token_create(actor=u("deputy"), name="手机应用")
    by_token = Client().get("/api/v1/suggestions/mine", **bearer(raw))
    assert by_token.status_code == 200
    by_session = login("deputy").get("/api/v1/suggestions/mine")
    assert by_session.status_code == 200
    assert by_token.json()["count"] == by_session.json()["count"]
    assert ApiToken.objects.get(pk=_row.pk).last_used_at is not None


def test_wrong_revoked_or_inactive_owner_tokens_get_401() -> None:
    row, raw = services.token_create(actor=u("deputy"), name="手机应用")
    for bad in ["lvz_not-a-token", raw + "x", "", "Bearer", "\x00" * 10]:
        response = Client().get("/api/v1/suggestions/mine", **bearer(bad))
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"
    services.token_revoke(actor=u("deputy"), token_id=row.pk)
    assert Client().get("/api/v1/suggestions/mine", **bearer(raw)).status_code == 401
    _row2, raw2 = services.token_create(actor=u("deputy"), name="另一个")
    User.objects.filter(username="deputy").update(is_active=False)
    assert Client().get("/api/v1/suggestions/mine", **bearer(raw2)).status_code == 401


def test_county_staff_token_cannot_read_another_countys_private_data() -> None:
    """Given a token of 伊宁市's staff, when it asks for the private registry record of a deputy
    of 察布查尔县, then the answer is the same 404 as for a missing one; its own county's
    deputy is readable (masked numbers only)."""
    _row, raw = services.token_create(actor=u("yining"), name="伊宁市系统")
    own = deputy_only_in("654002", "654022")
    other = deputy_only_in("654022", "654002")
    ok = Client().get(f"/api/v1/registry/deputies/{own.pk}", **bearer(raw))
    assert ok.status_code == 200 and ok.json()["name"] == own.name
    body = ok.content.decode()
    assert own.phone_masked == ok.json()["phone_masked"]
    assert "phone_encrypted" not in body and "id_number_hash" not in body
    denied = Client().get(f"/api/v1/registry/deputies/{other.pk}", **bearer(raw))
    missing = Client().get("/api/v1/registry/deputies/99999999", **bearer(raw))
    assert denied.status_code == missing.status_code == 404
    assert denied.json() == missing.json()
    assert denied.json()["error"]["code"] == "not_found"
    # The other county's staff token reads it: the scope is the owner's, not the token's.
    _row2, raw2 = services.token_create(actor=u("chabuchaer"), name="察县系统")
    assert Client().get(f"/api/v1/registry/deputies/{other.pk}", **bearer(raw2)).status_code == 200


def test_deputy_token_cannot_read_another_deputys_draft() -> None:
    draft = Suggestion.objects.filter(status="draft").exclude(proposer__user__username="deputy")
    s = draft.exclude(cosigners__deputy__user__username="deputy").first()
    assert s is not None
    _row, raw = services.token_create(actor=u("deputy"), name="手机应用")
    response = Client().get(f"/api/v1/suggestions/{s.pk}", **bearer(raw))
    assert response.status_code == 404


def test_token_calls_need_no_csrf_but_session_posts_do(login: Any) -> None:
    _row, raw = services.token_create(
        actor=u("deputy"), name="手机应用", scopes=["suggestions:read", "suggestions:write"]
    )
    payload = '{"term_id": 0, "title": "x", "body": "y"}'
    by_token = Client(enforce_csrf_checks=True).post(
        "/api/v1/suggestions", payload, content_type="application/json", **bearer(raw)
    )
    assert by_token.status_code == 400  # reached the endpoint: the term is checked
    assert by_token.json()["error"]["field"] == "term_id"
    session = Client(enforce_csrf_checks=True)
    session.force_login(u("deputy"))
    refused = session.post("/api/v1/suggestions", payload, content_type="application/json")
    assert refused.status_code in (401, 403)


def test_only_the_owner_revokes_and_revoking_twice_is_refused() -> None:
    row, _raw = services.token_create(actor=u("deputy"), name="手机应用")
    with pytest.raises(NotFound):
        services.token_revoke(actor=u("yining"), token_id=row.pk)
    assert ApiToken.objects.get(pk=row.pk).revoked_at is None
    services.token_revoke(actor=u("deputy"), token_id=row.pk)
    with pytest.raises(Conflict):
        services.token_revoke(actor=u("deputy"), token_id=row.pk)


def test_revoke_page_refuses_another_users_token(login: Any) -> None:
    row, _raw = services.token_create(actor=u("deputy"), name="手机应用")
    client = login("yining")
    response = client.post(f"/api/tokens/{row.pk}/revoke/", follow=True)
    assert response.status_code == 200 and "没有这个令牌" in response.content.decode()
    assert ApiToken.objects.get(pk=row.pk).revoked_at is None


@pytest.mark.parametrize("name", ["", "   ", "\x00", "长" * 65])
def test_bad_token_names_are_refused_with_a_message(login: Any, name: str) -> None:
    client = login("deputy")
    response = client.post("/api/tokens/", {"name": name})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not ApiToken.objects.filter(user=u("deputy")).exists()
    with pytest.raises(ValidationFailed):
        services.token_create(actor=u("deputy"), name=name)


def test_r_token_limit_per_account() -> None:
    from lvzhi.api import rules

    for n in range(rules.MAX_ACTIVE_TOKENS):
        services.token_create(actor=u("deputy"), name=f"令牌{n}")
    with pytest.raises(Conflict):
        services.token_create(actor=u("deputy"), name="多一个")
    assert ApiToken.objects.filter(user=u("deputy")).count() == rules.MAX_ACTIVE_TOKENS


def test_token_page_needs_sign_in() -> None:
    response = Client().get("/api/tokens/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_done_means_an_api_client_with_a_token_lists_the_deputys_own_suggestions() -> None:
    """Issue 9, "done means": exactly the suggestions the deputy leads or is invited to."""
    from lvzhi.suggestions import selectors as suggestion_selectors

    deputy = u("deputy")
    _row, raw = services.token_create(actor=deputy, name="移动端")
    listed: list[int] = []
    offset = 0
    while True:
        page = (
            Client()
            .get("/api/v1/suggestions/mine", {"limit": 100, "offset": offset}, **bearer(raw))
            .json()
        )
        listed += [item["id"] for item in page["items"]]
        offset += 100
        if offset >= page["count"]:
            break
    expected = list(suggestion_selectors.mine(deputy).values_list("id", flat=True))
    assert listed == expected and expected
    assert Client().get("/api/v1/suggestions/mine").status_code == 401
