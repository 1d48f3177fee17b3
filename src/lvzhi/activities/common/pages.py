"""Page helpers shared by the activities' subdomains (and the records pages): the shapes of
a thin view written once — load an object or 404, draw its detail page, a page whose form
creates something, a form posted from a detail page, a small step posted from a row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.functional import Promise
from django.views.decorators.http import require_POST

from lvzhi.core.errors import DomainError
from lvzhi.core.forms import add_refusal

# Written once in core for every app's views; the activities' views call them pages.picked
# and pages.posted (and the 404 of a look-up, pages.found).
from lvzhi.core.forms import picked as picked
from lvzhi.core.forms import posted as posted
from lvzhi.core.http import DetailAction, acting_user
from lvzhi.core.http import found as found
from lvzhi.core.models import User
from lvzhi.core.objectpages import object_view

T = TypeVar("T")

Save = Callable[[User, dict[str, Any]], Any]
"""``save(actor, cleaned_data)``: the service call a posted form stands for."""


def loader(
    get: Callable[[int], T | None], may_view: Callable[[Any, T], bool]
) -> Callable[[HttpRequest, int], T]:
    """``load(request, pk)``: the object ``get(pk)`` if the user ``may_view`` it, else 404."""

    def load(request: HttpRequest, pk: int) -> T:
        return found(get(pk), lambda obj: may_view(request.user, obj))

    return load


def detail_view(
    load: Callable[[HttpRequest, int], Any], page: Callable[[HttpRequest, Any], HttpResponse]
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The GET view of an object's detail page: ``page(request, load(request, pk))``
    (``core.objectpages.object_view``)."""
    return object_view(page, load)


def detail_views(
    load: Callable[[HttpRequest, int], Any], page: Callable[..., HttpResponse], name: str
) -> tuple[Callable[[HttpRequest, int], HttpResponse], Callable[..., HttpResponse]]:
    """An object's detail page and the forms posted from it: the GET view
    (:func:`detail_view`) and the ``run`` of the :class:`lvzhi.core.http.DetailAction` that
    its :func:`action_view` s call, which draws ``page`` again or redirects to the route
    ``name``."""
    return detail_view(load, page), DetailAction(load, page, name).run


def action_view(
    run: Callable[..., HttpResponse],
    name: str,
    form: Callable[[HttpRequest, int], Any] | None,
    call: Callable[[User, Any, dict[str, Any]], Any],
    done: str | Promise,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The POST view of one state change on an object's detail page: the bound form
    ``form(request, pk)`` (none for a plain button) known there as ``name``, then
    ``run(request, pk, name, form, call, done)`` — a :class:`lvzhi.core.http.DetailAction`'s
    ``run``. ``done`` may be lazy: it is translated for each request."""

    def view(request: HttpRequest, pk: int) -> HttpResponse:
        bound = form(request, pk) if form is not None else None
        return run(request, pk, name, bound, call, str(done))

    return login_required(require_POST(view))


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
    ``template`` and ``context()`` with the form (None when the user may not save: the form
    may then be None too), answered 400 when the form has errors."""
    if request.method == "POST" and may_save:
        response = form_saved(request, form, save, done, to)
        if response is not None:
            return response
    return render(
        request,
        template,
        {**context(), "form": form if may_save else None},
        status=400 if form is not None and form.errors else 200,
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


def row_step_view(
    load: Callable[[HttpRequest, int], Any],
    row: Callable[[Any, int], Any],
    form: Callable[[HttpRequest, Any], Any],
    step: Callable[[User, Any, dict[str, Any]], Any],
    invalid: str | Promise,
    done: str | Promise,
    back: str,
) -> Callable[..., HttpResponse]:
    """The POST view of a small step on one row of an object's detail page (an opinion, a
    comment, a forward): the row ``row(load(request, pk), row_id)`` (404 when there is none;
    ``row_id`` is the route's other number, whatever its name), its bound ``form(request,
    row)``, then :func:`posted_step` of ``step(actor, row, cleaned_data)``, answered with a
    redirect to the detail page named ``back``."""

    def view(request: HttpRequest, pk: int, **row_id: int) -> HttpResponse:
        (number,) = row_id.values()
        obj = found(row(load(request, pk), number))
        return posted_step(
            request,
            form(request, obj),
            lambda u, c: step(u, obj, c),
            str(invalid),
            str(done),
            redirect(back, pk=pk),
        )

    return login_required(require_POST(view))


def to_page_warned(request: HttpRequest, name: str) -> Callable[[Any], HttpResponse]:
    """After a plan was saved: its warnings as messages, then its page (``name``)."""

    def to(obj: Any) -> HttpResponse:
        for w in obj.warnings:
            messages.warning(request, w)
        return redirect(name, pk=obj.pk)

    return to


def routes(table: Iterable[tuple[ModuleType, Iterable[tuple[str, ...]]]]) -> list[URLPattern]:
    """An app's url patterns from a table of ``(views module, [(route, name), …])``: each
    page's view is the function of its name in the module, or the one named third
    (``(route, name, function)``)."""
    return [
        path(row[0], getattr(views, row[-1]), name=row[1]) for views, rows in table for row in rows
    ]
