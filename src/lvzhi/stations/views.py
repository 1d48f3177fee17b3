"""Thin views: parse, call a service or a selector, render. The station pages, the opinion
form and the tracking page are public (no account, no JavaScript needed)."""

from __future__ import annotations

import json
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core import challenge, clock, crypto
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import add_refusal
from lvzhi.core.http import acting_user, csv_response, form_page, int_or_none, press, search_text
from lvzhi.core.pagination import page_query
from lvzhi.registry.selectors import division_choices

from . import files, policies, rules, selectors, services, workflow
from .forms import (
    ActivityForm,
    AnswerForm,
    AssignForm,
    EntryForm,
    HandleForm,
    OpinionForm,
    ReceptionForm,
    RedirectForm,
    StandardCheckForm,
    StationForm,
    StationSetupForm,
)
from .models import Opinion, StandardCheck, Station, StationDeputy, Status
from .statistics import chart, opinions_xlsx, xlsx_response

PAGE_SIZE = 30


def _station(pk: int) -> Station:
    return selectors.public_station(pk)


# ---- public ------------------------------------------------------------------------------------


@require_GET
def station_list(request: HttpRequest) -> HttpResponseBase:
    q = search_text(request)
    county = search_text(request, "county", 12)
    counties = [(c, n) for c, n in division_choices() if len(c) == 6]
    qs = selectors.public_stations(q, county if county.isdecimal() else "")
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        return _stations_export(qs, fmt)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "stations/list.html",
        {
            "page": page,
            "query": page_query(request),
            "q": q,
            "county": county,
            "counties": counties,
        },
    )


def _stations_export(qs: Any, fmt: str) -> HttpResponseBase:
    """The public station directory as CSV or xlsx: the columns of the page, and the place."""
    from lvzhi.core.http import xlsx_response as list_xlsx

    header = [
        _("Station"),
        _("Level"),
        _("County or city"),
        _("Address"),
        _("Opening hours"),
    ]

    def rows() -> Any:
        for s in qs.iterator(chunk_size=500):
            division = s.organisation.division
            county = division.parent if division is not None and division.parent else division
            yield [
                s.organisation.name,
                s.get_level_display(),
                county.name if county is not None else "",
                s.address,
                s.opening_hours,
            ]

    if fmt == "xlsx":
        return list_xlsx("代表联络站.xlsx", header, rows(), title=_("Find your liaison station"))
    return csv_response("代表联络站.csv", header, rows())


@require_GET
def station_detail(request: HttpRequest, pk: int) -> HttpResponse:
    station = _station(pk)
    return render(
        request,
        "stations/detail.html",
        {
            "station": station,
            "entries": selectors.entering_deputies(station),
            "receptions": selectors.upcoming_receptions(station),
            "can_manage": policies.can_manage_station(request.user, station),
        },
    )


CHALLENGE = "stations-opinion"


