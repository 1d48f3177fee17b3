"""Thin views: parse, call a service or a selector, render."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core import clock, pages
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import add_refusal, picked, posted
from lvzhi.core.http import (
    DetailAction,
    acting_user,
    csv_response,
    docx_download,
    form_page,
    found,
    int_or_none,
    press,
    search_text,
)
from lvzhi.core.models import User
from lvzhi.core.objectpages import object_page
from lvzhi.core.pagination import paged
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Deputy, Organisation, OrgKind

from . import obligations, policies, rules, selectors, services, workflow
from .forms import (
    ActivityForm,
    AnswerForm,
    ContactForm,
    EngagementForm,
    HolderForm,
    LinkForm,
    MeetingConfirmForm,
    MeetingNoteForm,
    MeetingOutcomeForm,
    MeetingRequestForm,
)
from .models import Holder, HolderKind, Link, MeetingRequest, MeetingStatus, Opinion

PAGE_SIZE = 30


def _year(request: HttpRequest) -> int:
    year = int_or_none(request.GET.get("year"))
    return year if year is not None and 2000 <= year <= 2100 else clock.today().year


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    own = selectors.own_holders(request.user).first()
    if own is not None:
        return redirect("contacts:member", pk=own.pk)
    if policies.is_office(request.user):
        return redirect("contacts:obligations")
    if policies.deputy_id(request.user) is not None:
        return redirect("contacts:deputy")
    raise Http404


# ---- a member's page (R33-R35) ---------------------------------------------------------------


def _linkable(holder: Any) -> Any:
    return registry_selectors.deputies_serving_in(holder.term_id).exclude(
        pk__in=Link.objects.filter(holder=holder, ended_on__isnull=True).values("deputy_id")
    )


def _list_page(
    request: HttpRequest, template: str, rows: Any, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """A paged list: the page of ``rows`` and its pager's query string, with ``context``."""
    page, query = paged(request, rows, PAGE_SIZE)
    return render(request, template, {"page": page, "query": query, **context}, status=status)


def _managed_holder(request: HttpRequest, pk: int) -> Holder:
    """A member whose registration the user manages: not there for anyone else."""
    holder = selectors.get_holder_for_user(request.user, pk)
    if not policies.can_manage(request.user, holder):
        raise Http404
    return holder


def _member_page(
    request: HttpRequest, holder: Any, link_form: Any = None, status: int = 200, **extra: Any
) -> HttpResponse:
    year = _year(request)
    user = request.user
    can_manage = policies.can_manage(user, holder)
    opinions = list(selectors.opinions_of(holder))
    return render(
        request,
        "contacts/member.html",
        {
            "holder": holder,
            "year": year,
            "m": selectors.member_year(holder, year),
            "contacts": selectors.contacts_of(holder, year)[:50],
            "opinions": opinions,
            "can_manage": can_manage,
            "can_log": policies.can_log(user, holder),
            "is_holder": policies.is_holder(user, holder),
            "proposals": selectors.proposals(holder) if can_manage else [],
            "link_form": link_form
            or (LinkForm(deputies=_linkable(holder)) if can_manage else None),
            **extra,
            "group_warning": holder.kind == HolderKind.COMMITTEE_HEAD
            and rules.committee_group_warning(
                Link.objects.filter(holder=holder, ended_on__isnull=True).count()
            ),
            "group_min": rules.COMMITTEE_GROUP_MIN,
            "group_max": rules.COMMITTEE_GROUP_MAX,
            "leader_links": rules.LEADER_LINKS,
            "rule_links": rules.MEMBER_LINKS,
            "rule_contacts": rules.MEMBER_CONTACTS_PER_DEPUTY,
        },
        status=status,
    )


member = object_page(_member_page, selectors.get_holder_for_user)


