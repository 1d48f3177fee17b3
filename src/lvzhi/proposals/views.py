"""Thin views: parse, call a service or a selector, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core import clock, filejobs
from lvzhi.core.forms import posted
from lvzhi.core.http import (
    acting_user,
    csv_response,
    docx_download,
    int_or_none,
    search_text,
)
from lvzhi.core.motions_pages import assign_view, deputy_or_404, motion_pages, step_forms
from lvzhi.core.pagecache import public_page
from lvzhi.core.pages import (
    CoSignPages,
    form_page,
    query_without_page,
    run_and_return,
)
from lvzhi.registry.models import Role
from lvzhi.registry.policies import roles_of

from . import files, policies, rules, selectors, services, workflow
from .forms import (
    AssignForm,
    ConsentForm,
    ConsultationAnswerForm,
    ConsultationForm,
    DecisionForm,
    DocumentForm,
    DraftForm,
    InviteForm,
    LegislationForm,
    PlanForm,
    ReactionForm,
    ResultForm,
    WithdrawalForm,
)
from .models import AssignmentPlan, CoSignStatus, Proposal, Status

PAGE_SIZE = 30


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    deputy_or_404(policies.deputy_id(request.user))
    page = Paginator(selectors.mine(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/mine.html",
        {"page": page, "query": "", "invitations": selectors.invitations(request.user)},
    )


# What a deputy writes in a draft (the session and the kind are chosen once, when it is made).
_DRAFT_FIELDS = (
    "addressee",
    "recall_target",
    "subject",
    "grounds",
    "plan",
    "category",
    "exclusions_confirmed",
)


def _draft_values(c: dict[str, Any]) -> dict[str, Any]:
    return {name: c[name] for name in _DRAFT_FIELDS}


def _to_detail(p: Proposal) -> str:
    return reverse("proposals:detail", args=[p.pk])


@login_required
@require_http_methods(["GET", "POST"])
def draft_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    deputy_or_404(policies.deputy_id(user))
    sessions = selectors.sessions_for(user)
    form = DraftForm(
        posted(request),
        sessions=sessions,
        initial={"session": sessions.first()},
    )
    return form_page(
        request,
        form,
        lambda c: services.draft_create(
            actor=user, session=c["session"], kind=c["kind"], **_draft_values(c)
        ),
        gettext_lazy("The draft has been saved. Invite co-signers."),
        _to_detail,
        "proposals/draft_form.html",
        {"exclusions": rules.EXCLUSIONS, "editing": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    p = selectors.get_for_user(user, pk)
    if not policies.is_proposer(user, p) or p.status != Status.DRAFT:
        raise Http404
    sessions = selectors.sessions_for(user).filter(pk=p.session_id)
    initial = {"session": p.session_id, "kind": p.kind}
    initial |= {name: getattr(p, name) for name in _DRAFT_FIELDS}
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None:
        # The session and the kind of a draft do not change.
        data["session"], data["kind"] = str(p.session_id), p.kind
    return form_page(
        request,
        DraftForm(data, sessions=sessions, initial=initial),
        lambda c: services.draft_update(actor=user, proposal=p, **_draft_values(c)),
        gettext_lazy("The draft has been saved."),
        _to_detail,
        "proposals/draft_form.html",
        {"exclusions": rules.EXCLUSIONS, "editing": p},
    )


# The form each step of the workflow (workflow.py) shows on the detail page, by step name.
STEP_FORMS: dict[str, tuple[str, Any]] = {
    "react": ("reaction", lambda p: ReactionForm()),
    "invite": ("invite", lambda p: _pages.invite_form(p)),
    "request_withdrawal": ("withdrawal", lambda p: WithdrawalForm()),
    "recommend": ("recommend", lambda p: DocumentForm(initial={"on": clock.today()})),
    "report": ("report", lambda p: DocumentForm(initial={"on": clock.today()})),
    "place": ("decide", lambda p: DecisionForm(initial={"on": clock.today()}, kind=p.kind)),
    "answer": ("answer", lambda p: DocumentForm(initial={"on": clock.today()})),
    "consent_withdrawal": ("consent", lambda p: ConsentForm(initial={"on": clock.today()})),
    "assign": (
        "assign",
        lambda p: AssignForm(
            initial={"assigned_on": clock.today(), "plan": AssignmentPlan.objects.first()},
            division_ids=[p.term.congress.division_id],
        ),
    ),
    "link_legislation": (
        "legislation",
        lambda p: LegislationForm(initial={"project": p.legislative_project}),
    ),
    "report_result": ("result", lambda p: ResultForm(initial={"on": clock.today()})),
}


def _detail(
    request: HttpRequest,
    p: Proposal,
    override: dict[str, django_forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    d = policies.deputy_id(user)
    confirmed = [c for c in p.cosigners.all() if c.status == CoSignStatus.CONFIRMED]
    threshold = services.signatories_needed(p)
    steps = workflow.allowed(user, p)
    return render(
        request,
        "proposals/detail.html",
        {
            "p": p,
            "steps": steps,
            "forms": step_forms(STEP_FORMS, steps, p) | (override or {}),
            "own_invitation": next((c for c in p.cosigners.all() if c.deputy_id == d), None),
            "is_proposer": policies.is_proposer(user, p),
            "is_staff": policies.is_staff_for(user, p),
            "is_delegation": policies.is_delegation_staff(user, p),
            "confirmed": confirmed,
            "threshold": threshold,
            "signed": len(confirmed) + 1,
            "still_needed": rules.signatories_still_needed(len(confirmed), threshold),
            "pending": [c for c in p.cosigners.all() if c.status == CoSignStatus.INVITED],
            "missing": [label for _key, label in rules.missing_parts_of(p)],
            "deadline_passed": selectors.deadline_passed(p),
            "consultations": (
                list(selectors.consultations_of_draft(user, proposal=p.pk))
                if policies.is_proposer(user, p) and p.status == Status.DRAFT
                else []
            ),
        },
        status=status,
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.get_for_user(request.user, pk))


# The co-signing pages (R06) and every step's POST view, one line each (core.pages).
_pages: CoSignPages = motion_pages("proposal", selectors, services, _detail, InviteForm)
invite, cosign, cancel_invitation = _pages.invite, _pages.cosign, _pages.cancel_invitation
submit = _pages.button(services.submit, gettext_lazy("The proposal has been handed in."))
abandon = _pages.button(services.draft_abandon, gettext_lazy("The draft has been dropped."))


@login_required
@require_POST
def to_suggestion(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    p = selectors.get_for_user(user, pk)
    return run_and_return(
        request,
        lambda: services.move_to_suggestion(actor=user, proposal=p),
        gettext_lazy("The text is now a suggestion draft: invite co-signers there and submit it."),
        _to_detail(p),
        lambda s: reverse("suggestions:detail", args=[s.pk]),
    )


_DOCUMENT = ("text", "on", "document_no")
forward = _pages.button(
    services.forward, gettext_lazy("The proposal has been handed to the secretariat.")
)
recommend = _pages.step(
    "recommend",
    DocumentForm,
    services.recommend,
    gettext_lazy("The secretariat's recommendation has been recorded."),
    _DOCUMENT,
)
report = _pages.step(
    "report",
    DocumentForm,
    services.committee_report,
    gettext_lazy("The review committee's report has been recorded."),
    _DOCUMENT,
)
decide = _pages.view(
    "decide",
    DecisionForm,
    lambda u, p, c: services.presidium_decide(
        actor=u, proposal=p, placed=c["placed"], on=c["on"], document_no=c["document_no"]
    ),
    gettext_lazy("The presidium's decision has been recorded."),
    form_kwargs=lambda p: {"kind": p.kind},
)
answer = _pages.step(
    "answer",
    DocumentForm,
    services.answer_record,
    gettext_lazy("The organ's answer has been recorded."),
    _DOCUMENT,
)
reaction = _pages.step(
    "reaction",
    ReactionForm,
    services.reaction_record,
    gettext_lazy("Your reaction to the answer has been recorded."),
    ("reaction", "note"),
)
withdrawal = _pages.step(
    "withdrawal",
    WithdrawalForm,
    services.withdrawal_request,
    gettext_lazy("Your request to withdraw has been sent to the presidium."),
    ("reason",),
)
consent = _pages.step(
    "consent",
    ConsentForm,
    services.withdrawal_consent,
    gettext_lazy("The presidium's consent has been recorded; the review has ended."),
    ("on", "document_no"),
)
assign = assign_view(
    _pages, AssignForm, services.assign, gettext_lazy("The proposal has been assigned.")
)
result = _pages.step(
    "result",
    ResultForm,
    services.result_report,
    gettext_lazy("The handling result has been recorded."),
    ("text", "on"),
)
legislation = _pages.step(
    "legislation",
    LegislationForm,
    services.legislation_link,
    gettext_lazy("The legislative project has been linked."),
    ("project",),
)


def _csv(qs: Any) -> Any:
    from . import exports

    return csv_response("议案.csv", exports.header(), exports.lines(qs.iterator(chunk_size=500)))


def _xlsx(qs: Any) -> HttpResponse:
    from lvzhi.core.spreadsheets import xlsx_download

    from . import exports

    return xlsx_download(exports.queue_xlsx(qs.iterator(chunk_size=500)), f"{_('Proposals')}.xlsx")


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponseBase:
    if not selectors.can_see_queue(request.user):
        raise Http404
    form, f = files.queue_filters(request.GET)
    qs = selectors.queue(request.user, f)
    fmt = request.GET.get("format", "")
    if fmt in files.EXPORT_FORMATS and files.is_large(qs):
        # issue 22.7: a file made in the background, with a progress bar and a download
        job = filejobs.request_export(
            actor=acting_user(request), kind=files.QUEUE_KIND, query=request.GET, fmt=fmt
        )
        return redirect("core:file_job", pk=job.pk)
    if fmt == "csv":
        return _csv(qs)
    if fmt == "xlsx":
        return _xlsx(qs)
    page = selectors.page_of(qs, request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "proposals/queue.html",
        {"form": form, "page": page, "query": query_without_page(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plans(request: HttpRequest) -> HttpResponse:
    if not policies.records_plans(request.user):
        raise Http404
    page = Paginator(AssignmentPlan.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return form_page(
        request,
        PlanForm(posted(request)),
        lambda c: services.plan_create(actor=acting_user(request), **c),
        gettext_lazy("The assignment plan has been recorded."),
        lambda _plan: reverse("proposals:plans"),
        "proposals/plans.html",
        {"page": page, "query": ""},
    )


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    from lvzhi.core.pdf import converter as pdf_converter

    if not selectors.can_see_queue(request.user):
        raise Http404
    sessions = selectors.sessions_with_proposals(request.user)
    chosen = next((s for s in sessions if str(s.pk) == request.GET.get("session")), None)
    if request.GET.get("format") == "docx":
        if chosen is None:
            raise Http404
        from . import reports

        return docx_download(reports.handling_report(request.user, chosen), "proposal-report.docx")
    return render(
        request,
        "proposals/statistics.html",
        selectors.statistics(request.user, chosen.pk if chosen else None)
        | {
            "sessions": sessions,
            "chosen": chosen,
            "pdf": pdf_converter() is not None,
            "pdf_params": {"session": chosen.pk if chosen else ""},
        },
    )


@require_GET
@public_page
def public_list(request: HttpRequest) -> HttpResponseBase:
    """Public page (no account): decided proposals and motions with their results (Art 84).
    The same list downloads as CSV or xlsx (``?format=``): the columns of the public page."""
    q = search_text(request)
    if request.GET.get("format") == "csv":
        return _csv(selectors.public(q))
    if request.GET.get("format") == "xlsx":
        # issue 22.7: the whole list is stored in advance; a search within the bound is
        # written now, a larger one offered as CSV (core.publicfiles)
        rows = selectors.public(q)
        return files.PUBLIC.response(
            request, filtered=bool(q), rows=rows, inline=lambda: _xlsx(rows)
        )
    page = Paginator(selectors.public(q), PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({"q": q}) if q else ""
    return render(request, "proposals/public_list.html", {"page": page, "query": query, "q": q})


@require_GET
@public_page
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "proposals/public_detail.html", {"p": selectors.public_detail(pk)})


# R50 (Art 17): consulting the departments concerned before a draft is handed in.


def _draft_of(request: HttpRequest) -> tuple[dict[str, Any], Any, str]:
    """The draft named by ``?proposal=`` or ``?suggestion=`` (the deputy's own, else 404):
    the service's keyword, the object, the draft's page."""
    from lvzhi.suggestions import selectors as suggestion_selectors

    proposal = int_or_none(request.GET.get("proposal"))
    suggestion = int_or_none(request.GET.get("suggestion"))
    if proposal is not None:
        p = selectors.get_for_user(request.user, proposal)
        return {"proposal": p}, p, reverse("proposals:detail", args=[p.pk])
    if suggestion is not None:
        s = suggestion_selectors.get_for_user(request.user, suggestion)
        return {"suggestion": s}, s, reverse("suggestions:detail", args=[s.pk])
    raise Http404


@login_required
@require_GET
def consultations(request: HttpRequest) -> HttpResponse:
    """R50: the deputy's consultations (of one draft with ``?proposal=`` / ``?suggestion=``)
    and those addressed to the user's department."""
    user = request.user
    sent = selectors.consultations_sent(user)
    draft_label, new_query = "", ""
    for key in ("proposal", "suggestion"):
        value = int_or_none(request.GET.get(key))
        if value is not None:
            _kw, draft, _url = _draft_of(request)
            sent = sent.filter(**{f"{key}_id": value})
            draft_label = getattr(draft, "subject", "") or getattr(draft, "title", "")
            new_query = urlencode({key: value})
            break
    received = selectors.consultations_received(user)
    return render(
        request,
        "proposals/consultations.html",
        {
            "sent": list(sent[:200]),
            "received": list(received[:200]),
            "show_sent": policies.deputy_id(user) is not None,
            "show_received": Role.HANDLING_UNIT in roles_of(user),
            "draft_label": draft_label,
            "new_query": new_query,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_new(request: HttpRequest) -> HttpResponse:
    kw, draft, back = _draft_of(request)
    divisions = [draft.term.congress.division_id]
    return form_page(
        request,
        ConsultationForm(request.POST or None, division_ids=divisions),
        lambda c: services.consultation_request(
            actor=acting_user(request), department=c["department"], question=c["question"], **kw
        ),
        gettext_lazy("The department has been asked."),
        lambda c: reverse("proposals:consultation_detail", args=[c.pk]),
        "proposals/consultation_new.html",
        {
            "action": request.get_full_path(),
            "back": back,
            "draft_subject": getattr(draft, "subject", "") or getattr(draft, "title", ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """R50: the consultation; the department asked answers it here."""
    c = selectors.get_consultation_for_user(request.user, pk)
    can_answer = policies.answers_consultation(request.user, c) and c.answered_at is None
    if request.method == "POST" and not can_answer:
        raise Http404
    return form_page(
        request,
        ConsultationAnswerForm(request.POST or None) if can_answer else None,
        lambda f: services.consultation_answer(
            actor=acting_user(request), consultation=c, answer=f["answer"]
        ),
        gettext_lazy("The answer has been sent to the deputy."),
        lambda _answered: reverse("proposals:consultation_detail", args=[c.pk]),
        "proposals/consultation_detail.html",
        {"c": c, "is_deputy": policies.deputy_id(request.user) == c.deputy_id},
    )
