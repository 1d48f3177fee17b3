"""Pages for API tokens (issue 25.2): an account's own tokens; the service accounts of the
organisations one administers, with their tokens; every token, for administrators."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lvzhi.core.errors import DomainError
from lvzhi.core.forms import add_refusal
from lvzhi.core.http import acting_user, found
from lvzhi.registry.models import Organisation, Role

from . import policies, selectors, services
from .forms import ServiceAccountForm, TokenForm, scope_label

View = Callable[..., HttpResponse]


def _token_rows(tokens: Any) -> list[dict[str, Any]]:
    return [{"t": t, "scopes": [scope_label(s) for s in t.scopes]} for t in tokens]


def _make_token(request: HttpRequest, form: TokenForm, **kwargs: Any) -> str:
    if request.method != "POST" or not form.is_valid():
        return ""
    data = form.cleaned_data
    try:
        _row, raw = services.token_create(
            actor=acting_user(request),
            name=data["name"],
            scopes=data["scopes"] or None,
            days=data["days"],
            **kwargs,
        )
    except DomainError as exc:
        add_refusal(form, exc)
        return ""
    return raw


@login_required
@never_cache
def token_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not policies.can_manage_tokens(user):
        raise DjangoPermissionDenied
    form = TokenForm(request.POST if request.method == "POST" else None)
    new_token = _make_token(request, form)
    if new_token:
        form = TokenForm()
    # The new token is shown in this response only (never stored, never redirected with).
    status = 400 if request.method == "POST" and not new_token else 200
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": _token_rows(selectors.tokens_of(user)),
            "new_token": new_token,
            "can_service": policies.can_open_service_accounts(user),
            "is_admin": policies.is_administrator(user),
        },
        status=status,
    )


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


def _button(
    service: Callable[..., Any],
    id_name: str,
    done: str | Promise,
    back: Callable[[HttpRequest, Any], HttpResponse],
) -> View:
    """A POST button's view: ``service(actor=…, <id_name>=pk)``; its refusal as an error
    message, else ``done`` (naming the row) as a success; then ``back(request, row or None)``."""

    @login_required
    @require_POST
    def button(request: HttpRequest, pk: int) -> HttpResponse:
        try:
            row = service(actor=acting_user(request), **{id_name: pk})
        except DomainError as exc:
            messages.error(request, exc.message)
            return back(request, None)
        messages.success(request, str(done) % {"name": row.name})
        return back(request, row)

    return button


def _page(allowed: Callable[[Any], bool]) -> Callable[[View], View]:
    """A signed-in page, never cached, that is not there (404) for those ``allowed`` refuses."""

    def wrap(view: View) -> View:
        @login_required
        @never_cache
        @functools.wraps(view)
        def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not allowed(acting_user(request)):
                raise Http404
            return view(request, *args, **kwargs)

        return page

    return wrap


token_revoke = _button(
    services.token_revoke,
    "token_id",
    gettext_lazy("Token “%(name)s” revoked."),
    lambda request, _token: _back(request, "api_tokens:list"),
)


@_page(policies.is_administrator)
def all_tokens(request: HttpRequest) -> HttpResponse:
    """Every token of the installation, with its owner, scopes, expiry and last use."""
    q = request.GET.get("q", "").replace("\x00", "").strip()[:64]
    return render(
        request,
        "api/all_tokens.html",
        {"tokens": _token_rows(selectors.all_tokens(q)[:500]), "q": q},
    )


MAX_ORGANISATION_CHOICES = 2000  # the choice list of the form, in tree order


def _organisations_for(user: Any) -> list[Organisation]:
    from lvzhi.registry import policies as registry_policies
    from lvzhi.registry import selectors as registry_selectors

    qs = registry_selectors.public_organisations()
    paths = registry_policies.scope_paths(user, registry_policies.STAFF_ADMIN_ROLES)
    if paths is not None and not policies.is_administrator(user):
        qs = qs.filter(registry_policies.subtree_q(paths))
    return list(qs.order_by("path", "id")[:MAX_ORGANISATION_CHOICES])


SERVICE_ROLE_LABELS = {r.value: r.label for r in Role if r.value in services.SERVICE_ROLES}


@_page(policies.can_open_service_accounts)
def service_accounts(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    orgs = _organisations_for(user)
    roles = list(SERVICE_ROLE_LABELS.items())
    form = ServiceAccountForm(
        request.POST if request.method == "POST" else None, organisations=orgs, roles=roles
    )
    if request.method == "POST" and form.is_valid():
        org = next(o for o in orgs if o.pk == form.cleaned_data["organisation"])
        try:
            account = services.service_account_create(
                actor=user,
                organisation=org,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("Service account “%(name)s” made.") % {"name": account})
            return redirect("api_tokens:service", pk=account.pk)
    return render(
        request,
        "api/service_accounts.html",
        {
            "form": form,
            "accounts": selectors.service_accounts_for(user),
            "role_labels": SERVICE_ROLE_LABELS,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@never_cache
def service_account(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    account = found(
        selectors.get_service_account_for(user, pk),
        lambda account: policies.can_manage_service_account(user, account),
    )
    form = TokenForm(request.POST if request.method == "POST" else None)
    new_token = _make_token(request, form, service_account=account)
    if new_token:
        form = TokenForm()
    return render(
        request,
        "api/service_account.html",
        {
            "account": account,
            "role_label": SERVICE_ROLE_LABELS.get(account.role, account.role),
            "form": form,
            "tokens": _token_rows(selectors.tokens_of_service_account(account)),
            "new_token": new_token,
        },
        status=400 if request.method == "POST" and not new_token else 200,
    )


def _to_account(request: HttpRequest, account: Any) -> HttpResponse:
    if account is None:
        return redirect("api_tokens:services")
    return redirect("api_tokens:service", pk=account.pk)


service_account_deactivate = _button(
    services.service_account_deactivate,
    "account_id",
    gettext_lazy("Service account “%(name)s” deactivated."),
    _to_account,
)
