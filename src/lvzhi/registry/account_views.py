"""Administrators' pages for accounts and roles (thin: parse, call a service, render)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core import pages
from lvzhi.core.errors import DomainError, NotFound, ValidationFailed
from lvzhi.core.forms import picked, posted
from lvzhi.core.http import acting_user, docx_download, form_page, found, press, submit
from lvzhi.core.models import User
from lvzhi.core.pagination import paged

from . import files, policies, selectors, services
from .forms import AccountCreateForm, RoleGrantForm
from .models import Role, RoleAssignment


def _admin(request: HttpRequest) -> User:
    user = acting_user(request)
    if Role.ADMIN not in policies.roles_of(user):
        raise Http404
    return user


@login_required
@require_GET
def account_list(request: HttpRequest) -> HttpResponseBase:
    actor = _admin(request)
    form, rows = files.ACCOUNTS.filtered(request.GET)
    if request.GET.get("format") == "csv":
        return files.ACCOUNTS.response(actor, request.GET, rows)
    page, query = paged(request, rows, 50)
    return render(
        request,
        "registry/account_list.html",
        {"form": form, "page": page, "query": query},
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    form = AccountCreateForm(posted(request))
    return pages.form_page(
        request,
        form,
        lambda c: services.account_create(actor=actor, **c),
        _("The account has been opened."),
        lambda user: reverse("registry:account_detail", args=[user.pk]),
        "registry/account_form.html",
        {},
    )


def _account(pk: int) -> User:
    return found(selectors.accounts().filter(pk=pk).first())


@login_required
@require_http_methods(["GET", "POST"])
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _admin(request)
    account = _account(pk)
    form = RoleGrantForm(posted(request))
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data  # the role and the organisation
        done = _("The role has been granted.")
        if submit(request, form, done, services.role_grant, actor=actor, user=account, **c):
            return redirect("registry:account_detail", pk=account.pk)
    return form_page(request, "registry/account_detail.html", {"account": account, "form": form})


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
    press(request, str(done), service, actor=actor, user=account)
    return redirect("registry:account_detail", pk=account.pk)


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int, assignment_id: int) -> HttpResponse:
    actor = _admin(request)
    assignment = found(
        RoleAssignment.objects.filter(pk=assignment_id, user_id=pk)
        .select_related("user", "organisation")
        .first()
    )
    press(
        request,
        _("The role has been revoked."),
        services.role_revoke,
        actor=actor,
        assignment=assignment,
    )
    return redirect("registry:account_detail", pk=pk)


# ---- deputies' accounts from the registry (issue 21) ---------------------------------------


def activation_url(request: HttpRequest) -> str:
    from django.conf import settings
    from django.urls import reverse

    path = reverse("core:activate")
    site = settings.NOTIFY_SITE_URL
    return f"{site}{path}" if site else request.build_absolute_uri(path)


def _letter(request: HttpRequest, invitation: services.Invitation) -> Any:
    from .letters import letter_for

    return letter_for(invitation, activation_url(request))


def _letters_response(
    request: HttpRequest,
    invitations: list[services.Invitation],
    title: str,
    filename: str,
    organ: str = "",
) -> HttpResponse:
    """The letters as one .docx; ``organ`` issues them (the organisation invited, else the
    deputy's own unit)."""
    from .letters import activation_letters_docx

    letters = [_letter(request, i) for i in invitations]
    data = activation_letters_docx(letters, title=title, organ=organ or letters[0].unit)
    return docx_download(data, filename)


@login_required
@require_POST
def deputy_account(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite, reset or unlock one deputy's account from the deputy's page. A new code is
    shown once on the answering page (and sent by SMS when asked), with its letter."""
    from lvzhi.core import onetime

    actor = acting_user(request)
    deputy = selectors.get_deputy_for_user(actor, pk)
    if not policies.can_edit_deputy(actor, deputy):
        raise Http404
    action = request.POST.get("action", "")
    sms = request.POST.get("sms") == "on"
    try:
        if action == "invite":
            invitation = services.deputy_account_invite(actor=actor, deputy=deputy, sms=sms)
        elif action == "reset":
            invitation = services.deputy_account_reset(actor=actor, deputy=deputy, sms=sms)
        elif action == "unlock":
            services.deputy_account_unlock(actor=actor, deputy=deputy)
            messages.success(request, _("The account has been unlocked."))
            return redirect("registry:deputy_detail", pk=deputy.pk)
        elif action == "letter":
            invitation = services.deputy_account_invite(actor=actor, deputy=deputy)
            return _letters_response(
                request, [invitation], _("Activation letter"), f"activation-{deputy.pk}.docx"
            )
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("registry:deputy_detail", pk=deputy.pk)
    return render(
        request,
        "registry/account_code.html",
        {
            "deputy": deputy,
            "invitation": invitation,
            "code": onetime.pretty(invitation.code),
            "url": activation_url(request),
            "sms": sms,
        },
    )


def _organisation_for_accounts(actor: User, pk: int) -> Any:
    try:
        return services.organisation_for_accounts(actor, pk)
    except NotFound as exc:
        raise Http404 from exc


@login_required
@require_http_methods(["GET", "POST"])
def organisation_accounts(request: HttpRequest, pk: int) -> HttpResponse:
    """The accounts of an electoral unit's, a delegation's or a congress's deputies: how many
    are in each state, and one button that invites all who have no active account and gives
    their letters as one .docx (and/or sends the codes by SMS)."""
    from .models import AccountState

    actor = acting_user(request)
    organisation = _organisation_for_accounts(actor, pk)
    if request.method == "POST":
        letters = request.POST.get("letters") == "on"
        sms = request.POST.get("sms") == "on"
        if not letters and not sms:
            messages.error(request, _("Choose letters, text messages or both."))
            return redirect("registry:organisation_accounts", pk=organisation.pk)
        # Bulk invitations run in the background with a progress bar (issue 21): a
        # congress's thousands of deputies do not fit in a request. With letters: the .docx
        # and the PDF to print; by SMS only: the list of who was invited and whether the
        # text message left.
        from lvzhi.core import filejobs

        from .files import INVITATIONS_KIND, LETTERS_KIND

        if letters:
            kind, title = LETTERS_KIND, _("Activation letters · %(name)s")
        else:
            kind, title = INVITATIONS_KIND, _("Invitations by text message · %(name)s")
        try:
            job = filejobs.request_file(
                actor=actor,
                kind=kind,
                params={
                    "organisation": organisation.pk,
                    "sms": "1" if sms else "0",
                    "url": activation_url(request),
                },
                title=title % {"name": organisation.name},
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("registry:organisation_accounts", pk=organisation.pk)
        return redirect("core:file_job", pk=job.pk)
    counts = services.account_status_counts(organisation)
    return render(
        request,
        "registry/organisation_accounts.html",
        {
            "organisation": organisation,
            "counts": [(AccountState(k).label, k, v) for k, v in counts.items()],
            "pending": counts[AccountState.NONE] + counts[AccountState.INVITED],
        },
    )


@login_required
@require_POST
def account_enrolment_code(request: HttpRequest, pk: int) -> HttpResponse:
    """A one-day code that lets the account holder set up a second factor; shown once."""
    actor = acting_user(request)
    account = found(
        User.objects.filter(pk=pk).first(),
        lambda account: policies.can_administer_account(actor, account),
    )
    code = services.account_enrolment_code(actor=actor, user=account)
    return render(request, "registry/enrolment_code.html", {"account": account, "code": code})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_staff(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff of an office, a handling unit or a station: invited here, with their role, by
    the staff who administer the organisation (issue 21)."""
    from .forms import StaffInviteForm
    from .models import Organisation

    actor = acting_user(request)
    organisation = found(
        Organisation.objects.filter(pk=pk).first(),
        lambda org: policies.can_administer_organisation(actor, org),
    )
    form = StaffInviteForm(
        posted(request),
        admin=Role.ADMIN in policies.roles_of(actor),
    )
    invited = None
    grant_error = ""
    if request.method == "POST" and request.POST.get("action") == "grant":
        form = StaffInviteForm(admin=Role.ADMIN in policies.roles_of(actor))
        account = User.objects.filter(
            username__iexact=request.POST.get("grant_username", "").strip()
        ).first()
        try:
            if account is None:
                raise ValidationFailed(_("No account with this user name."))
            services.role_grant(
                actor=actor,
                user=account,
                role=request.POST.get("grant_role", ""),
                organisation=organisation,
            )
        except DomainError as exc:
            grant_error = exc.message
        else:
            messages.success(request, _("The role has been granted."))
            return redirect("registry:organisation_staff", pk=organisation.pk)
    elif request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            user, code = services.staff_account_invite(
                actor=actor,
                organisation=organisation,
                **picked(c, "username", "display_name", "role"),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            invited = {"user": user, "code": code, "url": activation_url(request)}
            form = StaffInviteForm(admin=Role.ADMIN in policies.roles_of(actor))
    return render(
        request,
        "registry/organisation_staff.html",
        {
            "organisation": organisation,
            "form": form,
            "invited": invited,
            "grant_error": grant_error,
            "roles": form.fields["role"].choices,  # type: ignore[attr-defined]
            "staff": services.staff_of(organisation),
        },
        status=400 if form.errors or grant_error else 200,
    )
