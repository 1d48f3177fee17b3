"""The staff directory's division and delegation filters are pickers (issues 26.2 and 22.2):
the query keeps its shape (``?division=654002``, ``?delegation=<id>``), the type-ahead finds
only the filters' own candidates (the delegations of the user's directory scope), bad input is
a form error or an empty result, and neither the page's size nor its queries grow with the
number of divisions and delegations."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.core.models import Division, User
from lvzhi.registry import selectors
from lvzhi.registry.models import Membership, Organisation, OrgKind
from lvzhi.registry.pickers import PICK_LIMIT
from tests.registry.factories import add_divisions_and_delegations

pytestmark = pytest.mark.django_db
URL = "/registry/deputies/"
DIVISIONS = "/registry/pick/directory/divisions/"
DELEGATIONS = "/registry/pick/directory/delegations/"


def _rows(response: Any) -> Any:
    return Membership.objects.filter(pk__in=[m.pk for m in response.context["page"]])


def _seated_delegation(username: str) -> Organisation:
    """A delegation of ``username``'s directory scope with serving seats."""
    scope = selectors.directory_delegations(User.objects.get(username=username))
    org = scope.filter(delegation_memberships__isnull=False).distinct().order_by("path").first()
    assert org is not None
    return org


def _outside_delegation(username: str) -> Organisation:
    """A delegation outside ``username``'s directory scope."""
    scope = selectors.directory_delegations(User.objects.get(username=username))
    org = (
        Organisation.objects.filter(kind=OrgKind.DELEGATION)
        .exclude(pk__in=scope.values("pk"))
        .first()
    )
    assert org is not None
    return org


# --- the query keeps its shape ----------------------------------------------------------------


@pytest.mark.parametrize("code", ["654002", "6542"])
def test_a_division_code_in_the_query_filters_and_shows_as_chosen(login: Any, code: str) -> None:
    response = login("office").get(URL, {"division": code, "status": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {}
    rows = _rows(response).select_related("electoral_unit__division")
    assert rows.exists()
    assert all(m.electoral_unit.division.code.startswith(code) for m in rows)
    assert response.context["page"].paginator.count == (
        selectors.directory(
            User.objects.get(username="office"),
            selectors.DirectoryFilters(division=code, status=""),
        ).count()
    )
    # The picker shows the chosen division ticked, by name.
    name = Division.objects.get(code=code if len(code) == 6 else f"{code}00").name
    body = response.content.decode()
    assert f'name="division" value="{code}" checked' in body
    assert name in body


def test_a_delegation_id_in_the_query_filters_and_shows_as_chosen(login: Any) -> None:
    delegation = _seated_delegation("office")
    response = login("office").get(URL, {"delegation": delegation.pk, "status": ""})
    assert response.status_code == 200
    assert set(_rows(response).values_list("delegation_id", flat=True)) == {delegation.pk}
    assert f'name="delegation" value="{delegation.pk}" checked' in response.content.decode()


def test_the_export_keeps_the_division_filter(login: Any) -> None:
    response = login("office").get("/registry/deputies/export.csv", {"division": "654002"})
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    expected = selectors.directory(
        User.objects.get(username="office"), selectors.DirectoryFilters(division="654002")
    ).count()
    assert len(lines) - 1 == expected


# --- without script: a name typed and submitted -------------------------------------------------


def test_without_script_a_division_typed_by_name_is_taken_when_it_is_the_only_match(
    login: Any,
) -> None:
    division = Division.objects.get(code="654002")
    assert selectors.directory_divisions().filter(name__contains=division.name).count() == 1
    response = login("office").get(URL, {"division_q": division.name, "status": ""})
    form = response.context["form"]
    assert form.is_valid(), form.errors
    assert form.cleaned_data["division"] == "654002"
    rows = _rows(response).select_related("electoral_unit__division")
    assert rows.exists()
    assert all(m.electoral_unit.division.code.startswith("654002") for m in rows)


def test_without_script_a_delegation_typed_by_name_is_taken(login: Any) -> None:
    delegation = _seated_delegation("office")
    scope = selectors.directory_delegations(User.objects.get(username="office"))
    if scope.filter(name__contains=delegation.name).count() > 1:
        pytest.skip("another delegation's name contains this one")
    response = login("office").get(URL, {"delegation_q": delegation.name, "status": ""})
    assert response.context["form"].cleaned_data["delegation"] == delegation.pk
    assert set(_rows(response).values_list("delegation_id", flat=True)) == {delegation.pk}


def test_without_script_several_matches_come_back_to_tick(login: Any) -> None:
    matches = selectors.directory_divisions().filter(name__contains="县")
    assert matches.count() > 1
    response = login("office").get(URL, {"division_q": "县"})
    assert response.status_code == 200
    assert "division" in response.context["form"].errors
    body = response.content.decode()
    assert 'class="picker-matches"' in body
    first = matches.order_by("code").first()
    assert first is not None
    assert f'name="division" value="{first.filter_code}"' in body  # type: ignore[attr-defined]


# --- the type-ahead -----------------------------------------------------------------------------


def test_the_division_search_finds_by_chinese_name_and_code_with_the_filters_values(
    login: Any,
) -> None:
    client = login("office")
    found = client.get(DIVISIONS, {"q": "伊宁"}).json()["results"]
    assert "654002" in {r["value"] for r in found}
    assert all("伊宁" in r["label"] for r in found)
    found = client.get(DIVISIONS, {"q": "6542"}).json()["results"]
    values = {r["value"] for r in found}
    assert "6542" in values  # the region, by the start of its codes
    assert values and all(v.startswith("6542") for v in values)
    # Townships are not the filter's candidates.
    assert all(len(v) in (4, 6) for v in values)


def test_the_delegation_search_keeps_to_the_users_directory_scope(login: Any) -> None:
    outside = _outside_delegation("yining")
    found = login("yining").get(DELEGATIONS, {"q": outside.name}).json()["results"]
    assert str(outside.pk) not in {r["value"] for r in found}
    found = login("office").get(DELEGATIONS, {"q": outside.name}).json()["results"]
    assert str(outside.pk) in {r["value"] for r in found}
    mine = _seated_delegation("yining")
    found = login("yining").get(DELEGATIONS, {"q": mine.name}).json()["results"]
    assert str(mine.pk) in {r["value"] for r in found}


def test_a_delegation_outside_the_scope_is_no_filter(login: Any) -> None:
    outside = _outside_delegation("yining")
    response = login("yining").get(URL, {"delegation": outside.pk})
    assert response.status_code == 200
    assert "delegation" in response.context["form"].errors
    assert not _rows(response).filter(delegation=outside).exists()


def test_the_searches_are_not_there_for_who_does_not_see_the_directory(login: Any) -> None:
    client = login("deputy")
    assert client.get(URL).status_code in (403, 404)
    assert client.get(DIVISIONS, {"q": "伊宁"}).status_code == 404
    assert client.get(DELEGATIONS, {"q": "代表团"}).status_code == 404


def test_the_searches_answer_at_most_pick_limit_in_a_few_queries(login: Any) -> None:
    client = login("office")
    client.get(DIVISIONS, {"q": "县"})  # warm the session's own queries
    for url, q in ((DIVISIONS, "县"), (DIVISIONS, "65"), (DELEGATIONS, "代表团")):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"q": q})
        assert response.status_code == 200
        assert len(response.json()["results"]) <= PICK_LIMIT
        assert len(ctx.captured_queries) <= 8, [x["sql"] for x in ctx.captured_queries]


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"delegation": "abc"}, "delegation"),
        ({"delegation": "9" * 30}, "delegation"),
        ({"delegation": "-1"}, "delegation"),
        ({"division": "999999"}, "division"),
        ({"division": "65\x0000"}, "division"),
        ({"division": "6" * 40}, "division"),
        ({"division_q": "不存在的地方"}, "division"),
        ({"delegation_q": "\x00"}, None),
        ({"division_q": "伊" * 500}, "division"),
    ],
)
def test_bad_filter_input_is_a_form_error_not_a_server_error(
    login: Any, params: dict[str, str], field: str | None
) -> None:
    response = login("office").get(URL, params)
    assert response.status_code == 200
    errors = response.context["form"].errors
    if field is None:
        assert errors == {}
    else:
        assert field in errors