@require_http_methods(["GET", "POST"])
def opinion_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The online twin of the station (R44): a citizen sends an opinion without an account."""
    station = _station(pk)
    initial = {"deputy": int_or_none(request.GET.get("deputy"))}
    form = OpinionForm(
        request.POST if request.method == "POST" else None, station_id=station.pk, initial=initial
    )
    status = 200
    if request.method == "POST":
        if form.is_valid() and not challenge.passed(
            request, CHALLENGE, form.cleaned_data["challenge"]
        ):
            form.add_error(
                "challenge", _("The answer is not right. Please answer the new question.")
            )
        elif form.is_valid():
            c = form.cleaned_data
            if c["website"]:
                form.add_error(None, _("The opinion could not be sent."))
            else:
                try:
                    o = services.opinion_submit(
                        station=station,
                        deputy=c["deputy"],
                        data=services.OpinionData.of(c),
                    )
                except services.RateLimited as exc:
                    form.add_error(None, exc.message)
                    status = 429
                except DomainError as exc:
                    add_refusal(form, exc)
                else:
                    request.session["stations_code"] = o.tracking_code
                    return redirect("stations:sent")
        if status == 200:
            status = 400
    # Every showing of the form asks a new question; the answer typed before is cleared.
    question = challenge.new(request, CHALLENGE)
    form.fields["challenge"].label = question
    # A validated form keeps the bound field it built, with the label of that time: give the
    # new question to it too, or a wrong answer shows "Check question" with no question
    # (issue 22).
    form["challenge"].label = question
    if form.is_bound:
        data = request.POST.copy()
        data["challenge"] = ""
        form.data = data
    return render(
        request, "stations/opinion_form.html", {"station": station, "form": form}, status=status
    )


@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    code = request.session.get("stations_code")
    if not code:
        return redirect("stations:track")
    return render(request, "stations/sent.html", {"code": code})


@require_GET
def track(request: HttpRequest) -> HttpResponse:
    code = search_text(request, "code", 20)
    found = None
    error = ""
    status = 200
    if code:
        if not services.track_allowed():
            error = _("Too many look-ups from your network. Please try again in an hour.")
            status = 429
        else:
            found = selectors.tracked(code)
            if found is None:
                error = _("No opinion has this tracking code. Please check the code.")
                status = 404
    return render(
        request,
        "stations/track.html",
        {
            "code": code,
            "opinion": found[0] if found else None,
            "events": found[1] if found else [],
            "error": error,
        },
        status=status,
    )


# ---- staff and deputies -----------------------------------------------------------------------


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not files.may_see_queue(user):
        raise Http404
    form, filters = files.queue_filters(user, request.GET)
    qs = selectors.queue(user, filters)
    fmt = request.GET.get("format", "")
    if fmt in files.EXPORT_FORMATS:
        if files.is_large(qs):  # issue 22.7: a file made in the background, with progress
            from lvzhi.core import filejobs

            job = filejobs.request_export(
                actor=acting_user(request), kind=files.OPINIONS_KIND, query=request.GET, fmt=fmt
            )
            return redirect("core:file_job", pk=job.pk)
        header = [str(h) for h in files.EXPORT_HEADER]
        if fmt == "csv":
            return csv_response("群众意见.csv", header, files.export_rows(qs))
        return opinions_xlsx(header, files.export_rows(qs))
    page = selectors.queue_page(user, filters, request.GET.get("page"), PAGE_SIZE)
    return render(
        request,
        "stations/queue.html",
        {
            "form": form,
            "page": page,
            "query": page_query(request),
            "today": clock.today(),
            "is_staff": policies.is_station_staff(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def opinion_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    station = _station(pk)
    if not policies.can_manage_station(user, station):
        raise Http404
    form = OpinionForm(request.POST if request.method == "POST" else None, station_id=station.pk)
    # The check question and the robot trap guard the public form; signed-in staff skip them.
    del form.fields["challenge"], form.fields["website"]
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            o = services.opinion_record(
                actor=user,
                station=station,
                deputy=c["deputy"],
                data=services.OpinionData.of(c),
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(
                request,
                _("Recorded. Give the citizen the tracking code %(code)s.")
                % {"code": o.tracking_code},
            )
            return redirect("stations:opinion", pk=o.pk)
    return form_page(
        request, "stations/opinion_form.html", {"station": station, "form": form, "on_site": True}
    )


def _assign_form(o: Opinion) -> django_forms.Form:
    initial = {"deputies": [o.addressed_to_id]} if o.addressed_to_id else {}
    return AssignForm(station_id=o.station_id, initial=initial)


# The form each step of the opinion's workflow (workflow.OPINION) shows, by step name.
STEP_FORMS: dict[str, Any] = {
    "assign": _assign_form,
    "redirect": lambda o: RedirectForm(),
    "handle": lambda o: HandleForm(),
    "answer": lambda o: AnswerForm(),
}


def _action_forms(steps: list[str], o: Opinion) -> dict[str, django_forms.Form]:
    return {step: STEP_FORMS[step](o) for step in steps if step in STEP_FORMS}


def _detail(
    request: HttpRequest,
    o: Opinion,
    forms: dict[str, django_forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    steps = workflow.OPINION.allowed(request.user, o)
    all_forms = _action_forms(steps, o)
    all_forms.update(forms or {})
    return render(
        request,
        "stations/opinion_detail.html",
        {
            "o": o,
            "forms": all_forms,
            "contact": _revealed_contact(request, o.pk),
            "can_close": "close" in steps,
            "can_suggest": "to_suggestion" in steps,
            "today": clock.today(),
        },
        status=status,
    )


@login_required
@require_GET
def opinion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.get_opinion_for_user(request.user, pk))


@login_required
@require_POST
def opinion_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full name and phone once (audited); the next page view masks them again."""
    user = acting_user(request)
    o = selectors.get_opinion_for_user(user, pk)
    name, phone = services.opinion_contact_reveal(actor=user, opinion=o)
    # Issue 18.9: the session table never holds the contact in clear, only encrypted with the
    # field key until the next page view takes it out.
    request.session[f"stations_contact_{o.pk}"] = crypto.encrypt(
        json.dumps({"name": name, "phone": phone})
    )
    return redirect("stations:opinion", pk=o.pk)


