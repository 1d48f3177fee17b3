"""The pickers' search endpoint (issue 22.2): JSON for ``lvzhi/picker.js``. What it finds is
bounded by the user's scope (``policies.pickable_seats_q``); a handful of queries whatever
the size of the registry (tests/registry/test_pickers.py counts them)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from lvzhi.core.http import int_or_none
from lvzhi.core.text import one_line

from . import pickers, policies, selectors
from .models import OrgKind

MAX_QUERY = 32


def _ints(raw: str) -> list[int]:
    return [int(p) for p in raw.split(",") if p.strip().isdigit() and len(p.strip()) < 12]


@login_required
@require_GET
def pick_deputies(request: HttpRequest) -> JsonResponse:
    q = one_line(request.GET.get("q", ""), MAX_QUERY)
    if not policies.can_use_pickers(request.user):
        return JsonResponse({"results": []}, status=403)
    term = int_or_none(request.GET.get("term"))
    candidates = selectors.pickable_deputies(request.user, term)
    results = pickers.search_deputies(candidates, q)
    if request.GET.get("groups"):
        results += pickers.search_groups(candidates, q)
    response = JsonResponse({"results": [r.as_json() for r in results]})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def pick_organisations(request: HttpRequest) -> JsonResponse:
    q = one_line(request.GET.get("q", ""), MAX_QUERY)
    if not policies.can_use_pickers(request.user):
        return JsonResponse({"results": []}, status=403)
    known = set(OrgKind.values)
    kinds = [k for k in request.GET.get("kinds", "").split(",") if k in known]
    candidates = selectors.pickable_organisations(
        request.user,
        kinds=kinds or None,
        within=int_or_none(request.GET.get("within")),
        divisions=_ints(request.GET.get("divisions", "")) or None,
    )
    results = pickers.search_organisations(candidates, q)
    response = JsonResponse({"results": [r.as_json() for r in results]})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def pick_terms(request: HttpRequest) -> JsonResponse:
    q = one_line(request.GET.get("q", ""), MAX_QUERY)
    if not policies.can_use_pickers(request.user):
        return JsonResponse({"results": []}, status=403)
    candidates = selectors.pickable_terms(request.user, current=bool(request.GET.get("current")))
    response = JsonResponse({"results": [r.as_json() for r in pickers.search_terms(candidates, q)]})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def pick_divisions(request: HttpRequest) -> JsonResponse:
    q = one_line(request.GET.get("q", ""), MAX_QUERY)
    if not policies.can_use_pickers(request.user):
        return JsonResponse({"results": []}, status=403)
    candidates = selectors.pickable_divisions(request.user)
    response = JsonResponse(
        {"results": [r.as_json() for r in pickers.search_divisions(candidates, q)]}
    )
    response["Cache-Control"] = "private, no-store"
    return response
