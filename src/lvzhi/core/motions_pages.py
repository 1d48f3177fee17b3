"""The pages the two kinds of motion (proposals and suggestions) build alike: the detail
page's POST views with their co-signing pages, the action forms a workflow step shows, and
the assignment form. The rules they serve are cited where each app uses them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.http import Http404
from django.urls import URLPattern, path
from django.utils.functional import Promise

from lvzhi.core.http import DetailAction
from lvzhi.core.pages import CoSignPages, DetailPages, View


def deputy_or_404(deputy_id: int | None) -> int:
    """The pages of a deputy's own motions: the deputy's id (``policies.deputy_id``), or 404
    for an account that is no deputy's."""
    if deputy_id is None:
        raise Http404
    return deputy_id


def motion_pages(
    parent: str, selectors: Any, services: Any, render: Callable[..., Any], invite_form: Any
) -> CoSignPages:
    """The POST views of the detail page of a ``parent`` (of the app named its plural) with
    its co-signing pages: the object is fetched by ``selectors.get_for_user``, drawn again by
    ``render`` and redirected to ``<app>:detail``."""
    action = DetailAction(
        lambda request, pk: selectors.get_for_user(request.user, pk), render, f"{parent}s:detail"
    )
    return CoSignPages(
        action,
        parent,
        services=services,
        invite_form=invite_form,
        invited_deputy=selectors.invited_deputy,
    )


def cosign_urls(views: Any) -> list[URLPattern]:
    """The routes both kinds of motion have, to their ``views`` module: the public and the
    own detail page, the co-signing pages of :func:`motion_pages` and the lead's submission."""
    return [
        path("public/<int:pk>/", views.public_detail, name="public_detail"),
        path("<int:pk>/", views.detail, name="detail"),
        path("<int:pk>/invite/", views.invite, name="invite"),
        path("<int:pk>/cosign/<str:answer>/", views.cosign, name="cosign"),
        path(
            "<int:pk>/invitations/<int:deputy>/cancel/",
            views.cancel_invitation,
            name="cancel_invitation",
        ),
        path("<int:pk>/submit/", views.submit, name="submit"),
    ]


def step_forms(
    table: Mapping[str, tuple[str, Callable[[Any], Any]]], steps: list[str], obj: Any
) -> dict[str, Any]:
    """The action forms of the steps the workflow allows this user now: ``table`` maps a
    step to the name of its form on the detail page and the form's maker."""
    return {table[s][0]: table[s][1](obj) for s in steps if s in table}


def assign_view(
    pages: DetailPages, form_class: Any, service: Callable[..., Any], done: str | Promise
) -> View:
    """The assignment form: the plan, the lead unit and the co-handling units (drawn from the
    parent's division) and the date, passed to ``service``."""
    return pages.view(
        "assign",
        form_class,
        lambda u, obj, c: service(
            actor=u,
            **{pages.parent: obj},
            plan=c["plan"],
            lead=c["lead"],
            co_units=list(c["co_units"]),
            assigned_on=c["assigned_on"],
        ),
        done,
        form_kwargs=lambda obj: {"division_ids": [obj.term.congress.division_id]},
    )
