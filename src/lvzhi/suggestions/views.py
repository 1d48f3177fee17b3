"""Thin views: parse, call a service or a selector, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core import clock, http, spreadsheets
from lvzhi.core.forms import picked, posted
from lvzhi.core.http import acting_user, docx_download, found, int_or_none, search_text
from lvzhi.core.motions_pages import assign_view, deputy_or_404, motion_pages, step_forms
from lvzhi.core.pagecache import public_page
from lvzhi.core.pages import (
    CoSignPages,
    View,
    filtered,
    form_page,
    query_without_page,
    run_and_return,
)
from lvzhi.registry.models import Role

from . import files, policies, rules, selectors, services, tables
from .forms import (
    AssignForm,
    ClassifyForm,
    CommunicationForm,
    DraftForm,
    EvaluationForm,
    ExtensionForm,
    InboxBulkForm,
    InviteForm,
    OpinionForm,
    PlanForm,
    QueueFilterForm,
    ReplyForm,
    ReplyTemplateForm,
    ReturnForm,
    ScreeningForm,
)
from .models import (
    AssignmentPlan,
    CoSignStatus,
    ReplyTemplate,
    ReturnRequest,
    Status,
    Suggestion,
    UnitRole,
)
from .workflow import WORKFLOW

PAGE_SIZE = 30


def _page(request: HttpRequest, qs: Any) -> tuple[Any, str]:
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, query_without_page(request)


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponseBase:
    deputy_or_404(policies.deputy_id(request.user))
    q = search_text(request)
    items = selectors.mine(request.user, q)
    if request.GET.get("format") in EXPORT_FORMATS:
        return _export(request.GET["format"], "my-suggestions", items)
    page, query = _page(request, items)
    return render(
        request,
        "suggestions/mine.html",
        {
            "page": page,
            "table": tables.LIST,
            "query": query,
            "q": q,
            "invitations": selectors.invitations(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def draft_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    deputy = deputy_or_404(policies.deputy_id(user))
    return form_page(
        request,
        DraftForm(posted(request), deputy_id=deputy),
        lambda c: services.draft_create(
            actor=user,
            session=None,
            **picked(c, "term", "title", "body", "category"),
        ),
        gettext_lazy("The draft has been saved. Invite co-signers or submit it."),
        lambda s: reverse("suggestions:detail", args=[s.pk]),
        "suggestions/draft_form.html",
        {},
    )


def _classify_form(s: Suggestion) -> django_forms.Form:
    return ClassifyForm(
        initial={
            "category": s.category,
            "key_supervision": s.key_supervision,
            "is_public": s.is_public,
        }
    )


# The form each step of the workflow (workflow.py) shows on the detail page, by step name.
STEP_FORMS: dict[str, tuple[str, Any]] = {
    "invite": ("invite", lambda s: _pages.invite_form(s)),
    "evaluate_close": ("evaluate", lambda s: EvaluationForm()),
    "screen_clear": ("screening", lambda s: ScreeningForm()),
    "classify": ("classify", _classify_form),
    "assign": (
        "assign",
        lambda s: AssignForm(
            initial={"assigned_on": clock.today()}, division_ids=[s.term.congress.division_id]
        ),
    ),
    "extend": ("extension", lambda s: ExtensionForm()),
    "reply": ("reply", lambda s: ReplyForm()),
    "communicate": ("communication", lambda s: CommunicationForm(initial={"on": clock.today()})),
    "request_return": ("return", lambda s: ReturnForm()),
    "send_opinion": ("opinion", lambda s: OpinionForm()),
}


def _detail(
    request: HttpRequest,
    s: Suggestion,
    override: dict[str, django_forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    steps = WORKFLOW.allowed(user, s)
    forms = step_forms(STEP_FORMS, steps, s) | (override or {})
    own_invitation = next(
        (c for c in s.cosigners.all() if c.deputy_id == policies.deputy_id(user)), None
    )
    similar: list[Any] = []
    recommended: list[Any] = []
    if policies.is_staff_for(user, s) and s.status == Status.SUBMITTED:
        from .similarity import recommend_units
        from .similarity import similar as similar_to

        similar, recommended = similar_to(s), recommend_units(s)
        # "Merge into this one" only beside the items this one can join (issue 22).
        similar = [
            (other, score, services.can_merge_into(s, other) and "merge" in steps)
            for other, score in similar
        ]
        if "assign" in forms and recommended and "assign" not in (override or {}):
            forms["assign"].initial["lead"] = recommended[0].unit_id
    assignment = policies.assignment_for(user, s)
    return render(
        request,
        "suggestions/detail.html",
        {
            "similar": similar,
            "recommended": recommended,
            "s": s,
            "forms": forms,
            "own_invitation": own_invitation,
            "pending": [c for c in s.cosigners.all() if c.status == CoSignStatus.INVITED],
            "steps": steps,
            "is_proposer": policies.is_proposer(user, s),
            "templates": _templates_for(user, s),
            "is_staff": policies.is_staff_for(user, s),
            "assignment": assignment,
            "can_attach": policies.can_attach(user, s),
            "today": clock.today(),
            "merged_in": selectors.merged_into(s),
        },
        status=status,
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = selectors.get_for_user(request.user, pk)
    override: dict[str, django_forms.Form] = {}
    template_id = request.GET.get("template", "")
    a = policies.assignment_for(request.user, s)
    if template_id.isdecimal() and a is not None and a.role == UnitRole.LEAD:
        template = ReplyTemplate.objects.filter(pk=int(template_id), unit=a.unit).first()
        if template is not None:
            override["reply"] = ReplyForm(initial={"body": template.body})
    return _detail(request, s, override)


# The co-signing pages (R12) and every step's POST view, one line each (core.pages).
_pages: CoSignPages = motion_pages("suggestion", selectors, services, _detail, InviteForm)
invite, cosign, cancel_invitation = _pages.invite, _pages.cosign, _pages.cancel_invitation
submit = _pages.button(services.submit, gettext_lazy("The suggestion has been submitted."))
withdraw = _pages.button(services.draft_withdraw, gettext_lazy("The draft has been withdrawn."))
evaluate = _pages.step(
    "evaluate",
    EvaluationForm,
    services.evaluate,
    gettext_lazy("Thank you; your evaluation has been recorded."),
    ("rating", "comment", "rehandle"),
)
screening = _pages.view(
    "screening",
    ScreeningForm,
    lambda u, s, c: services.screening_decide(
        actor=u, suggestion=s, excluded=c["decision"] == "exclude", note=c["note"]
    ),
    gettext_lazy("The screening decision has been recorded."),
)
classify = _pages.step(
    "classify",
    ClassifyForm,
    services.classify,
    gettext_lazy("The classification has been saved."),
)
assign = assign_view(
    _pages, AssignForm, services.assign, gettext_lazy("The suggestion has been assigned.")
)
extension = _pages.step(
    "extension",
    ExtensionForm,
    services.extension_request,
    gettext_lazy("The extension request has been sent for approval."),
    ("reason", "requested_due_on"),
)
reply = _pages.step(
    "reply",
    ReplyForm,
    services.reply,
    gettext_lazy("The reply has been sent to the deputy."),
    ("result_class", "body"),
)
return_request = _pages.step(
    "return",
    ReturnForm,
    services.return_request,
    gettext_lazy("The return request has been sent to the office."),
)
opinion = _pages.step(
    "opinion",
    OpinionForm,
    services.opinion_send,
    gettext_lazy("The opinion has been sent to the lead unit."),
    ("body",),
)
communication = _pages.step(
    "communication",
    CommunicationForm,
    services.communication_record,
    gettext_lazy("The communication has been recorded."),
)


def _acting_as(request: HttpRequest, *, staff: bool) -> Any:
    """The signed-in user of a page of the Standing Committee's staff (``staff``) or of a
    handling unit; anyone else is answered 404."""
    user = acting_user(request)
    roles = selectors.roles(user)
    if not (roles & policies.STAFF_ROLES if staff else Role.HANDLING_UNIT in roles):
        raise Http404
    return user


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponseBase:
    if not selectors.roles(request.user) & policies.STAFF_ROLES:
        raise Http404
    form, f = filtered(request, QueueFilterForm, selectors.QueueFilters)
    fmt = request.GET.get("format", "")
    if fmt in EXPORT_FORMATS:
        rows = selectors.queue(request.user, f)
        if files.is_large(rows):  # issue 22.7: a file made in the background, with progress
            from lvzhi.core import filejobs

            job = filejobs.request_export(
                actor=acting_user(request), kind=files.QUEUE_KIND, query=request.GET, fmt=fmt
            )
            return redirect("core:file_job", pk=job.pk)
        return _export(fmt, "suggestions", rows)
    page = selectors.queue_page(request.user, f, request.GET.get("page"), PAGE_SIZE)
    query = query_without_page(request)
    bulk = f.status == Status.SUBMITTED
    return render(
        request,
        "suggestions/queue.html",
        {
            "bulk": bulk,
            "bulk_form": AssignForm(
                initial={"assigned_on": clock.today()},
                division_ids={row.term.congress.division_id for row in page.object_list},
            )
            if bulk
            else None,
            "form": form,
            "page": page,
            "table": tables.LIST,
            "query": query,
            "extensions": selectors.pending_extensions(request.user)[:20],
        },
    )


def _ticked(request: HttpRequest, ids: list[int], qs: Any, none_ticked: str) -> list[Any]:
    """The items of ``qs`` ticked for a bulk action (``ids``); none, with a message, when
    more than the bulk limit or none of them were ticked."""
    too_many = rules.over_bulk_max(len(ids))
    items = [] if too_many else list(qs.filter(pk__in=ids))
    if too_many:
        messages.error(request, services.bulk_limit_message(len(ids)))
    elif not items:
        messages.error(request, none_ticked)
    return items


def _form_errors(form: django_forms.Form) -> str:
    return " ".join(str(e) for errs in form.errors.values() for e in errs)


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponseBase:
    """A handling unit's inbox: search, filters, exports and bulk actions on ticked items."""
    user = _acting_as(request, staff=False)
    form, f = files.inbox_filters(request.GET)
    staff = selectors.unit_staff(user)
    bulk_form = InboxBulkForm(request.POST or None, staff=staff)
    if request.method == "POST":
        ids = [i for i in (int_or_none(v) for v in request.POST.getlist("ids")) if i]
        items = _ticked(request, ids, selectors.inbox(user, f), _("Tick the suggestions first."))
        if items and bulk_form.is_valid():
            c = bulk_form.cleaned_data
            refused = services.inbox_bulk(
                actor=user, assignments=items, action=c["action"], handler=c["handler"]
            )
            done = len(items) - len(refused)
            messages.success(request, _("%(n)d items done.") % {"n": done})
            for a, reason in refused:
                messages.error(
                    request, f"{a.suggestion.number or ''} {a.suggestion.title}：{reason}"
                )
            return redirect(f"{reverse('suggestions:inbox')}?{request.GET.urlencode()}")
        elif items:
            messages.error(request, _form_errors(bulk_form))
    fmt = request.GET.get("format", "")
    if fmt in EXPORT_FORMATS:
        rows = selectors.inbox(user, f)
        if files.is_large(rows):  # issue 22.7: a file made in the background, with progress
            from lvzhi.core import filejobs

            job = filejobs.request_export(
                actor=user, kind=files.INBOX_KIND, query=files.inbox_query(request.GET), fmt=fmt
            )
            return redirect("core:file_job", pk=job.pk)
        return _export(fmt, "assigned-suggestions", rows, files.INBOX_COLUMNS)
    page = selectors.inbox_page(user, f, request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "suggestions/inbox.html",
        {
            "page": page,
            "query": query_without_page(request),
            "form": form,
            "bulk_form": bulk_form,
            "table": tables.inbox(clock.today()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plans(request: HttpRequest) -> HttpResponse:
    user = _acting_as(request, staff=True)
    return form_page(
        request,
        PlanForm(posted(request)),
        lambda c: services.plan_create(actor=user, **c),
        gettext_lazy("The assignment plan has been recorded."),
        lambda _plan: reverse("suggestions:plans"),
        "suggestions/plans.html",
        {"plans": AssignmentPlan.objects.order_by("-decided_on")[:50]},
    )


def _decision_view(
    find: Callable[[Any, int], Any], decide: Callable[..., Any], subject: str, done: Any
) -> View:
    """The office's answer to a unit's pending request (``find(user, pk)``, 404 when there
    is none): ``decide(actor=…, <subject>=it, approve=…)``, then back to the suggestion."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
        if answer not in ("approve", "refuse"):
            raise Http404
        item = found(find(request.user, pk))
        return run_and_return(
            request,
            lambda: decide(
                actor=acting_user(request), **{subject: item}, approve=answer == "approve"
            ),
            done,
            reverse("suggestions:detail", args=[item.suggestion_id]),
        )

    return view


extension_decide = _decision_view(
    lambda user, pk: selectors.pending_extensions(user).filter(pk=pk).first(),
    services.extension_decide,
    "extension",
    gettext_lazy("The decision has been recorded; the deputy sees it on the timeline."),
)


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponseBase:
    """R15-R16: counts and rates by unit, category or year, as a table, a chart, xlsx and the
    .docx handling report."""
    from lvzhi.core.pdf import converter as pdf_converter

    from . import reports
    from . import statistics as stats

    user = _acting_as(request, staff=True)
    group = request.GET.get("group", "unit")
    group = group if group in stats.GROUPINGS else "unit"
    year = int_or_none(request.GET.get("year"))
    year = year if year is not None and 2000 <= year <= 2100 else None
    base = selectors.queue(user, selectors.QueueFilters(status=""))
    rows = stats.compute(base, group, year)
    fmt = request.GET.get("format", "")
    if fmt == "xlsx":
        from lvzhi.core.spreadsheets import xlsx_download

        shown = [_("Year: %(year)s") % {"year": year}] if year else []
        return xlsx_download(reports.statistics_xlsx(rows, shown), f"{_('Statistics')}.xlsx")
    if fmt in ("docx", "circular"):
        data, filename = reports.document_for(user, fmt, year)
        return docx_download(data, filename)
    chart = [
        {
            "label": r.label[:18],
            "rates": [
                (name, rate)
                for name, rate in (
                    ("on_time", r.on_time_rate),
                    ("completion", r.completion_rate),
                    ("satisfaction", r.satisfaction_rate),
                )
            ],
        }
        for r in rows[:15]
    ]
    return render(
        request,
        "suggestions/statistics.html",
        {
            "rows": rows,
            "total": stats.totals(rows),
            "group": group,
            "year": year or "",
            "pdf": pdf_converter() is not None,
            "pdf_params": {"year": year or ""},
            "groups": [
                ("unit", _("By handling unit")),
                ("category", _("By category")),
                ("year", _("By year")),
            ],
            "chart": chart,
            "chart_height": 30 + 26 * len(chart),
        },
    )


@login_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """并案: merge this suggestion into an earlier one chosen from the similar list."""
    into_id = int_or_none(request.POST.get("into"))
    if into_id is None:
        raise Http404
    into = selectors.get_for_user(request.user, into_id)
    return _pages.action(
        request,
        pk,
        "",
        None,
        lambda u, s, c: services.merge(actor=u, suggestion=s, into=into),
        _("The suggestion has been merged."),
    )


@require_GET
@public_page
def public_list(request: HttpRequest) -> HttpResponseBase:
    """Public page (no account, no JavaScript needed): suggestions marked public and their
    replies (Art 84). The same list downloads as CSV or xlsx (``?format=``)."""
    q = search_text(request)
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        return _export(fmt, "public-suggestions", selectors.public(q).iterator(chunk_size=500))
    if fmt == "xlsx":
        # issue 22.7: the whole list is stored in advance; a search within the bound is
        # written now, a larger one offered as CSV (core.publicfiles)
        rows = selectors.public(q)
        return files.PUBLIC.response(
            request,
            filtered=bool(q),
            rows=rows,
            inline=lambda: _export(fmt, "public-suggestions", rows.iterator(chunk_size=500)),
        )
    page = selectors.page_of(selectors.public(q), request.GET.get("page"), PAGE_SIZE)
    query = urlencode({"q": q}) if q else ""
    return render(request, "suggestions/public_list.html", {"page": page, "query": query, "q": q})


@require_GET
@public_page
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "suggestions/public_detail.html", {"s": selectors.public_detail(pk)})


return_decide = _decision_view(
    lambda user, pk: (
        ReturnRequest.objects.filter(pk=pk, status="pending").select_related("suggestion").first()
    ),
    services.return_decide,
    "request",
    gettext_lazy("The decision has been recorded."),
)


def _templates_for(user: Any, s: Suggestion) -> list[ReplyTemplate]:
    a = policies.assignment_for(user, s)
    if a is None or a.role != UnitRole.LEAD or s.status != Status.ASSIGNED:
        return []
    return list(ReplyTemplate.objects.filter(unit=a.unit))


@login_required
@require_http_methods(["GET", "POST"])
def templates(request: HttpRequest) -> HttpResponse:
    """A unit's reply templates."""
    user = _acting_as(request, staff=False)
    from lvzhi.registry.models import Organisation
    from lvzhi.registry.policies import grants_of

    unit_ids = [g.organisation_id for g in grants_of(user) if g.role == Role.HANDLING_UNIT]
    unit = Organisation.objects.filter(pk__in=unit_ids).order_by("path").first()
    form = ReplyTemplateForm(posted(request))
    if request.method == "POST" and "delete" in request.POST:
        t = ReplyTemplate.objects.filter(
            pk=int_or_none(request.POST.get("delete")) or 0, unit_id__in=unit_ids
        ).first()
        if t is not None:
            services.reply_template_delete(actor=user, template=t)
        return redirect("suggestions:templates")
    if request.method == "POST" and form.is_valid() and unit is not None:
        saved = http.submit(
            request,
            form,
            _("The template has been saved."),
            services.reply_template_save,
            actor=user,
            unit=unit,
            **form.cleaned_data,
        )
        if saved:
            return redirect("suggestions:templates")
    return render(
        request,
        "suggestions/templates.html",
        {
            "form": form,
            "unit": unit,
            "templates": ReplyTemplate.objects.filter(unit_id__in=unit_ids),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    """Assign several submitted suggestions at once under one plan (R13)."""
    user = _acting_as(request, staff=True)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdecimal()]
    queue = selectors.queue(user, selectors.QueueFilters(status=Status.SUBMITTED))
    items = _ticked(request, ids, queue, _("Tick the suggestions to assign."))
    form = AssignForm(request.POST, division_ids={s.term.congress.division_id for s in items})
    if items and form.is_valid():
        c = form.cleaned_data
        refused = services.assign_many(
            actor=user,
            suggestions=items,
            co_units=list(c["co_units"]),
            **picked(c, "lead", "plan", "assigned_on"),
        )
        done = len(items) - len(refused)
        messages.success(request, _("%(n)d suggestions assigned.") % {"n": done})
        for s, reason in refused:
            messages.error(request, f"{s.number} {s.title}：{reason}")
    elif items:
        messages.error(request, _form_errors(form))
    return redirect(f"{reverse('suggestions:queue')}?status=submitted")


@login_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    s = selectors.get_for_user(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return redirect("suggestions:detail", pk=pk)
    return run_and_return(
        request,
        lambda: services.attachment_add(actor=acting_user(request), suggestion=s, upload=upload),
        gettext_lazy("The file has been attached."),
        reverse("suggestions:detail", args=[pk]),
    )


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    """Files live outside the web root; whoever may see the suggestion may download them."""
    s = selectors.get_for_user(request.user, pk)
    att = found(s.attachments.filter(pk=attachment_id).first())
    from lvzhi.core.privatefiles import download

    return download(att.file, content_type=att.content_type, filename=att.name)


EXPORT_FORMATS = files.EXPORT_FORMATS


def _export(
    fmt: str, name: str, rows: Any, columns: spreadsheets.Columns[Any] = files.COLUMNS
) -> HttpResponseBase:
    """A suggestion list as CSV or .xlsx (every list exports; the columns: ``files.COLUMNS``,
    or the inbox's ``files.INBOX_COLUMNS`` with the unit-side columns)."""
    from lvzhi.core.http import csv_response, xlsx_response

    titles = {
        "my-suggestions": _("My suggestions"),
        "suggestions": _("Suggestions"),
        "assigned-suggestions": _("Assigned suggestions"),
        "public-suggestions": _("Suggestions published"),
    }
    title = str(titles.get(name, name))
    header = columns.header()
    if fmt == "xlsx":
        return xlsx_response(f"{title}.xlsx", header, columns.lines(rows), title=title)
    return csv_response(f"{title}.csv", header, columns.lines(rows))
