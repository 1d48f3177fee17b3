"""Thin views: parse, call a service or a selector, render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.activities.common import pages
from lvzhi.core import clock, filejobs
from lvzhi.core.errors import DomainError
from lvzhi.core.http import (
    acting_user,
    csv_response,
    docx_download,
    found,
    int_or_none,
    search_text,
    xlsx_response,
)
from lvzhi.core.objectpages import object_page
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Congress, Membership

from . import certificates as certificate_documents
from . import files, handbook, policies, rules, selectors, services
from .forms import (
    CertificateRequestForm,
    DeclineForm,
    DisciplineForm,
    EntryForm,
    ReturnForm,
    SchemeForm,
)
from .models import CertificateStatus, DutyEntry
from .workflow import ENTRY

PAGE_SIZE = 50


def _year(value: Any) -> int:
    y = int_or_none(value)
    today = clock.today().year
    return y if y is not None and 2000 <= y <= today else today


def _archive_year(year: int) -> int:
    if not 2000 <= year <= clock.today().year:
        raise Http404
    return year


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The deputy's own archives; for staff, the archives of the seats in their scope."""
    own = selectors.own_seats(request.user)
    staff = policies.can_see_lists(request.user)
    if not own and not staff:
        raise Http404
    year = _year(request.GET.get("year"))
    q = search_text(request)
    page = None
    query = ""
    if staff:
        page = Paginator(selectors.seats_for(request.user, year, q=q), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        params = request.GET.copy()
        params.pop("page", None)
        query = params.urlencode()
    return render(
        request,
        "records/index.html",
        {
            "own": own,
            "page": page,
            "query": query,
            "year": year,
            "q": q,
            "years": range(clock.today().year, clock.today().year - 5, -1),
            "pending": selectors.pending_entries(request.user)[:20] if staff else [],
        },
    )


def _seat(request: HttpRequest, pk: int) -> Membership:
    return selectors.get_seat_for_user(request.user, pk)


def _archive_page(
    request: HttpRequest,
    seat: Membership,
    year: int,
    entry_form: EntryForm | None = None,
    discipline_form: DisciplineForm | None = None,
) -> HttpResponse:
    a = selectors.archive(seat, year)
    user = request.user
    for e in a.entries:
        e.steps = ENTRY.open_steps(e)  # type: ignore[attr-defined]
    return render(
        request,
        "records/archive.html",
        {
            "a": a,
            "seat": seat,
            "year": year,
            "own": policies.is_own(user, seat),
            "can_review": policies.can_review(user, seat),
            "can_note": policies.can_note_discipline(user),
            "entry_form": entry_form
            or (EntryForm() if policies.can_add_entry(user, seat) else None),
            "discipline_form": discipline_form
            or (DisciplineForm() if policies.can_note_discipline(user) else None),
            "return_form": ReturnForm(),
            "pdf": handbook.converter() is not None,
            "pdf_params": {"seat": seat.pk, "year": year},
            "due": rules.handbook_due(year),
        },
    )


@login_required
@require_GET
def archive(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    return _archive_page(request, _seat(request, pk), _archive_year(year))


@login_required
@require_POST
def entry_add(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    seat = _seat(request, pk)
    year = _archive_year(year)
    if not policies.can_add_entry(request.user, seat):
        raise Http404
    form = EntryForm(request.POST, request.FILES)
    return pages.form_saved(
        request,
        form,
        lambda u, c: services.entry_add(
            actor=u,
            seat=seat,
            upload=c["evidence"],
            **pages.picked(c, "kind", "on", "title", "description"),
        ),
        _("The entry has been added; your electoral unit will confirm it."),
        lambda e: redirect("records:archive", pk=seat.pk, year=e.on.year),
    ) or _archive_page(request, seat, year, entry_form=form)


def _entry(request: HttpRequest, entry_id: int) -> DutyEntry:
    return found(
        DutyEntry.objects.select_related(*[f"membership__{r}" for r in selectors.SEAT_RELATED])
        .filter(pk=entry_id)
        .first(),
        lambda e: policies.can_view(request.user, e.membership),
    )


def _entry_step(
    request: HttpRequest, entry_id: int, form: Any, step: pages.Save, invalid: str, done: str
) -> HttpResponse:
    """A step on one entry posted from its archive page, which the answer goes back to."""
    e = _entry(request, entry_id)
    return pages.posted_step(
        request,
        form,
        lambda u, c: step(u, {"entry": e, **c}),
        invalid,
        done,
        redirect("records:archive", pk=e.membership_id, year=e.on.year),
    )


def _entry_button(
    step: Callable[..., Any], done: str | Promise
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The POST view of a button on an entry: ``step(actor=…, entry=…)``, then ``done``."""

    def view(request: HttpRequest, entry_id: int) -> HttpResponse:
        return _entry_step(request, entry_id, None, lambda u, c: step(actor=u, **c), "", str(done))

    return login_required(require_POST(view))


entry_confirm = _entry_button(services.entry_confirm, gettext_lazy("The entry has been confirmed."))


@login_required
@require_POST
def entry_return(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _entry_step(
        request,
        entry_id,
        ReturnForm(request.POST),
        lambda u, c: services.entry_return(actor=u, **c),
        _("Say why the entry is returned."),
        _("The entry has been returned to the deputy."),
    )


entry_delete = _entry_button(services.entry_delete, gettext_lazy("The entry has been deleted."))


@login_required
@require_GET
def evidence(request: HttpRequest, entry_id: int) -> HttpResponseBase:
    """Files live outside the web root; whoever may see the archive may download them."""
    e = _entry(request, entry_id)
    from lvzhi.core.privatefiles import download

    try:
        return download(e.evidence, content_type=e.evidence_type, filename=e.evidence_name)
    except FileNotFoundError:
        raise Http404 from None


@login_required
@require_POST
def discipline(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    seat = _seat(request, pk)
    year = _archive_year(year)
    if not policies.can_note_discipline(request.user):
        raise Http404
    form = DisciplineForm(request.POST)
    return pages.form_saved(
        request,
        form,
        lambda u, c: services.discipline_note(actor=u, deputy=seat.deputy, **c),
        _("The note has been recorded."),
        lambda _n: redirect("records:archive", pk=seat.pk, year=form.cleaned_data["on"].year),
    ) or _archive_page(request, seat, year, discipline_form=form)


def _filename(seat: Membership, year: int, ext: str) -> str:
    return f"handbook-{seat.pk}-{year}.{ext}"


@login_required
@require_GET
def handbook_docx(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    seat = _seat(request, pk)
    data = handbook.handbook_docx(selectors.archive(seat, _archive_year(year)))
    return docx_download(data, _filename(seat, year, "docx"))


@login_required
@require_GET
def handbook_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The PDF is made in the background (core.pdf): the archive page asks for it."""
    seat = _seat(request, pk)
    if handbook.converter() is None:
        messages.error(request, _("PDF is not available: no document converter is installed."))
    return redirect("records:archive", pk=seat.pk, year=year)


@login_required
@require_POST
def handbook_submit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    seat = _seat(request, pk)
    year = _archive_year(year)
    try:
        if request.POST.get("action") == "withdraw":
            services.handbook_withdraw(actor=acting_user(request), seat=seat, year=year)
            messages.success(request, _("The submission has been withdrawn."))
        else:
            services.handbook_submit(actor=acting_user(request), seat=seat, year=year)
            messages.success(request, _("The handbook has been submitted."))
    except DomainError as exc:
        messages.error(request, exc.message)
    nxt = request.POST.get("next", "")
    if nxt == "collection":
        return redirect(f"{_url('records:collection')}?year={year}")
    return redirect("records:archive", pk=seat.pk, year=year)


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@login_required
@require_GET
def collection(request: HttpRequest) -> HttpResponseBase:
    """R47 (Art 95): per electoral unit, handbooks expected and submitted, and the missing ones,
    with the deadline."""
    if not policies.can_see_lists(request.user):
        raise Http404
    year = _year(request.GET.get("year"))
    # One congress at a time (a large prefecture office has 33,000 electoral units).
    congress, congresses = _congress(request)
    units = selectors.units_in_scope(request.user)
    status = selectors.handbook_status(year, units, congress_id=congress.pk)
    missing = selectors.missing_handbooks(year, units, congress_id=congress.pk)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        header = [_("Electoral unit"), _("Deputy"), _("Term"), _("Status")]
        rows = [
            [m.electoral_unit.name, m.deputy.name, str(m.term), m.get_status_display()]
            for m in missing
        ]
        name = f"handbooks-missing-{year}.{fmt}"
        if fmt == "csv":
            return csv_response(name, header, rows)
        return xlsx_response(name, header, rows, title=_("Missing handbooks"))
    today = clock.today()
    due = rules.handbook_due(year)
    return render(
        request,
        "records/collection.html",
        {
            "congress": congress,
            "congresses": congresses,
            "year": year,
            "status": status,
            "missing": missing,
            "due": due,
            "days_left": (due - today).days,
            "years": range(today.year, today.year - 5, -1),
        },
    )


def _congress(request: HttpRequest) -> tuple[Congress, list[Congress]]:
    """The congress asked for (else the prefecture's: the smallest division code) and the
    picker's choices (registry_selectors.congress_choices)."""
    congresses = selectors.congresses_for(request.user).order_by("division__code")
    wanted = int_or_none(request.GET.get("congress"))
    chosen = congresses.filter(pk=wanted).first() if wanted is not None else None
    if chosen is None:
        chosen = congresses.first()
    if chosen is None:
        raise Http404
    return chosen, registry_selectors.congress_choices(congresses, chosen)


def _scheme_page(request: HttpRequest, allowed: Callable[[Any], bool]) -> tuple[Any, ...]:
    """The evaluation's pages, for the staff ``allowed`` them: the congress and year asked
    for, the picker's congresses, and the scoring scheme of that year with its values."""
    if not allowed(request.user):
        raise Http404
    congress, congresses = _congress(request)
    year = _year(request.GET.get("year"))
    scheme, values = selectors.scheme_values(congress, year)
    return congress, congresses, year, scheme, values


@login_required
@require_GET
def evaluation_view(request: HttpRequest) -> HttpResponseBase:
    """R48 (Art 94, 95): scores, rankings within each electoral unit, and the two flags."""
    congress, congresses, year, scheme, values = _scheme_page(request, policies.can_see_lists)
    flag = request.GET.get("flag", "")
    if request.GET.get("format") in files.EXPORT_FORMATS and files.is_large(
        request.user, congress, year
    ):
        # issue 22.7: every seat of the prefecture takes seconds — a background file
        job = filejobs.request_file(
            actor=acting_user(request),
            kind=files.EVALUATION_KIND,
            params={"congress": congress.pk, "year": year, "flag": flag, "fmt": "xlsx"},
        )
        return redirect("core:file_job", pk=job.pk)
    rows = selectors.evaluate(congress, year, selectors.units_in_scope(request.user), values)
    rows = files.flagged(rows, flag)
    if request.GET.get("format") in files.EXPORT_FORMATS:
        return xlsx_response(
            f"{files.filename(year)}.xlsx", files.header(), files.lines(rows), _("Evaluation")
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "records/evaluation.html",
        {
            "congress": congress,
            "congresses": congresses,
            "year": year,
            "scheme": scheme,
            "values": values,
            "page": page,
            "query": params.urlencode(),
            "flag": flag,
            "talk_total": sum(1 for r in rows if r.talk),
            "commend_total": sum(1 for r in rows if r.commend),
            "can_configure": policies.can_configure(request.user),
            "years": range(clock.today().year, clock.today().year - 5, -1),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def scheme(request: HttpRequest) -> HttpResponse:
    congress, congresses, year, current, values = _scheme_page(request, policies.can_configure)
    initial: dict[str, Any] = {
        "talk_below": values.talk_below,
        "commend_from": values.commend_from,
        "talk_absences": values.talk_absences,
        **{f"w_{k}": values.weights.get(k, 0) for k in rules.KIND_KEYS},
    }
    form = SchemeForm(pages.posted(request), initial=initial)
    saved = request.method == "POST" and pages.form_saved(
        request,
        form,
        lambda u, c: services.scheme_save(
            actor=u,
            congress=congress,
            year=year,
            weights=form.weights(),
            **pages.picked(c, "talk_below", "commend_from", "talk_absences"),
        ),
        _("The scoring scheme has been saved."),
        lambda _s: redirect(f"{_url('records:evaluation')}?congress={congress.pk}&year={year}"),
    )
    if saved:
        return saved
    return render(
        request,
        "records/scheme.html",
        {
            "form": form,
            "congress": congress,
            "congresses": congresses,
            "year": year,
            "current": current,
        },
    )


# ---- R55 (Art 92): certificates for the deputy's employer ---------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def certificates(request: HttpRequest) -> HttpResponse:
    """The deputy's requests and certificates with the request form (a phone page); for the
    office, the queue of requests and what it issued."""
    user = acting_user(request)
    seats = selectors.own_seats(user)
    office = policies.can_issue_certificates(user)
    if not seats and not office:
        raise Http404
    form = CertificateRequestForm(request.POST or None, seats=seats) if seats else None
    saved = (
        request.method == "POST"
        and form is not None
        and pages.form_saved(
            request,
            form,
            lambda u, c: services.certificate_request(
                actor=u,
                seat=next(s for s in seats if s.pk == c["seat"]),
                **pages.picked(c, "period_start", "period_end", "employer"),
            ),
            _("Your request has been sent to the office."),
            "records:certificate",
        )
    )
    if saved:
        return saved
    rows = selectors.certificates_for(user)
    status = request.GET.get("status", "requested" if office else "")
    if status in CertificateStatus.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "records/certificates.html",
        {
            "form": form,
            "page": page,
            "office": office,
            "status": status,
            "statuses": CertificateStatus.choices,
            "query": f"status={status}",
        },
        status=400 if request.method == "POST" else 200,
    )


def _certificate_page(
    request: HttpRequest, c: Any, decline_form: Any = None, status: int = 200
) -> HttpResponse:
    user = acting_user(request)
    can_decide = c.status == CertificateStatus.REQUESTED and policies.can_issue_for(
        user, c.membership
    )
    preview = (
        selectors.certificate_duties(c.membership, c.period_start, c.period_end)
        if c.status == CertificateStatus.REQUESTED
        else None
    )
    return render(
        request,
        "records/certificate.html",
        {
            "c": c,
            "number": rules.certificate_number(c.year, c.number) if c.number else "",
            "code": rules.certificate_code_shown(c.code) if c.code else "",
            "can_decide": can_decide,
            "decline_form": decline_form or DeclineForm(),
            "preview": preview,
            "pdf": handbook.converter() is not None,
            "pdf_params": {"certificate": c.pk},
            "duties": [
                {"on": dt.date.fromisoformat(d["on"]), "kind": d["kind"], "title": d["title"]}
                for d in c.duties
            ],
        },
        status=status,
    )


certificate = object_page(_certificate_page, selectors.get_certificate_for_user)


@login_required
@require_POST
def certificate_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    c = selectors.get_certificate_for_user(user, pk)
    if request.POST.get("action") == "issue":
        return pages.posted_step(
            request,
            None,
            lambda u, _c: services.certificate_issue(actor=u, certificate=c),
            "",
            _("The certificate has been issued."),
            redirect("records:certificate", pk=c.pk),
        )
    form = DeclineForm(request.POST)
    return pages.form_saved(
        request,
        form,
        lambda u, d: services.certificate_decline(actor=u, certificate=c, reason=d["reason"]),
        _("The certificate will not be issued."),
        lambda _d: redirect("records:certificate", pk=c.pk),
    ) or _certificate_page(request, c, decline_form=form, status=400)


def _issued(request: HttpRequest, pk: int) -> Any:
    c = selectors.get_certificate_for_user(request.user, pk)
    if c.status != CertificateStatus.ISSUED:
        raise Http404
    return c


@login_required
@require_GET
def certificate_docx(request: HttpRequest, pk: int) -> HttpResponse:
    c = _issued(request, pk)
    return docx_download(
        certificate_documents.certificate_docx(c), f"certificate-{c.year}-{c.number}.docx"
    )


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF is made in the background (core.pdf): the certificate page asks for it."""
    c = _issued(request, pk)
    return redirect("records:certificate", pk=c.pk)