@pytest.mark.parametrize("url", [DIVISIONS, DELEGATIONS])
@pytest.mark.parametrize("q", ["阿\x00赛", "x" * 5000, "", "   ", "%_", "'; drop table x;--"])
def test_bad_search_input_is_an_empty_or_short_answer(login: Any, url: str, q: str) -> None:
    response = login("office").get(url, {"q": q})
    assert response.status_code == 200
    assert len(response.json()["results"]) <= PICK_LIMIT


# --- at a size the demo seed does not reach -----------------------------------------------------


def test_the_page_and_its_queries_do_not_grow_with_the_divisions_and_delegations(
    login: Any,
) -> None:
    client = login("office")
    params = {"status": "", "division": "654002", "delegation": ""}
    client.get(URL, params)  # warm: the tree's roots are cached for a minute
    with CaptureQueriesContext(connection) as small:
        before = client.get(URL, params)
    under = _seated_delegation("office").parent
    assert under is not None
    add_divisions_and_delegations(150, under)
    office = User.objects.get(username="office")
    assert selectors.directory_divisions().count() > 150
    assert selectors.directory_delegations(office).count() > 150
    with CaptureQueriesContext(connection) as large:
        after = client.get(URL, params)
    assert len(large.captured_queries) == len(small.captured_queries)
    # The page does not list the candidates: its size stays (a few digits of counts aside).
    assert abs(len(after.content) - len(before.content)) < 200
    found = client.get(DELEGATIONS, {"q": "测试代表团"}).json()["results"]
    assert len(found) == PICK_LIMIT


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_a_chosen_division_is_found_through_its_index_not_by_reading_every_division() -> None:
    """The filter's chosen county or region is looked up by ``filter_code`` twice a page (the
    form's value, the picker's label); at the large scale reading every division for it cost
    2.5 ms each (issue 26.2). With sequential scans off the plan shows whether an index can
    answer it at all."""
    county = selectors.directory_divisions().filter(level="county").first()
    assert county is not None
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    for lookup in ({"filter_code": county.code}, {"filter_code__in": [county.code, "6540"]}):
        plan = selectors.directory_divisions().filter(**lookup).explain()
        assert "division_filter_code" in plan, plan
    found = selectors.directory_divisions().get(filter_code=county.code)
    assert found.pk == county.pk
    region = selectors.directory_divisions().filter(level="region").first()
    assert region is not None
    assert selectors.directory_divisions().get(filter_code=region.code[:4]).pk == region.pk