@login_required
@require_http_methods(["GET", "POST"])
def log(request: HttpRequest, pk: int) -> HttpResponse:
    """R34: the one-minute contact form, made for a phone."""
    holder = selectors.get_holder_for_user(request.user, pk)
    if not policies.can_log(request.user, holder):
        raise Http404
    linked = Deputy.objects.filter(
        pk__in=Link.objects.filter(holder=holder, ended_on__isnull=True).values("deputy_id")
    ).order_by("name_pinyin")
    deputies = list(linked)
    initial: dict[str, Any] = {}
    wanted = int_or_none(request.GET.get("deputy"))
    if wanted is not None and any(d.pk == wanted for d in deputies):
        initial["deputy"] = wanted
    form = ContactForm(posted(request), deputies=linked, initial=initial)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            services.contact_log(actor=acting_user(request), holder=holder, **c)
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(
                request,
                _("Contact with %(name)s recorded.") % {"name": c["deputy"].name},
            )
            return redirect("contacts:member", pk=holder.pk)
    return form_page(
        request, "contacts/log.html", {"holder": holder, "form": form, "deputies": deputies}
    )


@login_required
@require_POST
def link(request: HttpRequest, pk: int) -> HttpResponse:
    holder = _managed_holder(request, pk)
    form = LinkForm(request.POST, deputies=_linkable(holder))
    if form.is_valid():
        try:
            result = services.link_create(
                actor=acting_user(request), holder=holder, deputy=form.cleaned_data["deputy"]
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(
                request, _("%(name)s is now linked.") % {"name": result.link.deputy.name}
            )
            if result.warning:
                messages.warning(request, result.warning)
            return redirect("contacts:member", pk=holder.pk)
    return _member_page(request, holder, link_form=form, status=400)


@login_required
@require_POST
def holder_end(request: HttpRequest, pk: int) -> HttpResponse:
    holder = _managed_holder(request, pk)
    if not press(
        request,
        _("%(name)s no longer holds the obligation.") % {"name": holder.name},
        services.holder_end,
        actor=acting_user(request),
        holder=holder,
    ):
        return redirect("contacts:member", pk=holder.pk)
    return redirect("contacts:organisation", pk=holder.organisation_id)


@login_required
@require_POST
def unlink(request: HttpRequest, pk: int) -> HttpResponse:
    row = found(
        Link.objects.filter(pk=pk).select_related("holder__organisation", "deputy").first(),
        lambda link: policies.can_manage(request.user, link.holder),
    )
    press(
        request, _("The link has ended."), services.link_end, actor=acting_user(request), link=row
    )
    return redirect("contacts:member", pk=row.holder_id)


def _opinion(request: HttpRequest, pk: int) -> Opinion:
    return selectors.get_opinion_for_user(request.user, pk)


def _back(request: HttpRequest, o: Opinion, *, text: str = "", error: str = "") -> HttpResponse:
    """After an answer: back to the page it came from; on a refusal that page again with the
    message next to the opinion and the typed answer kept."""
    own_page = policies.can_view(request.user, o.holder) and request.POST.get("from") != "forwarded"
    if not error:
        if own_page:
            return redirect("contacts:member", pk=o.holder_id)
        return redirect("contacts:forwarded")
    failed = {"answer_for": o.pk, "answer_text": text, "answer_error": error}
    if own_page:
        return _member_page(request, o.holder, status=400, **failed)
    return _forwarded_page(request, status=400, **failed)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    o = _opinion(request, pk)
    form = AnswerForm(request.POST)
    text = request.POST.get("answer", "")
    if not form.is_valid():
        return _back(request, o, text=text, error=str(form.errors["answer"][0]))
    try:
        services.opinion_answer(
            actor=acting_user(request), opinion=o, answer=form.cleaned_data["answer"]
        )
    except DomainError as exc:
        return _back(request, o, text=text, error=exc.message)
    messages.success(request, _("The answer has been sent to the deputy."))
    return _back(request, o)


@login_required
@require_POST
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    o = _opinion(request, pk)
    press(
        request,
        _("The opinion has been forwarded to the deputy-affairs body."),
        services.opinion_forward,
        actor=acting_user(request),
        opinion=o,
    )
    return _back(request, o)


def _forwarded_page(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    page = Paginator(selectors.forwarded_to_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "contacts/forwarded.html", {"page": page, **extra}, status=status)


@login_required
@require_GET
def forwarded(request: HttpRequest) -> HttpResponse:
    if not policies.is_office(request.user):
        raise Http404
    return _forwarded_page(request)


@login_required
@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """R34 (Art 68), R37 (Art 73): generate the written year-end report as .docx; the
    generation is recorded, which fulfils the obligation for the year."""
    holder = selectors.get_holder_for_user(request.user, pk)
    year = _year(request)
    return docx_download(
        services.report_document(actor=acting_user(request), holder=holder, year=year),
        f"contacts-{holder.pk}-{year}.docx",
    )


# ---- the deputy's page -----------------------------------------------------------------------


def _own_deputy(user: Any) -> int:
    """The deputy the user is: the deputy's own pages are not there for anyone else."""
    d = policies.deputy_id(user)
    if d is None:
        raise Http404
    return d


@login_required
@require_GET
def deputy(request: HttpRequest) -> HttpResponse:
    d = _own_deputy(request.user)
    year = _year(request)
    return render(
        request,
        "contacts/deputy.html",
        {
            "year": year,
            "meetings": list(selectors.meetings_for(request.user)[:20]),
            **selectors.deputy_view(d, year),
        },
    )


# ---- obligations of organisations (item 5) ---------------------------------------------------


@login_required
@require_GET
def obligations_overview(request: HttpRequest) -> HttpResponseBase:
    """Every organisation in the user's care with its obligations of the year: who is
    behind (the office sees its whole scope; committees and handling units their own)."""
    organisations = selectors.obliged_organisations(request.user)
    if not organisations:
        raise Http404
    year = _year(request)
    rows = obligations.for_organisations(organisations, year)
    kind = request.GET.get("kind", "")
    if kind in policies.OBLIGED_KINDS:
        rows = [r for r in rows if r.organisation.kind == kind]
    if request.GET.get("behind") == "1":
        rows = [r for r in rows if r.behind]
    q = search_text(request)
    if q:
        rows = [r for r in rows if q in r.organisation.name]
    if request.GET.get("format") == "csv":
        return _obligations_csv(
            f"履职义务-{year}.csv",
            (
                (r.organisation.name, h)
                for r in rows
                for h in [obligations.HolderObligations(holder=None, items=r.items), *r.rows]
            ),
        )
    return _list_page(
        request,
        "contacts/obligations.html",
        rows,
        {
            "year": year,
            "kind": kind,
            "kinds": [(k, OrgKind(k).label) for k in sorted(policies.OBLIGED_KINDS)],
            "behind_only": request.GET.get("behind") == "1",
            "q": q,
            "is_office": policies.is_office(request.user),
        },
    )


def _holder_kinds(org: Organisation) -> list[tuple[str, Any]]:
    """Kinds of holder the organisation may still register (one head, one principal)."""
    taken = set(
        Holder.objects.filter(
            organisation=org, is_active=True, kind__in=services.SINGLE_KINDS
        ).values_list("kind", flat=True)
    )
    return [
        (k, HolderKind(k).label)
        for k, kinds in services.HOLDER_ORG_KINDS.items()
        if org.kind in kinds and k not in taken
    ]


def _holder_users(organisation: Organisation) -> Any:
    return selectors.holder_accounts(organisation)


def _term_of(org: Organisation) -> Any:
    return selectors.organ_term(org)


def _organisation_forms(
    request: HttpRequest, org: Organisation, term: Any, posted: str = ""
) -> dict[str, Any]:
    data = request.POST if request.method == "POST" else None
    deputies = registry_selectors.deputies_serving_in(term.pk) if term else Deputy.objects.none()
    group = selectors.committee_group(org)
    forms: dict[str, Any] = {}
    holder_kinds = _holder_kinds(org)
    if holder_kinds:
        forms["holder"] = HolderForm(
            data if posted == "holder" else None,
            kinds=holder_kinds,
            units=selectors.electoral_units(term.pk) if term else Organisation.objects.none(),
            users=_holder_users(org),
        )
    kinds = selectors.activity_kinds_for(org)
    if kinds:
        forms["activity"] = ActivityForm(
            data if posted == "activity" else None,
            kinds=kinds,
            deputies=group if group is not None else deputies,
            checkboxes=group is not None,
        )
    if org.kind in policies.ORGAN_ORG_KINDS:
        forms["engagement"] = EngagementForm(
            data if posted == "engagement" else None, deputies=deputies
        )
    return forms


def _obligations_csv(filename: str, groups: Iterable[tuple[str, Any]]) -> HttpResponseBase:
    """The obligations as CSV, a line an item of each (organisation name, one holder's or the
    organisation's own obligations)."""
    return csv_response(
        filename,
        [
            _("Organisation"),
            _("Person"),
            _("Rule"),
            _("Article"),
            _("Obligation"),
            _("State"),
            _("Detail"),
        ],
        (
            [
                name,
                h.holder.name if h.holder else "",
                i.rule,
                i.article,
                i.text,
                STATE_LABELS[i.state](),
                i.detail,
            ]
            for name, h in groups
            for i in h.items
        ),
    )


def _org_page(
    request: HttpRequest, org: Organisation, forms: dict[str, Any], status: int = 200
) -> HttpResponseBase:
    year = _year(request)
    result = obligations.for_organisation(org, year)
    rows = result.rows
    q = search_text(request)
    if q:
        rows = [r for r in rows if r.holder is not None and q in r.holder.name]
    if request.GET.get("format") == "csv":
        return _obligations_csv(
            f"履职义务-{org.pk}-{year}.csv",
            (
                (org.name, h)
                for h in [obligations.HolderObligations(holder=None, items=result.items), *rows]
            ),
        )
    chart_rows = [r for r in rows if r.member is not None][:40]
    return _list_page(
        request,
        "contacts/organisation.html",
        rows,
        {
            "org": org,
            "year": year,
            "result": result,
            "q": q,
            "forms": forms,
            "activities": selectors.activities_list(org, year),
            "engagements": selectors.engagements_of(org, year)
            if org.kind in policies.ORGAN_ORG_KINDS
            else [],
            "holders": [
                h
                for h in Holder.objects.filter(organisation=org, is_active=True).order_by(
                    "kind", "name"
                )
                if h.kind != HolderKind.SC_MEMBER
            ],
            "chart": [
                {"label": r.holder.name, "contacts": r.member.contacts, "flagged": bool(r.missing)}
                for r in chart_rows
                if r.holder is not None
            ],
            "chart_height": 26 * len(chart_rows) + 10,
            "chart_max": max([r.member.contacts for r in chart_rows] + [1]),
        },
        status=status,
    )


STATE_LABELS = {
    obligations.DONE: lambda: _("done"),
    obligations.OPEN: lambda: _("open"),
    obligations.MISSING: lambda: _("missing"),
}


def _obliged(request: HttpRequest, pk: int) -> Organisation:
    return selectors.get_obliged_for_user(request.user, pk)


@login_required
@require_GET
def organisation(request: HttpRequest, pk: int) -> HttpResponseBase:
    org = _obliged(request, pk)
    return _org_page(request, org, _organisation_forms(request, org, _term_of(org)))


@login_required
@require_POST
def holder_register(request: HttpRequest, pk: int) -> HttpResponseBase:
    org = _obliged(request, pk)
    term = _term_of(org)
    forms = _organisation_forms(request, org, term, posted="holder")
    form = forms.get("holder")
    if form is None:
        messages.error(request, _("Everyone this organisation registers is registered already."))
        return redirect("contacts:organisation", pk=org.pk)
    if form.is_valid() and term is not None:
        c = form.cleaned_data
        try:
            holder = services.holder_create(
                actor=acting_user(request),
                organisation=org,
                term=term,
                electoral_unit=c.get("electoral_unit"),
                fields=list(c.get("fields_of_work") or []),
                **picked(c, "name", "kind", "user"),
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("%(name)s has been registered.") % {"name": holder.name})
            return redirect("contacts:member", pk=holder.pk)
    return _org_page(request, org, forms, status=400)


def _org_view(
    posted: str, save: Callable[[User, Organisation, dict[str, Any]], Any], done: Promise
) -> Callable[[HttpRequest, int], HttpResponseBase]:
    """The POST view of the organisation page's form ``posted``: ``save(user, org,
    cleaned_data)``; done, the message ``done`` (and the warning the result carries) and back
    to the page; refused or invalid, the page again with the form's errors."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponseBase:
        org = _obliged(request, pk)
        forms = _organisation_forms(request, org, _term_of(org), posted=posted)
        form = found(forms.get(posted))
        if form.is_valid():
            try:
                result = save(acting_user(request), org, form.cleaned_data)
            except DomainError as exc:
                add_refusal(form, exc)
            else:
                messages.success(request, str(done))
                if getattr(result, "warning", ""):
                    messages.warning(request, result.warning)
                return redirect("contacts:organisation", pk=org.pk)
        return _org_page(request, org, forms, status=400)

    return view


activity = _org_view(
    "activity",
    lambda u, org, c: services.activity_record(
        actor=u, organisation=org, **{**c, "participants": list(c["participants"])}
    ),
    gettext_lazy("The activity has been recorded."),
)
engagement = _org_view(
    "engagement",
    lambda u, org, c: services.engagement_record(actor=u, organisation=org, **c),
    gettext_lazy("The appointment or invitation has been recorded."),
)


# ---- meeting requests 约见 (Art 34) -----------------------------------------------------------


@login_required
@require_GET
def meetings(request: HttpRequest) -> HttpResponse:
    user = request.user
    is_deputy = policies.deputy_id(user) is not None
    status = request.GET.get("status", "")
    qs = selectors.meetings_for(user, status)
    q = search_text(request)
    if q:
        qs = qs.filter(Q(subject__contains=q) | Q(head__contains=q) | Q(organ__name__contains=q))
    if not policies.can_see_meeting_requests(user):
        raise Http404
    return _list_page(
        request,
        "contacts/meetings.html",
        qs,
        {
            "status": status,
            "statuses": MeetingStatus.choices,
            "q": q,
            "is_deputy": is_deputy,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    d = _own_deputy(user)
    return pages.form_page(
        request,
        MeetingRequestForm(posted(request), deputy_id=d),
        lambda c: services.meeting_request_create(
            actor=user, **{**c, "co_deputies": list(c["co_deputies"])}
        ),
        _("Your meeting request has been sent to the office."),
        lambda mr: reverse("contacts:meeting", args=[mr.pk]),
        "contacts/meeting_form.html",
        {},
    )


# The form each step of the meeting workflow (workflow.MEETING) shows, by step name.
MEETING_STEP_FORMS: dict[str, Any] = {
    "arrange": MeetingNoteForm,
    "decline": MeetingNoteForm,
    "confirm": MeetingConfirmForm,
    "record": MeetingOutcomeForm,
    "withdraw": lambda: True,
}


def _meeting_forms(user: Any, mr: MeetingRequest) -> dict[str, Any]:
    return {step: MEETING_STEP_FORMS[step]() for step in workflow.MEETING.allowed(user, mr)}


def _meeting_page(
    request: HttpRequest,
    mr: MeetingRequest,
    override: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = _meeting_forms(request.user, mr) | (override or {})
    return render(request, "contacts/meeting.html", {"mr": mr, "forms": forms}, status=status)


meeting = object_page(_meeting_page, selectors.get_meeting_for_user)


MEETING_STEPS: dict[str, tuple[Any, Any, Any]] = {
    "arrange": (
        MeetingNoteForm,
        lambda u, mr, c: services.meeting_request_arrange(actor=u, request=mr, note=c["note"]),
        gettext_lazy("The arrangement has been recorded and the organ informed."),
    ),
    "decline": (
        MeetingNoteForm,
        lambda u, mr, c: services.meeting_request_decline(actor=u, request=mr, reason=c["note"]),
        gettext_lazy("The request has been declined."),
    ),
    "confirm": (
        MeetingConfirmForm,
        lambda u, mr, c: services.meeting_request_confirm(
            actor=u, request=mr, meets_at=c["meets_at"], place=c["place"]
        ),
        gettext_lazy("The date has been confirmed and the deputies informed."),
    ),
    "record": (
        MeetingOutcomeForm,
        lambda u, mr, c: services.meeting_request_record(actor=u, request=mr, outcome=c["outcome"]),
        gettext_lazy("The outcome has been recorded and the deputies informed."),
    ),
    "withdraw": (
        None,
        lambda u, mr, c: services.meeting_request_withdraw(actor=u, request=mr),
        gettext_lazy("The request has been withdrawn."),
    ),
}


_meeting_action = DetailAction(
    lambda request, pk: selectors.get_meeting_for_user(request.user, pk),
    _meeting_page,
    "contacts:meeting",
)


@login_required
@require_POST
def meeting_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One transition of a meeting request from a form on its page; on a refusal the page
    again with the message next to the form and everything typed kept."""
    if step not in MEETING_STEPS:
        raise Http404
    form_class, call, done = MEETING_STEPS[step]
    return _meeting_action(request, pk, step, form_class, call, done)
