"""Administrators' pages for accounts and roles (thin: parse, call a service, render)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core.errors import DomainError
from lvzhi.core.http import acting_user, csv_response
from lvzhi.core.models import User

from . import policies, selectors, services
from .forms import AccountCreateForm, AccountFilterForm, RoleGrantForm
from .models import Role, RoleAssignment


def _admin(request: HttpRequest) -> User:
    user = acting_user(request)
    if Role.ADMIN not in policies.roles_of(user):
        raise Http404
    return user


@login_required
@require_GET
def account_list(request: HttpRequest) -> HttpResponseBase:
    _admin(request)
    form = AccountFilterForm(request.GET or None)
    q, role = "", ""
    if form.is_valid():
        q, role = form.cleaned_data["q"], form.cleaned_data["role"]
    if request.GET.get("format") == "csv":
        return csv_response(
            "账号.csv",
            [_("User name"), _("Name and unit"), _("Roles"), _("Status")],
            (
                (
                    a.username,
                    a.display_name,
                    "；".join(
                        f"{g.get_role_display()}·{g.organisation.name}"
                        for g in a.role_assignments.all()
                    ),
                    _("active") if a.is_active else _("disabled"),
                )
                for a in selectors.accounts(q, role)
            ),
        )
    page = Paginator(selectors.accounts(q, role), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/account_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    form = AccountCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            user = services.account_create(
                actor=actor,
                username=c["username"],
                display_name=c["display_name"],
                password=c["password"],
                role=c["role"],
                organisation=c["organisation"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The account has been opened."))
            return redirect("registry:account_detail", pk=user.pk)
    return render(
        request, "registry/account_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _account(pk: int) -> User:
    user = selectors.accounts().filter(pk=pk).first()
    if user is None:
        raise Http404
    return user


@login_required
@require_http_methods(["GET", "POST"])
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _admin(request)
    account = _account(pk)
    form = RoleGrantForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_grant(
                actor=actor,
                user=account,
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The role has been granted."))
            return redirect("registry:account_detail", pk=account.pk)
    return render(
        request,
        "registry/account_detail.html",
        {"account": account, "form": form},
        status=400 if form.errors else 200,
    )


ACTIONS = {
    "disable": (
        services.account_disable,
        _("The account has been disabled and its sessions ended."),
    ),
    "enable": (services.account_enable, _("The account has been enabled.")),
    "unlock": (services.account_unlock, _("The account has been unlocked.")),
    "reset_second_factor": (
        services.account_second_factor_reset,
        _("The second factor has been reset; the user sets it up again at the next sign-in."),
    ),
}


@login_required
@require_POST
def account_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = _admin(request)
    account = _account(pk)
    if action not in ACTIONS:
        raise Http404
    service, done = ACTIONS[action]
    try:
        service(actor=actor, user=account)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(done))
    return redirect("registry:account_detail", pk=account.pk)


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int, assignment_id: int) -> HttpResponse:
    actor = _admin(request)
    assignment = (
        RoleAssignment.objects.filter(pk=assignment_id, user_id=pk)
        .select_related("user", "organisation")
        .first()
    )
    if assignment is None:
        raise Http404
    try:
        services.role_revoke(actor=actor, assignment=assignment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The role has been revoked."))
    return redirect("registry:account_detail", pk=pk)
