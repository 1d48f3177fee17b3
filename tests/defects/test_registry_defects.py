"""Issue 28, point 1: the registry's small defects seen by walking it as its users would."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from lvzhi.registry.models import Term

pytestmark = pytest.mark.django_db


def test_the_organisation_filter_is_labelled_name_of_a_thing_not_of_a_person(login: Any) -> None:
    body = login("office").get(reverse("registry:organisation_tree")).content.decode()
    label = re.search(r'<label for="org-q">([^<]*)</label>', body)
    assert label is not None and label.group(1) == "名称"
    header = re.search(r"<thead><tr><th>([^<]*)</th>", body)
    assert header is not None and header.group(1) == "名称"


def test_the_terms_page_lists_every_term_in_scope_with_its_seats(login: Any) -> None:
    client = login("office")
    response = client.get(reverse("registry:term_list"))
    assert response.status_code == 200
    body = response.content.decode()
    current = Term.objects.filter(is_current=True).select_related("congress__division").first()
    assert current is not None
    assert str(current) in body and "本届" in body
    assert "届次" in body


def test_the_terms_page_is_searchable_and_exportable(login: Any) -> None:
    client = login("office")
    body = client.get(reverse("registry:term_list"), {"q": "伊宁市"}).content.decode()
    assert "伊宁市" in body and "察布查尔" not in body
    export = client.get(reverse("registry:term_list"), {"q": "伊宁市", "format": "csv"})
    rows = b"".join(export.streaming_content).decode().strip().splitlines()
    assert rows[0].lstrip("\ufeff").startswith("人民代表大会")
    assert len(rows) > 1 and all("伊宁市" in r for r in rows[1:])


def test_the_terms_page_shows_only_the_scope(login: Any) -> None:
    body = login("yining").get(reverse("registry:term_list")).content.decode()
    assert "伊宁市" in body and "察布查尔" not in body


def test_the_terms_page_is_refused_to_those_without_the_directory(login: Any) -> None:
    assert login("station").get(reverse("registry:term_list")).status_code in (403, 404)


def test_the_terms_page_asks_the_same_number_of_queries_for_more_terms(
    login: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("office")
    client.get(reverse("registry:term_list"))  # caches warmed (the tree's roots)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("registry:term_list"))
    term = Term.objects.filter(is_current=True).first()
    assert term is not None
    for n in range(1, 6):
        Term.objects.create(
            congress=term.congress,
            number=term.number - n - 5,
            starts_on=term.starts_on.replace(year=term.starts_on.year - 5 * (n + 5)),
            ends_on=term.starts_on.replace(year=term.starts_on.year - 5 * (n + 4)),
        )
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("registry:term_list"))
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