def _revealed_contact(request: HttpRequest, pk: int) -> dict[str, str] | None:
    token = request.session.pop(f"stations_contact_{pk}", None)
    if not isinstance(token, str):
        return None
    shown = json.loads(crypto.decrypt(token) or "null")
    return shown if isinstance(shown, dict) else None


def _act(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    user = acting_user(request)
    o = selectors.get_opinion_for_user(user, pk)
    form: django_forms.Form
    try:
        if key == "assign":
            form = AssignForm(request.POST, station_id=o.station_id)
            if form.is_valid():
                services.opinion_assign(
                    actor=user,
                    opinion=o,
                    deputies=list(form.cleaned_data["deputies"]),
                    matter_level=form.cleaned_data["matter_level"],
                )
        elif key == "redirect":
            form = RedirectForm(request.POST)
            if form.is_valid():
                services.opinion_redirect(
                    actor=user, opinion=o, explanation=form.cleaned_data["note"]
                )
        elif key == "handle":
            form = HandleForm(request.POST)
            if form.is_valid():
                c = form.cleaned_data
                services.opinion_handle(
                    actor=user,
                    opinion=o,
                    outcome=c["outcome"],
                    note=c["note"],
                    transferred_to=c["transferred_to"],
                )
        elif key == "answer":
            form = AnswerForm(request.POST)
            if form.is_valid():
                services.opinion_answer(
                    actor=user, opinion=o, feedback=form.cleaned_data["feedback"]
                )
        else:  # pragma: no cover - urls name the keys
            raise Http404
    except DomainError as exc:
        add_refusal(form, exc)
    if form.errors:
        return _detail(request, o, {key: form}, status=400)
    messages.success(request, _("Saved."))
    return redirect("stations:opinion", pk=o.pk)


@login_required
@require_POST
def opinion_assign(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "assign")


@login_required
@require_POST
def opinion_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "redirect")


@login_required
@require_POST
def opinion_handle(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "handle")


@login_required
@require_POST
def opinion_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "answer")


