"""The GET view of an object's own page (core.objectpages, issue 17)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory

from lvzhi.core.objectpages import object_page

SEEN: list[Any] = []


def _page(request: HttpRequest, obj: Any) -> HttpResponse:
    return HttpResponse(f"page of {obj}")


def _get_for_user(user: Any, pk: int) -> str:
    SEEN.append(user)
    if pk != 7:
        raise Http404
    return "seven"


class _User:
    is_authenticated = True


VIEW = object_page(_page, _get_for_user)


def test_the_page_draws_what_the_selector_finds_for_the_user() -> None:
    request = RequestFactory().get("/x/7/")
    user = _User()
    request.user = user  # type: ignore[assignment]
    response = VIEW(request, 7)
    assert response.status_code == 200 and response.content == b"page of seven"
    assert SEEN[-1] is user
    with pytest.raises(Http404):
        VIEW(request, 8)


def test_get_only_and_signed_in_only() -> None:
    post = RequestFactory().post("/x/7/")
    post.user = _User()  # type: ignore[assignment]
    assert VIEW(post, 7).status_code == 405
    anonymous = RequestFactory().get("/x/7/")
    anonymous.user = AnonymousUser()
    assert VIEW(anonymous, 7).status_code == 302
