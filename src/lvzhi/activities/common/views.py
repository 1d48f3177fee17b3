"""common: views."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from lvzhi.core import clock
from lvzhi.core.http import found, int_or_none, search_text
from lvzhi.core.pagination import paged
from lvzhi.registry.models import Term

from .. import policies, selectors
from . import selectors as common_selectors
from .forms import DecideForm, DeputyChoiceForm, ReportForm
from .pages import Save, action_view, detail_views, form_page, picked, posted, row_step_view

PAGE_SIZE = 30

View = Callable[[HttpRequest, int], HttpResponse]


def page_of(request: HttpRequest, qs: Any) -> tuple[Any, str]:
    return paged(request, qs, PAGE_SIZE)


def listed(request: HttpRequest, qs: Any, q: str, **extra: Any) -> dict[str, Any]:
    """The context of a searched list page: its page of ``qs``, the query string without the
    page number, the search text and ``extra``."""
    page, query = page_of(request, qs)
    return {"page": page, "query": query, "q": q, **extra}


def require_bodies_or_deputy(request: HttpRequest, bodies: list[Any]) -> None:
    """The list pages of organised activities are for their organisers and for deputies."""
    if not bodies and policies.deputy_id(request.user) is None:
        raise Http404


def organised_list(
    request: HttpRequest,
    bodies: list[tuple[int, str]],
    form: Callable[[], Any],
    save: Save,
    done: str,
    to: str | Callable[[Any], HttpResponse],
    template: str,
    items: Callable[[Any, str], Any],
    extra: Callable[[Any], dict[str, Any]] = lambda _items: {},
) -> HttpResponse:
    """The list page of an organised activity (inspections, supervision, research,
    legislative projects), for the organisers among the user's ``bodies`` and for deputies:
    the searched page of ``items(user, q)`` with ``extra(<those items>)``, and for the
    organisers the ``form()`` that plans a new one (:func:`form_page` with ``save``)."""
    q = search_text(request)
    require_bodies_or_deputy(request, bodies)

    def context() -> dict[str, Any]:
        rows = items(request.user, q)
        return listed(request, rows, q, **extra(rows))

    return form_page(request, form(), save, done, to, template, context, may_save=bool(bodies))


def organised_list_view(
    bodies: Callable[[Any], list[tuple[int, str]]],
    form: Callable[[Any, list[tuple[int, str]]], Any],
    save: Save,
    done: str | Promise,
    to: str,
    template: str,
    items: Callable[[Any, str], Any],
    extra: Callable[[Any], dict[str, Any]] = lambda _items: {},
) -> Callable[[HttpRequest], HttpResponse]:
    """The view of an :func:`organised_list` page whose organisers are ``bodies(user)`` and
    whose form is ``form(<the posted data or None>, <those bodies>)``. ``done`` may be lazy: it
    is translated for each request."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest) -> HttpResponse:
        mine = bodies(request.user)
        return organised_list(
            request,
            mine,
            lambda: form(posted(request), mine),
            save,
            str(done),
            to,
            template,
            items,
            extra,
        )

    return view


def year_param(request: HttpRequest) -> int:
    y = int_or_none(request.GET.get("year"))
    today = clock.today().year
    return y if y is not None and 2000 <= y <= today + 1 else today


def invite_form(obj: Any, data: Any = None, taken: Iterable[int] = ()) -> DeputyChoiceForm:
    """The form of :func:`invite_view` on the page of ``obj`` (an inspection, a supervision
    activity, a research): deputies of its term, without those already ``taken``."""
    return DeputyChoiceForm(data, term_id=obj.term_id, exclude=taken, prefix="invite")


