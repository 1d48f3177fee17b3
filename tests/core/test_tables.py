"""A list's table written in Python (issue 26.2, ``core.tables``): the markup the templates
wrote, each value escaped, the links the URL resolver gives."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils.safestring import mark_safe

from lvzhi.core.tables import Column, Table, date, escape, link, tag, url


@dataclass
class Row:
    pk: int
    title: str


TABLE = Table(
    "list things",
    (
        Column("Title", lambda r: link(url("suggestions:detail", r.pk), r.title)),
        Column("Raw", lambda r: r.title),
        Column("Nothing", lambda r: None),
    ),
    "Nothing here.",
    select=lambda r: (r.pk, r.title),
)


@pytest.mark.parametrize("pk", [1, 42, 918273645, 10**12])
def test_url_gives_what_reverse_gives_for_an_integer_route(pk):
    assert url("suggestions:detail", pk) == reverse("suggestions:detail", args=[pk])
    assert url("registry:deputy_detail", pk) == reverse("registry:deputy_detail", args=[pk])


def test_url_refuses_a_route_without_one_integer_argument():
    with pytest.raises(Exception):  # noqa: B017 - NoReverseMatch or ValueError, both refusals
        url("suggestions:queue", 1)


def test_text_is_escaped_and_safe_markup_kept():
    html = TABLE.html([Row(7, '<script>"x"&')])
    assert "&lt;script&gt;&quot;x&quot;&amp;" in html
    assert "<script>" not in html
    assert f'<a href="{reverse("suggestions:detail", args=[7])}">' in html
    assert '<td data-label="Nothing"></td>' in html
    assert escape(mark_safe("<b>")) == "<b>"
    assert escape(None) == ""
    assert tag("x", "status-a") == '<span class="tag status-a">x</span>'
    assert date(None) == "—"


def test_every_cell_carries_its_column_label_for_the_phone_layout():
    html = TABLE.html([Row(1, "a"), Row(2, "b")])
    assert html.count('data-label="Title"') == 2
    assert html.count('data-label="Raw"') == 2
    assert "<th>Title</th><th>Raw</th><th>Nothing</th>" in html


def test_the_selection_column_only_where_the_page_asks_for_it():
    plain = TABLE.html([Row(3, "t")])
    assert 'type="checkbox"' not in plain
    chosen = TABLE.html([Row(3, "t")], selectable=True)
    assert '<input type="checkbox" name="ids" value="3" aria-label="t">' in chosen


def test_an_empty_list_says_so_across_every_column():
    assert '<td colspan="3" class="empty">Nothing here.</td>' in TABLE.html([])
    assert '<td colspan="4" class="empty">Nothing here.</td>' in TABLE.html([], selectable=True)


def test_the_header_menus_are_written_with_the_current_page_marked_and_labels_escaped():
    from lvzhi.core.navigation import groups_html, items_html

    items = [
        {"key": "a", "label": "<A>", "url": "/a/?x=1&y=2", "active": True},
        {"key": "b", "label": "B", "url": "/b/", "active": False},
    ]
    html = groups_html([{"key": "work", "label": "工作", "items": items, "active": True}])
    assert html.startswith('<ul class="navgroups"><li><details class="navgroup" id="nav-work"')
    assert '<summary class="active">工作</summary>' in html
    assert (
        '<li><a href="/a/?x=1&amp;y=2" data-nav-entry="a" aria-current="page">&lt;A&gt;</a></li>'
        in html
    )
    assert '<li><a href="/b/" data-nav-entry="b">B</a></li>' in html
    assert items_html([]) == ""


def test_a_due_date_carries_the_overdue_tag_only_when_the_rule_says_so():
    import datetime as dt

    from django.utils.translation import gettext

    from lvzhi.core.tables import due

    assert due(dt.date(2026, 12, 7), False) == "2026-12-07"
    assert due(None, False) == "—"
    assert due(None, False, "") == ""
    tagged = f'2026-12-07 <span class="tag overdue">{gettext("overdue")}</span>'
    assert due(dt.date(2026, 12, 7), True) == tagged