@login_required
@require_POST
def opinion_suggest(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    o = selectors.get_opinion_for_user(user, pk)
    try:
        s = services.opinion_to_suggestion(actor=user, opinion=o)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("stations:opinion", pk=o.pk)
    messages.success(
        request, _("A draft suggestion was made from the opinion; edit and submit it.")
    )
    return redirect("suggestions:detail", pk=s.pk)


@login_required
@require_POST
def opinion_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    o = selectors.get_opinion_for_user(user, pk)
    press(request, _("The opinion is closed."), services.opinion_close, actor=user, opinion=o)
    return redirect("stations:opinion", pk=o.pk)


# ---- managing a station -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    station = _station(pk)
    if not policies.can_manage_station(user, station):
        raise Http404
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "")
    forms: dict[str, django_forms.Form] = {
        "profile": StationForm(
            post if action == "profile" else None,
            initial={
                "address": station.address,
                "opening_hours": station.opening_hours,
                "public_phone": station.public_phone,
            },
        ),
        "entry": EntryForm(
            post if action == "entry" else None,
            candidates=selectors.entry_candidates(station),
        ),
        "reception": ReceptionForm(post if action == "reception" else None, station_id=station.pk),
        "standard": StandardCheckForm(
            post if action == "standard" else None,
            request.FILES if action == "standard" else None,
        ),
        "activity": ActivityForm(post if action == "activity" else None, station_id=station.pk),
    }
    if post is not None:
        if action == "remove":
            entry_id = int_or_none(request.POST.get("entry"))
            entry = (
                StationDeputy.objects.filter(station=station, pk=entry_id).first()
                if entry_id is not None
                else None
            )
            if entry is None:
                raise Http404
            services.station_deputy_remove(actor=user, entry=entry)
            messages.success(request, _("Saved."))
            return redirect("stations:manage", pk=station.pk)
        form = forms.get(action)
        if form is None:
            raise Http404
        if form.is_valid():
            c = form.cleaned_data
            try:
                if action == "profile":
                    services.station_update(
                        actor=user,
                        station=station,
                        data=services.StationData(**c),
                    )
                elif action == "entry":
                    services.station_deputy_add(actor=user, station=station, deputy=c["deputy"])
                elif action == "standard":
                    services.standard_check_record(actor=user, station=station, **c)
                elif action == "activity":
                    services.activity_record(
                        actor=user, station=station, **{**c, "deputies": list(c["deputies"])}
                    )
                else:
                    services.reception_day_schedule(
                        actor=user, station=station, **{**c, "deputies": list(c["deputies"])}
                    )
            except DomainError as exc:
                add_refusal(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("stations:manage", pk=station.pk)
    return render(
        request,
        "stations/manage.html",
        {
            "station": station,
            "forms": forms,
            "entries": selectors.entering_deputies(station),
            "receptions": selectors.upcoming_receptions(station, days=365),
            "checklist": selectors.checklist(station),
            "ledger": selectors.ledger(station),
        },
        status=400 if any(f.errors for f in forms.values()) else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """R40: the office gives a station organisation of the tree its public profile."""
    user = acting_user(request)
    if not policies.can_set_up_stations(user):
        raise Http404
    candidates = selectors.stations_without_profile()
    form = StationSetupForm(
        request.POST if request.method == "POST" else None, candidates=candidates
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            station = services.station_create(
                actor=user,
                organisation=c["organisation"],
                data=services.StationData(
                    address=c["address"],
                    opening_hours=c["opening_hours"],
                    public_phone=c["public_phone"],
                ),
            )
        except DomainError as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("stations:detail", pk=station.pk)
    return form_page(
        request, "stations/setup.html", {"form": form, "missing": list(candidates[:200])}
    )


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    if not policies.can_see_statistics(request.user):
        raise Http404
    year = _year(request)
    group = request.GET.get("group", "station")
    group = group if group in selectors.STAT_GROUPS else "station"
    rows = selectors.statistics(request.user, year, group)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(rows, year)
    groups = [
        ("station", _("Station")),
        ("category", _("Category")),
        ("level", _("Level of the matter")),
    ]
    return render(
        request,
        "stations/statistics.html",
        {
            "rows": rows,
            "year": year,
            "group": group,
            "groups": groups,
            "statuses": Status.choices,
            **chart(rows),
        },
    )


def _year(request: HttpRequest) -> int:
    text = search_text(request, "year", 4)
    year = int(text) if text.isdecimal() and 2000 <= int(text) <= 2100 else None
    return year or clock.today().year


@login_required
@require_GET
def standard(request: HttpRequest) -> HttpResponse:
    """R41: the 十有 scores by county with the gaps, and the leading-post deputies who have not
    yet held a station activity this year."""
    if not policies.can_see_statistics(request.user):
        raise Http404
    year = _year(request)
    oversight = policies.can_check_leaders(request.user)
    leaders = selectors.leaders_without_activity(year) if oversight else None
    total, active = selectors.leaders_count(year) if oversight else (0, 0)
    return render(
        request,
        "stations/standard.html",
        {
            "groups": selectors.standard_overview(request.user),
            "year": year,
            "oversight": oversight,
            "leaders": list(leaders[:300]) if leaders is not None else [],
            "leaders_total": total,
            "leaders_active": active,
            "required": rules.LEADER_ACTIVITIES_PER_YEAR,
            "can_setup": policies.can_set_up_stations(request.user),
        },
    )


@login_required
@require_GET
def standard_file(request: HttpRequest, pk: int, item: str) -> HttpResponseBase:
    station = _station(pk)
    if not (
        policies.can_manage_station(request.user, station)
        or policies.can_check_leaders(request.user)
    ):
        raise Http404
    check = StandardCheck.objects.filter(station=station, item=item).first()
    if check is None or not check.evidence_file:
        raise Http404
    from lvzhi.core.privatefiles import download

    return download(
        check.evidence_file,
        content_type=check.evidence_type or "application/octet-stream",
        filename=(check.evidence_file.name or "evidence").rsplit("/", 1)[-1],
    )


QR_FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


@require_GET
def qr_code(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The printable QR code of a station (站点码) or, with ``?deputy=``, of a deputy entering
    it (代表码): on a phone it opens the form to send an opinion there (Art 85)."""
    import io

    import segno

    station = _station(pk)
    if fmt not in QR_FORMATS:
        raise Http404
    url = reverse("stations:opinion_new", args=[station.pk])
    deputy_id = int_or_none(request.GET.get("deputy"))
    name = f"station-{station.pk}"
    if deputy_id is not None:
        if not any(e.deputy_id == deputy_id for e in selectors.entering_deputies(station)):
            raise Http404
        url += f"?deputy={deputy_id}"
        name += f"-deputy-{deputy_id}"
    out = io.BytesIO()
    code = segno.make(request.build_absolute_uri(url), error="m")
    if fmt == "svg":
        code.save(out, kind="svg", scale=8, border=2, title=station.organisation.name)
    else:
        code.save(out, kind="png", scale=10, border=2)
    response = HttpResponse(out.getvalue(), content_type=QR_FORMATS[fmt])
    response["Content-Disposition"] = f'inline; filename="{name}.{fmt}"'
    return response
