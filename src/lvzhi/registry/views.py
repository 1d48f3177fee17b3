"""Thin views: parse, call a service or a selector, render."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core import pages
from lvzhi.core.errors import DomainError, NotFound, PermissionDenied
from lvzhi.core.filejobs import ListExport
from lvzhi.core.forms import add_refusal, picked, posted
from lvzhi.core.http import (
    acting_user,
    csv_response,
    form_page,
    found,
    int_or_none,
    is_htmx,
    search_text,
    submit,
)
from lvzhi.core.models import User
from lvzhi.core.pagination import page_query, paged

from . import exports, files, policies, selectors, services, tables
from .forms import (
    DeputyForm,
    DirectoryFilterForm,
    ImportForm,
    MembershipForm,
    OrganisationCreateForm,
    OrganisationForm,
    PhotoForm,
    SessionForm,
    StatusChangeForm,
    names_in,
)
from .models import (
    AccountState,
    Deputy,
    DeputyImport,
    Membership,
    Organisation,
    OrgKind,
    Role,
    Term,
)
from .spreadsheet import headers_zh

PAGE_SIZE = 50
ACCOUNT_PAGE_KINDS = frozenset(
    {
        OrgKind.ELECTORAL_UNIT,
        OrgKind.DELEGATION,
        OrgKind.STANDING_COMMITTEE,
        OrgKind.TOWNSHIP_PRESIDIUM,
        OrgKind.REGIONAL_WORK_COMMITTEE,
    }
)


def _user(request: HttpRequest) -> User:
    return acting_user(request)


def _require(allowed: bool) -> None:
    # Pages a role may not use at all answer 404, like records outside the scope.
    if not allowed:
        raise Http404


def _filters(request: HttpRequest) -> tuple[DirectoryFilterForm, selectors.DirectoryFilters]:
    return files.directory_filters(request.user, request.GET)


@login_required
@require_GET
def deputy_list(request: HttpRequest) -> HttpResponse:
    _require(policies.can_use_directory(request.user))
    form, filters = _filters(request)
    page = selectors.directory_page(request.user, filters, request.GET.get("page"), PAGE_SIZE)
    query = page_query(request)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "table": tables.DIRECTORY,
        "can_edit": bool(policies.roles_of(request.user) & policies.EDIT_ROLES),
    }
    template = "registry/_deputy_rows.html" if is_htmx(request) else "registry/deputy_list.html"
    return render(request, template, context)


@login_required
@require_GET
def deputy_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The filtered list as CSV or xlsx: streamed from the request when small, otherwise a
    background file with a progress bar (issue 22.7)."""
    from lvzhi.core import filejobs

    _require(policies.can_use_directory(request.user))
    if fmt not in files.DIRECTORY_FORMATS:
        raise Http404
    _form, filters = _filters(request)
    rows = files.directory_rows(request.user, filters)
    if selectors.count_at_most(rows, files.DIRECTORY_INLINE_MAX_ROWS + 1) > (
        files.DIRECTORY_INLINE_MAX_ROWS
    ):
        params = {k: v for k, v in request.GET.items() if v}
        job = filejobs.request_file(
            actor=acting_user(request), kind=files.DIRECTORY_KIND, params={**params, "fmt": fmt}
        )
        return redirect("core:file_job", pk=job.pk)
    if fmt == "csv":
        return csv_response(
            "代表名册.csv",
            headers_zh(),
            exports.directory_lines(rows),
        )
    from lvzhi.core.spreadsheets import xlsx_download

    return xlsx_download(exports.lines_xlsx(exports.directory_lines(rows)), "代表名册.xlsx")


@login_required
@require_GET
def deputy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = selectors.get_deputy_for_user(request.user, pk)
    user = _user(request)
    state = services.account_state(deputy.user)
    return _deputy_page(
        request,
        user,
        deputy,
        status_form=StatusChangeForm(),
        account_state=state,
        account_state_label=AccountState(state).label,
    )


def _deputy_page(
    request: HttpRequest, user: User, deputy: Deputy, status: int = 200, **extra: Any
) -> HttpResponse:
    """The deputy's page: the seats and what the user may do, with ``extra`` (the status
    form …) in the context."""
    return render(
        request,
        "registry/deputy_detail.html",
        {
            "deputy": deputy,
            "seats": selectors.seats_with_history(deputy),
            "can_edit": policies.can_edit_deputy(user, deputy),
            "can_reveal": policies.can_reveal_personal_data(user, deputy),
            **extra,
        },
        status=status,
    )


