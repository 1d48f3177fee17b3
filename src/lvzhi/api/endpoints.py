"""Endpoint declarations the capability routers share (issue 17).

Most of their actions have one shape: look the subject up as its page does (the same 404 for
what the caller may not see), call the one service function the page's form calls with the
caller, the subject and the body's fields, and answer the subject as it now stands. A router
declares such an action as a row, ``Subject.step(name, path, service, …)``, rather than
writing the same six lines again; the reads of a subject likewise (``Subject.read``), and a
creation form, whose answer is the new row (``create``).

A row makes the function ninja would read from the written-out one: named ``name`` in the
router's module (so the operation id and URL name are the same), with ``request``, then the
body ``data``, then the subject's path parameters — so the OpenAPI document does not change.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any, Literal

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import NinjaAPI, Query, Router, Schema, Status

from lvzhi.core.http import acting_user

from . import cursor
from .listing import (
    ACTION_ERRORS,
    ERRORS,
    DecideIn,
    DecisionOut,
    ScopedFilters,
    decision_out,
    deputies,
    scoped_page,
    visible,
)

_P = inspect.Parameter
Fn = Callable[..., Any]


def view(module: str, name: str, params: Mapping[str, tuple[Any, Any]], run: Fn) -> Fn:
    """``run`` as the view ``module.name(request, <params>)``; ``params`` maps each parameter's
    name to its annotation and default (``inspect.Parameter.empty`` for none), in order."""

    def call(request: HttpRequest, **values: Any) -> Any:
        return run(request, **values)

    call.__name__ = call.__qualname__ = name
    call.__module__ = module
    call.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [_P("request", _P.POSITIONAL_OR_KEYWORD, annotation=HttpRequest)]
        + [_P(n, _P.KEYWORD_ONLY, annotation=a, default=d) for n, (a, d) in params.items()]
    )
    return call


def declare(
    method: Callable[..., Callable[[Fn], Fn]],
    path: str,
    response: Mapping[int | tuple[int, ...], Any],
    fn: Fn,
    summary: str,
    description: str,
    tags: list[str] | None = None,
) -> Fn:
    """``fn`` as the operation that ``method`` (a router's ``get``, ``post`` or ``put``)
    declares at ``path``, answering ``response`` (status -> schema)."""
    method(path, response=response, summary=summary, description=description, tags=tags)(fn)
    return fn


def cursor_list(
    router: Router,
    module: str,
    name: str,
    path: str,
    filters: type[cursor.CursorIn],
    *,
    item: type[Schema],
    rows: Callable[[Any, Any], QuerySet[Any]],
    out: Callable[[Any], dict[str, Any]],
    open_to: Callable[[Any], Any] | None = None,
    equal: Mapping[str, str] | None = None,
    date_field: str | None = None,
    ordering: str | None = None,
    errors: Mapping[int | tuple[int, ...], Any] = ERRORS,
    summary: str,
    description: str,
) -> Fn:
    """``GET path``, the view ``module.name(request, filters)``: one cursor page of
    ``rows(<caller>, filters)`` (the page's selector), each row answered as ``out``, an
    ``item`` (``<Item>Out``; the page is ``<Item>Page``). No row for a caller ``open_to``
    refuses; ``equal`` maps a filter to the field it narrows to its value when it is given;
    a scoped list (``ScopedFilters``) filters by the year of ``date_field`` (and the term); a
    list in one fixed ``ordering`` offers no other."""

    def run(request: HttpRequest, filters: cursor.CursorIn) -> dict[str, Any]:
        qs = rows(request.user, filters)
        if open_to is not None and not open_to(request.user):
            qs = qs.none()
        for key, field in (equal or {}).items():
            if getattr(filters, key) is not None:
                qs = qs.filter(**{field: getattr(filters, key)})
        if isinstance(filters, ScopedFilters):
            assert date_field is not None
            return scoped_page(qs, filters, date_field=date_field, out=out)
        return cursor.page(qs, filters, out, ordering=ordering)

    page = cursor.page_of(item, item.__name__.removesuffix("Out") + "Page")
    fn = view(module, name, {"filters": (Query[filters], _P.empty)}, run)  # type: ignore[misc,valid-type]
    return declare(router.get, path, {200: page, **errors}, fn, summary, description)


def create(
    router: Router | NinjaAPI,
    module: str,
    name: str,
    path: str,
    service: Fn,
    *,
    data: type[Schema],
    fields: Callable[[Any], dict[str, Any]] = dict,
    answer: Callable[[HttpRequest, Any], Any],
    response: type[Schema],
    errors: Mapping[int | tuple[int, ...], Any] = ACTION_ERRORS,
    tags: list[str] | None = None,
    summary: str,
    description: str,
) -> Fn:
    """``POST path``, the view ``module.name(request, data)``: the page's creation form,
    ``service(actor=<caller>, **fields(data))`` — the body's fields by their names unless
    ``fields`` maps them (``resolved``) — answered 201 with ``answer(request, <the new row>)``."""

    def run(request: HttpRequest, data: Schema) -> Any:
        named = fields(data)  # the page's look-ups first: their 400 or 404 before the service
        row = service(actor=acting_user(request), **named)
        return Status(201, answer(request, row))

    fn = view(module, name, {"data": (data, _P.empty)}, run)
    return declare(router.post, path, {201: response, **errors}, fn, summary, description, tags)


def resolved(data: Schema, **rows: Any) -> dict[str, Any]:
    """The body's fields by their names, with the ``rows`` the page's look-ups found in place
    of the ids: a row ``<name>`` replaces the body's ``<name>_id`` (or its field ``<name>``)."""
    named = {key: value for key, value in data if key.removesuffix("_id") not in rows}
    return named | rows


def for_each_deputy(service: Fn) -> Fn:
    """An invitation form's service: ``service(actor=…, <subject>=…, deputy=…)`` for each of
    the deputies the body names (``deputy_ids``), every one of them or, on a refusal, none."""

    def invite(*, actor: Any, deputy_ids: list[int], **subject: Any) -> None:
        with transaction.atomic():
            for d in deputies(deputy_ids):
                service(actor=actor, deputy=d, **subject)

    return invite


class Subject:
    """What a router's actions act on.

    ``ids``: the path parameters that name it (name -> ``Path(...)``), in path order;
    ``load(request, **ids)``: the page's look-up (404 for what the caller may not see);
    ``keyword``: the name the services take it by; ``detail(request, **ids)`` and
    ``detail_out``: the answer of a step that answers the subject as it now stands — or
    ``shown(request, <subject>)``, the detail of the subject as ``load`` finds it.
    """

    def __init__(
        self,
        router: Router | NinjaAPI,
        module: str,
        *,
        ids: Mapping[str, Any],
        load: Fn,
        keyword: str,
        detail: Fn | None = None,
        shown: Callable[[HttpRequest, Any], Any] | None = None,
        detail_out: type[Schema] | None = None,
        tags: list[str] | None = None,
    ) -> None:
        if shown is not None:
            assert detail is None

            def detail(request: HttpRequest, **ids: Any) -> Any:
                return shown(request, load(request, **ids))

        self.router, self.module, self.ids = router, module, dict(ids)
        self.tags = tags
        self.load, self.keyword = load, keyword
        self.detail, self.detail_out = detail, detail_out

    def of(self, keyword: str, name: str, path: Any, find: Callable[[Any, int], Any]) -> Subject:
        """A row of this subject named by one more path id, ``name``: ``find(<this subject>,
        id)``, the same 404 when it is not there (an inspection's opinions, a thread's replies
        …). Its steps answer this subject's detail unless they give ``out``."""
        parent, parent_detail = self, self.detail

        def load(request: HttpRequest, **ids: Any) -> Any:
            row_id = ids.pop(name)
            return visible(find(parent.load(request, **ids), row_id), bool)

        def detail(request: HttpRequest, **ids: Any) -> Any:
            ids.pop(name)
            return parent_detail(request, **ids)  # type: ignore[misc]

        return Subject(
            self.router,
            self.module,
            ids={**self.ids, name: path},
            load=load,
            keyword=keyword,
            detail=detail if parent_detail is not None else None,
            detail_out=self.detail_out,
            tags=self.tags,
        )

    def _ids(self) -> dict[str, tuple[Any, Any]]:
        return {name: (int, path) for name, path in self.ids.items()}

    def read(
        self,
        name: str,
        path: str,
        *,
        errors: Mapping[int | tuple[int, ...], Any] = ERRORS,
        summary: str,
        description: str,
    ) -> Fn:
        """``GET path``: the subject's detail."""
        assert self.detail is not None
        fn = view(self.module, name, self._ids(), self.detail)
        return declare(
            self.router.get,
            path,
            {200: self.detail_out, **errors},
            fn,
            summary,
            description,
            self.tags,
        )

    def step(
        self,
        name: str,
        path: str,
        service: Fn,
        *,
        data: type[Schema] | None = None,
        fields: Callable[[Any], dict[str, Any]] = dict,
        resolve: Callable[[HttpRequest, Any, Any], dict[str, Any]] | None = None,
        out: Fn | None = None,
        answer: Callable[[HttpRequest, Any], Any] | None = None,
        response: type[Schema] | None = None,
        status: int = 200,
        method: Literal["post", "put"] = "post",
        summary: str,
        description: str,
    ) -> Fn:
        """``POST path`` (``PUT`` for a form that replaces what the subject had): ``service(
        actor=<caller>, <keyword>=<subject>, **fields(data))`` — the body's fields by their names
        unless ``fields`` maps them, or ``resolve(request, <subject>, data)`` where the page's
        look-ups depend on the caller or the subject — answered with ``out`` of what the service
        returns (a ``response``), or ``answer(request, <it>)`` where that is looked up as the
        caller sees it, or else the subject's detail, with ``status``."""
        detail = self.detail
        if out is None and answer is None:
            assert detail is not None
            response = self.detail_out

        def run(request: HttpRequest, data: Schema | None = None, **ids: Any) -> Any:
            actor = acting_user(request)
            subject = self.load(request, **ids)
            if resolve is not None:
                named = resolve(request, subject, data)
            else:
                named = fields(data) if data is not None else {}
            done = service(actor=actor, **{self.keyword: subject}, **named)
            if answer is not None:
                result = answer(request, done)
            elif out is not None:
                result = out(done)
            else:
                result = detail(request, **ids)  # type: ignore[misc]
            return Status(status, result) if status != 200 else result

        params = {"data": (data, _P.empty)} if data is not None else {}
        fn = view(self.module, name, params | self._ids(), run)
        responses = {status: response, **ACTION_ERRORS}
        route = self.router.put if method == "put" else self.router.post
        return declare(route, path, responses, fn, summary, description, self.tags)


def decision(
    subject: Subject, name: str, path: str, service: Fn, *, summary: str, description: str
) -> Fn:
    """The adoption form of a deputy's comment or opinion on ``subject``:
    ``service(actor=…, <row>=…, decision=…, reason=…)``, answered with the row as it stands."""
    return subject.step(
        name,
        path,
        service,
        data=DecideIn,
        out=decision_out,
        response=DecisionOut,
        summary=summary,
        description=description,
    )
