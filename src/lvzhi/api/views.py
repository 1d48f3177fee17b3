"""The page where an account makes and revokes its API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lvzhi.core.errors import DomainError
from lvzhi.core.http import acting_user

from . import selectors, services
from .forms import TokenForm


@login_required
@never_cache
def token_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = TokenForm(request.POST if request.method == "POST" else None)
    new_token = ""
    if request.method == "POST" and form.is_valid():
        try:
            _row, new_token = services.token_create(actor=user, name=form.cleaned_data["name"])
        except DomainError as exc:
            form.add_error("name" if exc.field == "name" else None, exc.message)
        else:
            form = TokenForm()
    # The new token is shown in this response only (never stored, never redirected with).
    status = 400 if request.method == "POST" and not new_token else 200
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": selectors.tokens_of(user), "new_token": new_token},
        status=status,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = services.token_revoke(actor=acting_user(request), token_id=pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
