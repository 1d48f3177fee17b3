"""common: views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lvzhi.core import clock
from lvzhi.core.errors import DomainError
from lvzhi.core.forms import add_refusal
from lvzhi.core.http import acting_user, int_or_none
from lvzhi.core.models import User
from lvzhi.registry.models import (
    Term,
)

from .. import policies, selectors
from . import selectors as common_selectors
from .forms import DecideForm, DeputyChoiceForm, ReportForm

PAGE_SIZE = 30

T = TypeVar("T")

Save = Callable[[User, dict[str, Any]], Any]


def page_of(request: HttpRequest, qs: Any) -> tuple[Any, str]:
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def listed(request: HttpRequest, qs: Any, q: str, **extra: Any) -> dict[str, Any]:
    """The context of a searched list page: its page of ``qs``, the query string without the
    page number, the search text and ``extra``."""
    page, query = page_of(request, qs)
    return {"page": page, "query": query, "q": q, **extra}


def posted(request: HttpRequest) -> Any:
    """The data a page's form is bound to: what was posted, or nothing on a GET."""
    return request.POST if request.method == "POST" else None


def picked(c: dict[str, Any], *names: str) -> dict[str, Any]:
    """The named fields of a form's cleaned data, for the service arguments of the same name."""
    return {n: c[n] for n in names}


def found(obj: T | None) -> T:
    """The object a selector looked up, or 404 when there is none (in the viewer's scope)."""
    if obj is None:
        raise Http404
    return obj


def loader(
    get: Callable[[int], T | None], may_view: Callable[[Any, T], bool]
) -> Callable[[HttpRequest, int], T]:
    """``load(request, pk)``: the object ``get(pk)`` if the user ``may_view`` it, else 404."""

    def load(request: HttpRequest, pk: int) -> T:
        obj = get(pk)
        if obj is None or not may_view(request.user, obj):
            raise Http404
        return obj

    return load


def detail_view(
    load: Callable[[HttpRequest, int], Any], page: Callable[[HttpRequest, Any], HttpResponse]
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The GET view of an object's detail page: ``page(request, load(request, pk))``, named
    as the page's module would name it (``_inspection_page`` → ``inspection``)."""

    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return page(request, load(request, pk))

    view.__name__ = view.__qualname__ = page.__name__.strip("_").removesuffix("_page")
    view.__module__ = page.__module__
    return login_required(require_GET(view))


def form_saved(
    request: HttpRequest,
    form: Any,
    save: Save,
    done: str,
    to: str | Callable[[Any], HttpResponse],
) -> HttpResponse | None:
    """Run ``save(actor, cleaned_data)`` when the bound ``form`` is valid: on success the
    ``done`` message and a redirect (``to`` names the page of the object ``save`` returned,
    or answers for it). An invalid form or a refusal (its reason next to the form) gives
    None: the caller draws its page again with the form."""
    if not form.is_valid():
        return None
    try:
        obj = save(acting_user(request), form.cleaned_data)
    except DomainError as exc:
        add_refusal(form, exc)
        return None
    messages.success(request, done)
    return to(obj) if callable(to) else redirect(to, pk=obj.pk)


def form_page(
    request: HttpRequest,
    form: Any,
    save: Save,
    done: str,
    to: str | Callable[[Any], HttpResponse],
    template: str,
    context: Callable[[], dict[str, Any]],
    may_save: bool = True,
) -> HttpResponse:
    """A page with a form that creates or changes something: a POST the user ``may_save``
    runs :func:`form_saved`; otherwise (or when it did not succeed) the page from
    ``template`` and ``context()`` with the form (None when the user may not save), answered
    400 when the form has errors."""
    if request.method == "POST" and may_save:
        response = form_saved(request, form, save, done, to)
        if response is not None:
            return response
    return render(
        request,
        template,
        {**context(), "form": form if may_save else None},
        status=400 if form.errors else 200,
    )


def posted_step(
    request: HttpRequest,
    form: Any,
    step: Save,
    invalid: str,
    done: str,
    back: HttpResponse,
) -> HttpResponse:
    """A POST from a button or a small form next to a row of a detail page: an invalid form
    says ``invalid``; otherwise ``step(actor, cleaned_data)`` and its ``done`` message, or
    the refusal as a message. The answer is ``back`` (a redirect to the page) every time."""
    if form is not None and not form.is_valid():
        messages.error(request, invalid)
        return back
    try:
        step(acting_user(request), form.cleaned_data if form is not None else {})
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return back


def to_page_warned(request: HttpRequest, name: str) -> Callable[[Any], HttpResponse]:
    """After a plan was saved: its warnings as messages, then its page (``name``)."""

    def to(obj: Any) -> HttpResponse:
        for w in obj.warnings:
            messages.warning(request, w)
        return redirect(name, pk=obj.pk)

    return to


def require_bodies_or_deputy(request: HttpRequest, bodies: list[Any]) -> None:
    """The list pages of organised activities are for their organisers and for deputies."""
    if not bodies and policies.deputy_id(request.user) is None:
        raise Http404


def year_param(request: HttpRequest) -> int:
    y = int_or_none(request.GET.get("year"))
    today = clock.today().year
    return y if y is not None and 2000 <= y <= today + 1 else today


def invite_view(
    load: Callable[[HttpRequest, int], Any],
    action: Callable[..., HttpResponse],
    invite: Callable[..., Any],
    kind: str,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The POST view that invites deputies of the term (chosen with the person picker) to an
    inspection, a supervision activity or a research: ``invite(actor=…, <kind>=…, deputy=…)``
    for each, all or none."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        obj = load(request, pk)
        form = DeputyChoiceForm(request.POST, term_id=obj.term_id, prefix="invite")

        def invite_all(u: Any, o: Any, c: dict[str, Any]) -> None:
            with transaction.atomic():
                for deputy in c["deputy"]:
                    invite(actor=u, deputy=deputy, **{kind: o})

        return action(request, pk, "invite", form, invite_all, _("The deputy has been invited."))

    view.__name__ = view.__qualname__ = f"{kind}_invite"
    return view


def report_view(
    action: Callable[..., HttpResponse], report: Callable[..., Any], kind: str
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The POST view that saves the report of an inspection, a supervision activity or a
    research: ``report(actor=…, <kind>=…, report=…)``."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return action(
            request,
            pk,
            "report",
            ReportForm(request.POST),
            lambda u, o, c: report(actor=u, report=c["report"], **{kind: o}),
            _("The report has been saved."),
        )

    view.__name__ = view.__qualname__ = f"{kind}_report"
    return view


def prefecture_term() -> Term:
    term = common_selectors.prefecture_term()
    if term is None:
        raise Http404
    return term


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
