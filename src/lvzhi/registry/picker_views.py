"""The pickers' search endpoint (issue 22.2): JSON for ``lvzhi/picker.js``. What it finds is
bounded by the user's scope (``policies.pickable_seats_q``); a handful of queries whatever
the size of the registry (tests/registry/test_pickers.py counts them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from lvzhi.core.http import int_or_none
from lvzhi.core.text import one_line

from . import pickers, policies, selectors
from .models import OrgKind

MAX_QUERY = 32


def _ints(raw: str) -> list[int]:
    return [int(p) for p in raw.split(",") if p.strip().isdigit() and len(p.strip()) < 12]


def _deputies(request: HttpRequest, q: str) -> list[pickers.Pick]:
    term = int_or_none(request.GET.get("term"))
    candidates = selectors.pickable_deputies(request.user, term)
    results = pickers.search_deputies(candidates, q)
    if request.GET.get("groups"):
        results += pickers.search_groups(candidates, q)
    return results


def _organisations(request: HttpRequest, q: str) -> list[pickers.Pick]:
    known = set(OrgKind.values)
    kinds = [k for k in request.GET.get("kinds", "").split(",") if k in known]
    candidates = selectors.pickable_organisations(
        request.user,
        kinds=kinds or None,
        within=int_or_none(request.GET.get("within")),
        divisions=_ints(request.GET.get("divisions", "")) or None,
    )
    return pickers.search_organisations(candidates, q)


def _terms(request: HttpRequest, q: str) -> list[pickers.Pick]:
    candidates = selectors.pickable_terms(request.user, current=bool(request.GET.get("current")))
    return pickers.search_terms(candidates, q)


def _divisions(request: HttpRequest, q: str) -> list[pickers.Pick]:
    return pickers.search_divisions(selectors.pickable_divisions(request.user), q)


def _directory_divisions(request: HttpRequest, q: str) -> list[pickers.Pick]:
    return pickers.search_division_codes(selectors.directory_divisions(), q)


def _directory_delegations(request: HttpRequest, q: str) -> list[pickers.Pick]:
    return pickers.search_organisations(selectors.directory_delegations(request.user), q)


def search_endpoint(
    find: Callable[[HttpRequest, str], list[pickers.Pick]],
    may_use: Callable[[Any], bool] = policies.can_use_pickers,
    *,
    hidden: bool = False,
) -> Callable[..., JsonResponse]:
    """One search endpoint: the typed query, cut to MAX_QUERY, answered by ``find`` within the
    user's scope; for who may not use it (``may_use``) 403 with no results, or not there at
    all (404) when ``hidden`` (a page's own picker, not there for who does not see the page)."""

    @login_required
    @require_GET
    def endpoint(request: HttpRequest) -> JsonResponse:
        q = one_line(request.GET.get("q", ""), MAX_QUERY)
        if not may_use(request.user):
            if hidden:
                raise Http404
            return JsonResponse({"results": []}, status=403)
        response = JsonResponse({"results": [r.as_json() for r in find(request, q)]})
        response["Cache-Control"] = "private, no-store"
        return response

    endpoint.__name__ = endpoint.__qualname__ = f"pick{find.__name__}"
    return endpoint


pick_deputies = search_endpoint(_deputies)
pick_organisations = search_endpoint(_organisations)
pick_terms = search_endpoint(_terms)
pick_divisions = search_endpoint(_divisions)
# The directory's filters (``forms.DirectoryFilterForm``): the counties and regions it offers,
# the delegations in the user's directory scope; not there for whoever does not see it.
pick_directory_divisions = search_endpoint(
    _directory_divisions, policies.can_use_directory, hidden=True
)
pick_directory_delegations = search_endpoint(
    _directory_delegations, policies.can_use_directory, hidden=True
)
