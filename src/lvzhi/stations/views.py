"""Thin views: parse, call a service or a selector, render. The station pages, the opinion
form and the tracking page are public (no account, no JavaScript needed)."""

from __future__ import annotations

import json
from collections.abc import Callable
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
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lvzhi.core import challenge, clock, crypto, pages
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import add_refusal, picked, posted
from lvzhi.core.http import (
    acting_user,
    csv_response,
    form_page,
    found,
    int_or_none,
    query_choice,
    search_text,
    submit,
)
from lvzhi.core.objectpages import object_page
from lvzhi.core.pagination import page_query
from lvzhi.registry.picker_views import search_endpoint
from lvzhi.registry.selectors import division_choices

from . import files, pickers, policies, rules, selectors, services, tables, workflow
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
    form = OpinionForm(posted(request), station_id=station.pk, initial=initial)
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
            "table": tables.queue(clock.today()),
            "query": page_query(request),
            "is_staff": policies.is_station_staff(user),
        },
    )


def _stations(request: HttpRequest, q: str) -> list[Any]:
    return pickers.search_stations(selectors.pickable_stations(request.user), q)


# The search of the opinion list's station picker (``lvzhi/picker.js``): the user's own
# stations only; not there for whoever does not see the list.
pick_stations = search_endpoint(_stations, files.may_see_queue, hidden=True)


def _managed_station(user: Any, pk: int) -> Station:
    """The station the user manages: not there for anyone else."""
    return found(_station(pk), lambda station: policies.can_manage_station(user, station))


@login_required
@require_http_methods(["GET", "POST"])
def opinion_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    station = _managed_station(user, pk)
    form = OpinionForm(posted(request), station_id=station.pk)
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


opinion_detail = object_page(_detail, selectors.get_opinion_for_user)


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


_SAVED = gettext_lazy("Saved.")
_opinion_pages = pages.DetailPages.of(
    selectors.get_opinion_for_user, _detail, "stations:opinion", "opinion"
)
opinion_assign = _opinion_pages.view(
    "assign",
    AssignForm,
    lambda u, o, c: services.opinion_assign(
        actor=u, opinion=o, deputies=list(c["deputies"]), matter_level=c["matter_level"]
    ),
    _SAVED,
    form_kwargs=lambda o: {"station_id": o.station_id},
)
opinion_redirect = _opinion_pages.view(
    "redirect",
    RedirectForm,
    lambda u, o, c: services.opinion_redirect(actor=u, opinion=o, explanation=c["note"]),
    _SAVED,
)
opinion_handle = _opinion_pages.step("handle", HandleForm, services.opinion_handle, _SAVED)
opinion_answer = _opinion_pages.step("answer", AnswerForm, services.opinion_answer, _SAVED)


@login_required
@require_POST
def opinion_suggest(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    o = selectors.get_opinion_for_user(user, pk)
    return pages.run_and_return(
        request,
        lambda: services.opinion_to_suggestion(actor=user, opinion=o),
        _("A draft suggestion was made from the opinion; edit and submit it."),
        reverse("stations:opinion", args=[o.pk]),
        lambda s: reverse("suggestions:detail", args=[s.pk]),
    )


opinion_close = _opinion_pages.button(
    services.opinion_close, gettext_lazy("The opinion is closed.")
)


# ---- managing a station -----------------------------------------------------------------------


# What each form of the station's management page saves, by its action:
# ``save(user, station, cleaned_data)``.
MANAGE_SAVES: dict[str, Callable[[Any, Station, dict[str, Any]], object]] = {
    "profile": lambda u, station, c: services.station_update(
        actor=u, station=station, data=services.StationData(**c)
    ),
    "entry": lambda u, station, c: services.station_deputy_add(
        actor=u, station=station, deputy=c["deputy"]
    ),
    "reception": lambda u, station, c: services.reception_day_schedule(
        actor=u, station=station, **{**c, "deputies": list(c["deputies"])}
    ),
    "standard": lambda u, station, c: services.standard_check_record(actor=u, station=station, **c),
    "activity": lambda u, station, c: services.activity_record(
        actor=u, station=station, **{**c, "deputies": list(c["deputies"])}
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    station = _managed_station(user, pk)
    post = posted(request)
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
            entry = found(
                StationDeputy.objects.filter(station=station, pk=entry_id).first()
                if entry_id is not None
                else None
            )
            services.station_deputy_remove(actor=user, entry=entry)
            messages.success(request, _("Saved."))
            return redirect("stations:manage", pk=station.pk)
        form = found(forms.get(action))
        if form.is_valid() and submit(
            request, form, _SAVED, MANAGE_SAVES[action], user, station, form.cleaned_data
        ):
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
    return pages.form_page(
        request,
        StationSetupForm(posted(request), candidates=candidates),
        lambda c: services.station_create(
            actor=user,
            organisation=c["organisation"],
            data=services.StationData(**picked(c, "address", "opening_hours", "public_phone")),
        ),
        _SAVED,
        lambda station: reverse("stations:detail", args=[station.pk]),
        "stations/setup.html",
        {"missing": list(candidates[:200])},
    )


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    if not policies.can_see_statistics(request.user):
        raise Http404
    year = _year(request)
    group = query_choice(request, "group", selectors.STAT_GROUPS, "station")
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
    check = found(
        StandardCheck.objects.filter(station=station, item=item).first(),
        lambda check: bool(check.evidence_file),
    )
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