@login_required
@require_POST
def deputy_reveal(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    deputy = selectors.get_deputy_for_user(request.user, pk)
    value = services.personal_data_reveal(actor=_user(request), deputy=deputy, field_name=field)
    return render(request, "registry/_revealed.html", {"value": value or "—"})


def _initial(deputy: Deputy) -> dict[str, Any]:
    initial = {name: getattr(deputy, name) for name in services.PLAIN_DEPUTY_FIELDS}
    return initial | {
        "name": deputy.name,
        "name_ug": deputy.name_ug,
        "name_kk": deputy.name_kk,
        "expertise": "、".join(t.name for t in deputy.expertise.all()),
    }


@login_required
@require_http_methods(["GET", "POST"])
def deputy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = selectors.get_deputy_for_user(request.user, pk)
    user = _user(request)
    if not policies.can_edit_deputy(user, deputy):
        raise NotFound(_("No such deputy."))
    form = DeputyForm(posted(request), initial=_initial(deputy))
    return pages.form_page(
        request,
        form,
        lambda c: services.deputy_update(actor=user, deputy=deputy, data=form.to_data()),
        _("The changes have been saved."),
        lambda _saved: reverse("registry:deputy_detail", args=[deputy.pk]),
        "registry/deputy_form.html",
        {"deputy": deputy},
    )


@login_required
@require_http_methods(["GET", "POST"])
def deputy_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require(bool(policies.roles_of(user) & policies.EDIT_ROLES))
    units = selectors.electoral_units_for(user)
    form = DeputyForm(posted(request))
    mform = MembershipForm(posted(request), units=units)
    if request.method == "POST" and form.is_valid() and mform.is_valid():
        m = mform.cleaned_data
        try:
            deputy = services.deputy_create(
                actor=user,
                data=form.to_data(),
                membership=services.MembershipData(
                    term=m["term"],
                    electoral_unit=m["electoral_unit"],
                    delegation=m["delegation"],
                    elected_on=m["elected_on"],
                ),
            )
        except DomainError as exc:
            target = form if exc.field in form.fields else mform
            add_refusal(target, exc)
        else:
            messages.success(request, _("The deputy has been registered."))
            return redirect("registry:deputy_detail", pk=deputy.pk)
    return render(
        request,
        "registry/deputy_form.html",
        {"form": form, "mform": mform},
        status=400 if (form.errors or mform.errors) else 200,
    )


@login_required
@require_POST
def membership_status(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = selectors.get_deputy_for_user(request.user, pk)
    user = _user(request)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        c = form.cleaned_data
        membership = Membership.objects.filter(pk=c["membership"], deputy=deputy).first()
        if membership is None:
            raise NotFound(_("No such membership."))
        if submit(
            request,
            form,
            _("The status change has been recorded."),
            services.membership_change_status,
            actor=user,
            membership=membership,
            **picked(c, "status", "on", "reason", "document_no"),
        ):
            return redirect("registry:deputy_detail", pk=deputy.pk)
    deputy = selectors.get_deputy_for_user(request.user, pk)
    return _deputy_page(
        request,
        user,
        deputy,
        status=400,
        status_form=form,
        status_form_for=form.data.get("membership"),
    )


def _import_terms(user: User) -> Any:
    congress_ids = selectors.electoral_units_for(user).values("congress_id")
    return (
        Term.objects.filter(congress_id__in=congress_ids, is_current=True)
        .select_related("congress__division")
        .order_by("congress__division__code")
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require(policies.can_import(user))
    form = ImportForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        terms=_import_terms(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = services.deputy_import_start(
                actor=user,
                term=form.cleaned_data["term"],
                upload=form.cleaned_data["file"],
                mode=form.cleaned_data["mode"],
            )
        except DomainError as exc:
            form.add_error("file" if exc.field is None else exc.field, exc.message)
        else:
            return redirect("registry:import_status", pk=job.pk)
    recent = DeputyImport.objects.filter(created_by=user).select_related(
        "term__congress__division"
    )[:10]
    return form_page(request, "registry/import_start.html", {"form": form, "recent": recent})


@login_required
@require_GET
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = found(
        DeputyImport.objects.filter(pk=pk, created_by=_user(request))
        .select_related("term__congress__division")
        .first()
    )
    template = (
        "registry/_import_progress.html" if is_htmx(request) else "registry/import_status.html"
    )
    return render(request, template, {"job": job, "errors": job.errors[:500]})


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    _require(policies.can_import(request.user))
    response = HttpResponse(
        exports.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="deputy-template.xlsx"'
    return response


@login_required
@require_GET
def organisation_tree(request: HttpRequest) -> HttpResponseBase:
    _require(policies.can_use_directory(request.user))
    paths = policies.scope_paths(request.user, policies.DIRECTORY_ROLES)
    qs = Organisation.objects.select_related("division").order_by("path")
    if paths is not None:
        qs = qs.filter(policies.subtree_q(paths))
    kind = request.GET.get("kind", "")
    if kind in OrgKind.values:
        qs = qs.filter(kind=kind)
    q = search_text(request)
    if q:
        qs = qs.filter(name__contains=q)
    if request.GET.get("format") == "csv":
        return csv_response(
            "机构.csv",
            [
                pgettext("organisation", "Name"),
                _("Kind"),
                _("Administrative division"),
                _("Parent organisation"),
            ],
            (
                (
                    o.name,
                    o.get_kind_display(),
                    o.division.name if o.division else "",
                    o.parent.name if o.parent else "",
                )
                for o in qs.select_related("parent").iterator(chunk_size=2000)
            ),
        )
    page, query = paged(request, qs, 200)
    # Where the deputies' accounts of a unit, a delegation or a congress are opened (issue 21).
    inviting = bool(policies.roles_of(request.user) & policies.EDIT_ROLES)
    invite_ids = {
        o.pk
        for o in page
        if inviting
        and o.kind in ACCOUNT_PAGE_KINDS
        and policies.organisation_in_scope(request.user, o, policies.EDIT_ROLES)
    }
    return render(
        request,
        "registry/organisation_tree.html",
        {
            "page": page,
            "invite_ids": invite_ids,
            "staff_ids": {
                o.pk for o in page if policies.can_administer_organisation(request.user, o)
            },
            "kind": kind,
            "q": q,
            "kinds": OrgKind.choices,
            "query": query,
            "is_admin": Role.ADMIN in policies.roles_of(request.user),
        },
    )


def _log_page(request: HttpRequest, log: ListExport, template: str) -> HttpResponseBase:
    """A log's page for the administrators: its filters, a page of rows, or the CSV."""
    if not policies.can_browse_audit(request.user):
        raise PermissionDenied(_("Only administrators can browse the audit log."))
    form, qs = log.filtered(request.GET)
    if request.GET.get("format") == "csv":
        response: HttpResponseBase = log.response(acting_user(request), request.GET, qs)
        return response
    page, query = paged(request, qs, 50)
    return render(request, template, {"form": form, "page": page, "query": query})


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponseBase:
    return _log_page(request, files.AUDIT, "registry/audit_list.html")


@login_required
@require_GET
def event_log_list(request: HttpRequest) -> HttpResponseBase:
    """The domain events of the one event log (core.events) beside the audit log: the same
    filters and the same readers (issue 17; docs/architecture.md, "The event log")."""
    return _log_page(request, files.EVENTS, "registry/event_log.html")


@login_required
@require_POST
def deputy_photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = selectors.get_deputy_for_user(request.user, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.deputy_photo_set(
                actor=_user(request), deputy=deputy, upload=form.cleaned_data["photo"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The photo has been saved."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("registry:deputy_detail", pk=deputy.pk)


@login_required
@require_GET
def deputy_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Photos live outside the web root; this view checks the scope before sending one."""
    deputy = selectors.get_deputy_for_user(request.user, pk)
    if not deputy.photo:
        raise Http404
    from . import rules

    with deputy.photo.open("rb") as fh:
        data = fh.read()
    kind = rules.photo_type(data[:8])
    if kind is None:
        raise Http404
    response = HttpResponse(data, content_type=kind[0])
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _admin_org(request: HttpRequest, pk: int) -> tuple[User, Organisation]:
    user = _user(request)
    if Role.ADMIN not in policies.roles_of(user):
        raise Http404
    return user, found(
        Organisation.objects.filter(pk=pk).select_related("parent", "division").first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, org = _admin_org(request, pk)
    initial = {
        "name": org.name,
        "name_ug": org.name_ug,
        "name_kk": org.name_kk,
        "short_name": org.short_name,
        "is_active": org.is_active,
    }
    form = OrganisationForm(posted(request), initial=initial)
    return pages.form_page(
        request,
        form,
        lambda c: services.organisation_update(actor=user, organisation=org, **c),
        _("The changes have been saved."),
        lambda _saved: reverse("registry:organisation_tree"),
        "registry/organisation_form.html",
        {"org": org},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_add_child(request: HttpRequest, pk: int) -> HttpResponse:
    user, parent = _admin_org(request, pk)
    form = OrganisationCreateForm(posted(request), initial={"division": parent.division_id})
    return pages.form_page(
        request,
        form,
        lambda c: services.organisation_create(
            actor=user,
            parent=parent,
            congress=parent.congress,
            **names_in(c),
            **picked(c, "name", "kind", "short_name", "division"),
        ),
        _("The organisation has been added."),
        lambda _saved: reverse("registry:organisation_tree"),
        "registry/organisation_form.html",
        {"parent": parent},
    )


@login_required
@require_GET
def term_list(request: HttpRequest) -> HttpResponseBase:
    """Every term (届次) of the congresses in scope: places, dates, seats, deputies serving."""
    _require(policies.can_use_directory(request.user))
    q = search_text(request)
    qs = selectors.term_list(request.user, q=q)
    if request.GET.get("format") == "csv":
        return csv_response(
            "terms.csv",
            [
                _("people's congress"),
                _("term number"),
                _("starts on"),
                _("ends on"),
                _("number of deputies"),
                _("Serving"),
                _("current term"),
            ],
            _term_rows(qs),
        )
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    serving = selectors.serving_counts([t.pk for t in page])
    for term in page:
        term.serving = serving.get(term.pk, 0)  # type: ignore[attr-defined]
    query = page_query(request)
    return render(
        request,
        "registry/term_list.html",
        {"page": page, "q": q, "query": query},
    )


def _term_rows(qs: Any) -> Any:
    for chunk_start in range(0, qs.count(), 2000):
        chunk = list(qs[chunk_start : chunk_start + 2000])
        serving = selectors.serving_counts([t.pk for t in chunk])
        for t in chunk:
            yield (
                t.congress.division.name,
                t.number,
                t.starts_on.isoformat(),
                t.ends_on.isoformat(),
                t.seats,
                serving.get(t.pk, 0),
                _("Yes") if t.is_current else "",
            )


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request: HttpRequest) -> HttpResponseBase:
    """The office and the secretariat schedule sessions and set their proposal deadline (R09)."""
    user = acting_user(request)
    _require(bool(policies.roles_of(user) & policies.SESSION_ROLES))
    terms = selectors.terms_in_scope(user)
    edit = (
        selectors.sessions_in_scope(user)
        .filter(pk=int_or_none(request.GET.get("edit")) or 0)
        .first()
    )
    initial = (
        {
            "term": edit.term_id,
            "opens_on": edit.opens_on,
            "closes_on": edit.closes_on,
            "proposal_deadline": edit.proposal_deadline
            and timezone.localtime(edit.proposal_deadline),
        }
        if edit
        else None
    )
    form = SessionForm(posted(request), initial=initial, terms=terms)
    if edit is not None:
        form.fields["term"].disabled = True  # a session stays in its term
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        if edit is not None:
            saved = submit(
                request,
                form,
                _("The session has been changed."),
                services.session_update,
                actor=user,
                session=edit,
                **picked(c, "opens_on", "closes_on", "proposal_deadline"),
            )
        else:
            saved = submit(
                request,
                form,
                _("The session has been scheduled."),
                services.session_create,
                actor=user,
                **c,
            )
        if saved:
            return redirect("registry:sessions")
    rows = selectors.sessions_in_scope(user)
    if request.GET.get("format") == "csv":
        return csv_response(
            "sessions.csv",
            [
                _("Congress term"),
                _("Session"),
                _("Opens on"),
                _("Closes on"),
                _("Proposal deadline"),
            ],
            (
                (
                    str(s.term),
                    str(s),
                    s.opens_on,
                    s.closes_on,
                    timezone.localtime(s.proposal_deadline).strftime("%Y-%m-%d %H:%M")
                    if s.proposal_deadline
                    else "",
                )
                for s in rows
            ),
        )
    return form_page(request, "registry/sessions.html", {"form": form, "rows": rows, "edit": edit})


@login_required
@require_http_methods(["GET", "POST"])
def my_public_info(request: HttpRequest) -> HttpResponse:
    """R45 (Art 86): the deputy keeps their own public information up to date (PC or phone);
    on a refusal the page again with the message and what was typed."""
    user = acting_user(request)
    deputy = found(Deputy.objects.filter(user=user).prefetch_related("expertise").first())
    values = {
        "public_contact": deputy.public_contact,
        "expertise": "、".join(sorted(e.name for e in deputy.expertise.all())),
    }
    error = ""
    if request.method == "POST":
        values = {
            "public_contact": request.POST.get("public_contact", "")[:1000],
            "expertise": request.POST.get("expertise", "")[:1000],
        }
        tags = [t for t in re.split(r"[、，,；;\s]+", values["expertise"]) if t]
        try:
            services.deputy_public_info_update(
                actor=user, public_contact=values["public_contact"], expertise=tags
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Your public information has been updated."))
            return redirect("registry:my_public_info")
    return render(
        request,
        "registry/my_public_info.html",
        {"deputy": deputy, "values": values, "error": error},
        status=400 if error else 200,
    )
