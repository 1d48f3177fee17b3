"""The helpers the activities' pages share (issue 17), each proved on its own: the free-text
field, the deputy's opinion form, a detail page with its forms' runner, a step posted on one
row, and the list page that plans a new organised activity."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory

from lvzhi.activities.common import pages
from lvzhi.activities.common.forms import DeputyOpinionForm, text_area
from lvzhi.activities.common.views import (
    invite_form,
    opinion_form,
    organised_list,
    organised_views,
)
from lvzhi.core.errors import DomainError
from lvzhi.core.models import User


def _request(method: str = "post", data: dict[str, Any] | None = None) -> HttpRequest:
    request = getattr(RequestFactory(), method)("/x/", data or {})
    request.user = User(username="staff")
    request._messages = CookieStorage(request)
    return request


def _said(request: HttpRequest) -> list[str]:
    return [str(m) for m in get_messages(request)]


def test_text_area_is_a_bounded_box_of_the_given_rows() -> None:
    field = text_area("Text", max_length=50, rows=3, required=False, help_text="h")
    assert isinstance(field, forms.CharField)
    assert (field.max_length, field.required, field.help_text) == (50, False, "h")
    assert isinstance(field.widget, forms.Textarea)
    assert field.widget.attrs["rows"] == 3


class _Opinion(DeputyOpinionForm):
    body = text_area("Opinion", max_length=10, rows=2)


def test_deputy_opinion_form_offers_only_the_given_deputies_first() -> None:
    deputies = [(1, "甲"), (2, "乙")]
    assert list(_Opinion(deputies=deputies).fields) == ["deputy", "body"]
    assert "deputy" in _Opinion({"deputy": "9", "body": "x"}, deputies=deputies).errors
    form = _Opinion({"deputy": "2", "body": "x"}, deputies=deputies)
    assert form.is_valid() and form.cleaned_data["deputy"] == 2


class _Taking:
    def __init__(self, pk: int, name: str) -> None:
        self.deputy_id = pk
        self.deputy = type("Deputy", (), {"name": name})()


def test_opinion_form_offers_a_deputy_themself_and_the_staff_everyone_taking_part() -> None:
    rows = [_Taking(1, "甲"), _Taking(2, "乙")]
    own = opinion_form(_Opinion, rows, False, 2)
    assert (own.prefix, own.is_bound, own.fields["deputy"].choices) == (
        "opinion",
        False,
        [(2, "乙")],
    )
    assert opinion_form(_Opinion, rows, True, None).fields["deputy"].choices == [
        (1, "甲"),
        (2, "乙"),
    ]


def _thing_page(
    request: HttpRequest, obj: Any, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    return HttpResponse(f"page {obj}", status=status)


def test_detail_views_give_the_page_and_the_runner_of_its_forms() -> None:
    view, run = pages.detail_views(lambda r, pk: pk * 10, _thing_page, "activities:research")
    assert view.__name__ == "thing"
    assert view(_request("get"), 4).content == b"page 40"
    request = _request()
    response = run(request, 4, "", None, lambda u, obj, c: None, "Done.")
    assert (response.status_code, response["Location"]) == (302, "/activities/research/4/")
    assert _said(request) == ["Done."]


def test_organised_views_route_the_report_to_the_service_under_the_kind() -> None:
    reports: list[Any] = []
    view, _run, _invite, report = organised_views(
        lambda r, pk: pk * 10,
        _thing_page,
        "research",
        lambda **kw: None,
        lambda **kw: reports.append(kw),
    )
    assert view.__name__ == "thing"
    request = _request(data={"report": "报告"})
    response = report(request, 4)
    assert (response.status_code, response["Location"]) == (302, "/activities/research/4/")
    assert reports == [{"actor": request.user, "research": 40, "report": "报告"}]


@pytest.mark.django_db
def test_invite_form_offers_the_term_s_deputies_under_one_prefix(pref_term: Any) -> None:
    class Activity:
        term_id = pref_term.pk

    blank = invite_form(Activity(), taken=[1])
    assert (blank.prefix, blank.is_bound) == ("invite", False)
    assert invite_form(Activity(), {"invite-deputy": "x"}).is_bound


class _NoteForm(forms.Form):
    note = forms.CharField()


class _Row:
    pk = 7


def _row_step(calls: list[Any], refusal: str = "") -> Any:
    def step(u: User, row: _Row, c: dict[str, Any]) -> None:
        if refusal:
            raise DomainError(refusal)
        calls.append((u.username, row.pk, c))

    return pages.row_step_view(
        lambda request, pk: pk,
        lambda obj, number: _Row() if number == 7 else None,
        lambda request, row: _NoteForm(request.POST, prefix=f"r{row.pk}"),
        step,
        "Write a note.",
        "Done.",
        "activities:research",
    )


def test_row_step_runs_the_step_on_the_row_and_goes_back_to_the_page() -> None:
    calls: list[Any] = []
    request = _request(data={"r7-note": "好"})
    response = _row_step(calls)(request, pk=3, forward_id=7)
    assert (response.status_code, response["Location"]) == (302, "/activities/research/3/")
    assert calls == [("staff", 7, {"note": "好"})]
    assert _said(request) == ["Done."]


def test_row_step_says_what_is_missing_or_refused_and_404s_a_row_of_another_object() -> None:
    calls: list[Any] = []
    request = _request()
    assert _row_step(calls)(request, pk=3, forward_id=7).status_code == 302
    assert _said(request) == ["Write a note."]
    request = _request(data={"r7-note": "好"})
    _row_step(calls, refusal="不行")(request, pk=3, forward_id=7)
    assert _said(request) == ["不行"]
    assert calls == []
    with pytest.raises(Http404):
        _row_step(calls)(_request(data={"r7-note": "好"}), pk=3, forward_id=8)


def _planned_list(request: HttpRequest, bodies: list[tuple[int, str]], saved: list[Any]) -> Any:
    class Plan(forms.Form):
        title = forms.CharField()

    def save(u: User, c: dict[str, Any]) -> Any:
        saved.append(c["title"])
        return _Row()

    return organised_list(
        request,
        bodies,
        lambda: Plan(pages.posted(request)),
        save,
        "Planned.",
        "activities:research",
        "activities/research_list.html",
        lambda user, q: [],
    )


def test_organised_list_lets_an_organiser_plan_one() -> None:
    saved: list[Any] = []
    request = _request(data={"title": "调研"})
    response = _planned_list(request, [(1, "委员会")], saved)
    assert (response.status_code, response["Location"]) == (302, "/activities/research/7/")
    assert saved == ["调研"]


@pytest.mark.django_db
def test_organised_list_is_404_for_who_neither_organises_nor_is_a_deputy() -> None:
    saved: list[Any] = []
    request = _request(data={"title": "调研"})
    request.user = User.objects.create_user(username="t-nobody", password=None)
    with pytest.raises(Http404):
        _planned_list(request, [], saved)
    assert saved == []