def invite_view(
    load: Callable[[HttpRequest, int], Any],
    action: Callable[..., HttpResponse],
    invite: Callable[..., Any],
    kind: str,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The POST view that invites deputies of the term (chosen with the person picker) to an
    inspection, a supervision activity or a research: ``invite(actor=…, <kind>=…, deputy=…)``
    for each, all or none."""

    def invite_all(u: Any, o: Any, c: dict[str, Any]) -> None:
        with transaction.atomic():
            for deputy in c["deputy"]:
                invite(actor=u, deputy=deputy, **{kind: o})

    return action_view(
        action,
        "invite",
        lambda r, pk: invite_form(load(r, pk), r.POST),
        invite_all,
        _lazy("The deputy has been invited."),
    )


def opinion_form(form: Callable[..., Any], taking_part: Iterable[Any], staff: bool, me: Any) -> Any:
    """The blank form of :func:`opinion_view` on an activity's page: the staff record an
    opinion for any deputy ``taking_part`` (rows with a deputy), a deputy (``me``) for
    themself."""
    deputies = [(p.deputy_id, p.deputy.name) for p in taking_part if staff or p.deputy_id == me]
    return form(deputies=deputies, prefix="opinion")


def opinion_view(
    load: Callable[[HttpRequest, int], Any],
    action: Callable[..., HttpResponse],
    form: Callable[..., Any],
    choices: Callable[[Any], list[tuple[int, str]]],
    add: Callable[..., Any],
    kind: str,
    fields: tuple[str, ...],
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The POST view that records a deputy's opinion on an inspection or a supervision
    activity: the ``form`` (a :class:`DeputyOpinionForm`) for one of ``choices(<the
    activity>)``, then ``add(actor=…, <kind>=…, deputy=…, <the form's other fields>)``."""
    return action_view(
        action,
        "opinion",
        lambda r, pk: form(r.POST, deputies=choices(load(r, pk)), prefix="opinion"),
        lambda u, o, c: add(
            actor=u,
            deputy=common_selectors.deputy(c["deputy"]),
            **{kind: o},
            **picked(c, *fields),
        ),
        _lazy("The opinion has been recorded."),
    )


def report_view(
    action: Callable[..., HttpResponse], report: Callable[..., Any], kind: str
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The POST view that saves the report of an inspection, a supervision activity, a
    research or a deputy group's activity: ``report(actor=…, <kind>=…, report=…)``."""
    return action_view(
        action,
        "report",
        lambda r, _pk: ReportForm(r.POST),
        lambda u, o, c: report(actor=u, report=c["report"], **{kind: o}),
        _lazy("The report has been saved."),
    )


def organised_views(
    load: Callable[[HttpRequest, int], Any],
    page: Callable[..., HttpResponse],
    kind: str,
    invite: Callable[..., Any],
    report: Callable[..., Any],
) -> tuple[View, Callable[..., HttpResponse], View, View]:
    """The detail page (``activities:<kind>``) of an activity that deputies are invited to
    and that ends in a report (an inspection, a supervision activity, a research): its view
    and the runner of its forms (:func:`pages.detail_views`), then the views that ``invite``
    deputies and save the ``report``."""
    view, action = detail_views(load, page, f"activities:{kind}")
    return view, action, invite_view(load, action, invite, kind), report_view(action, report, kind)


def prefecture_term() -> Term:
    return found(common_selectors.prefecture_term())


deputy_choices = common_selectors.deputy_choices
granted_bodies = common_selectors.granted_bodies
BODY_KINDS = common_selectors.BODY_KINDS
ORGANISER_KINDS = common_selectors.ORGANISER_KINDS


# ---- a deputy's participations -------------------------------------------------------------


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    d = policies.deputy_id(request.user)
    if d is None:
        raise Http404
    year = year_param(request)
    return render(
        request,
        "activities/mine.html",
        {
            "year": year,
            "items": selectors.participations_of(d, year),
            "years": range(clock.today().year, 2021, -1),
        },
    )


def organisers_of(user: Any) -> list[tuple[int, str]]:
    return granted_bodies(user, policies.INSPECTION_ROLES, ORGANISER_KINDS)


def committees_of(user: Any, roles: frozenset[str]) -> list[tuple[int, str]]:
    return granted_bodies(user, roles, BODY_KINDS)


def attach_decide_form(staff: bool, tag: str, row: Any) -> None:
    """Each pending comment or opinion gets its own decision form (distinct field ids)."""
    row.decide_form = (
        DecideForm(prefix=f"{tag}{row.pk}") if staff and row.decision == "pending" else None
    )


def decide_view(
    load: Callable[[HttpRequest, int], Any],
    row: Callable[[Any, int], Any],
    tag: str,
    decide: Callable[..., Any],
    kind: str,
    back: str,
) -> Callable[..., HttpResponse]:
    """The POST view of the decision on a pending comment or opinion (the form that
    :func:`attach_decide_form` gave it with the same ``tag``): ``decide(actor=…, <kind>=<the
    row>, decision=…, reason=…)``, then back to the detail page named ``back``."""
    return row_step_view(
        load,
        row,
        lambda r, obj: DecideForm(r.POST, prefix=f"{tag}{obj.pk}"),
        lambda u, obj, c: decide(actor=u, **{kind: obj}, **c),
        _lazy("Choose the decision and give the reason."),
        _lazy("The adoption has been recorded."),
        back,
    )
