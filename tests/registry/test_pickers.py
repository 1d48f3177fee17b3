"""The person and organisation pickers (issue 22.2): search by characters, pinyin and initials
through stored, indexed columns; namesakes told apart; whole groups added at once; a plain
search without script; the JSON endpoint bounded by the user's scope and by a fixed number
of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvzhi.registry import selectors
from lvzhi.registry.models import (
    Deputy,
    Membership,
    MembershipStatus,
    Organisation,
    OrgKind,
    Term,
)
from lvzhi.registry.pickers import (
    DeputiesPickerField,
    DeputyPickerField,
    OrganisationPickerField,
    PickerData,
    search_deputies,
    search_groups,
    search_organisations,
)
from lvzhi.registry.rules import pinyin_of

from ..conftest import user

pytestmark = pytest.mark.django_db

# The endpoint answers in a fixed number of queries whatever the size of the registry:
# the session and user, the grants, the deputy lookup, the search, the seats of the matches,
# the groups and their counts.
MAX_QUERIES = 12


def _serving() -> Deputy:
    seat = (
        Membership.objects.filter(status=MembershipStatus.SERVING, term__is_current=True)
        .select_related("deputy")
        .order_by("id")
        .first()
    )
    assert seat is not None
    return seat.deputy


def _namesake(of: Deputy) -> Deputy:
    """A second deputy with the same name, born in another year, seated in another unit."""
    seat = of.memberships.filter(status=MembershipStatus.SERVING).first()
    assert seat is not None
    now = timezone.now()
    twin = Deputy.objects.create(
        name=of.name,
        name_pinyin=of.name_pinyin,
        name_initials=of.name_initials,
        gender=of.gender,
        ethnicity=of.ethnicity,
        political_status=of.political_status,
        birth_date=dt.date(of.birth_date.year - 7, 3, 1),
        occupation_category=of.occupation_category,
        id_number_masked="654002********0042",
        created_at=now,
        updated_at=now,
    )
    other_unit = (
        Organisation.objects.filter(kind=OrgKind.ELECTORAL_UNIT, congress=seat.term.congress)
        .exclude(pk=seat.electoral_unit_id)
        .first()
    )
    assert other_unit is not None
    Membership.objects.create(
        deputy=twin,
        term=seat.term,
        level=seat.level,
        electoral_unit=other_unit,
        elected_on=seat.elected_on,
    )
    return twin


def test_a_deputy_is_found_by_characters_pinyin_and_initials() -> None:
    target = _serving()
    everyone = Deputy.objects.all()
    for query in (target.name[-2:], target.name_pinyin[:6], target.name_initials.upper()):
        found = search_deputies(everyone, query, limit=200)
        assert str(target.pk) in {p.value for p in found}, query


def test_the_search_is_an_indexed_prefix_query_not_python_over_the_rows() -> None:
    target = _serving()
    with CaptureQueriesContext(connection) as ctx:
        search_deputies(Deputy.objects.all(), target.name_initials)
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "name_initials" in sql and "LIMIT" in sql.upper()
    assert len(ctx.captured_queries) == 2  # the matches, then their seats


def test_namesakes_are_told_apart_by_unit_birth_year_and_id_tail() -> None:
    target = _serving()
    twin = _namesake(target)
    found = {p.value: p for p in search_deputies(Deputy.objects.all(), target.name)}
    first, second = found[str(target.pk)], found[str(twin.pk)]
    assert first.label == second.label == target.name
    assert first.hint != second.hint
    assert str(twin.birth_date.year) in second.hint
    assert "0042" in second.hint
    unit = twin.memberships.get().electoral_unit.name
    assert unit in second.hint


def test_an_organisation_is_found_by_characters_pinyin_and_initials() -> None:
    org = Organisation.objects.filter(kind=OrgKind.GOVERNMENT_DEPARTMENT).first()
    assert org is not None
    assert org.name_pinyin == pinyin_of(org.name)[0]
    everyone = Organisation.objects.all()
    for query in (org.name[-3:], org.name_pinyin[:5], org.name_initials):
        found = search_organisations(everyone, query, limit=500)
        assert str(org.pk) in {p.value for p in found}, query


def test_a_search_over_candidates_that_follow_relations_answers_instead_of_failing() -> None:
    """Seen in the form fuzzer: the new deputy's electoral units come with their division
    (select_related), and a typed unit name answered 500 ("cannot be both deferred and
    traversed"). The search reads its own columns whatever the candidates follow."""
    unit = Organisation.objects.filter(kind=OrgKind.ELECTORAL_UNIT).first()
    assert unit is not None
    units = Organisation.objects.filter(kind=OrgKind.ELECTORAL_UNIT).select_related("division")
    assert str(unit.pk) in {p.value for p in search_organisations(units, unit.name, limit=50)}
    assert search_organisations(units, "ئۇيغۇرچە تېكىست، قازاقشا مәтін") == []
    deputy = Deputy.objects.filter(user__isnull=False).first()
    assert deputy is not None
    followed = Deputy.objects.select_related("user")
    assert str(deputy.pk) in {p.value for p in search_deputies(followed, deputy.name)}


def test_renaming_an_organisation_keeps_its_pinyin() -> None:
    org = Organisation.objects.filter(kind=OrgKind.GOVERNMENT_DEPARTMENT).first()
    assert org is not None
    org.name = "自治州林业和草原局"
    org.save(update_fields=["name"])
    org.refresh_from_db()
    assert org.name_initials == "zzzlyhcyj"


class _Invite(forms.Form):
    deputy = DeputiesPickerField(label="deputies")

    def __init__(self, *args: Any, term: Term, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = selectors.deputies_serving_in(term.pk)  # type: ignore[attr-defined]


class _One(forms.Form):
    deputy = DeputyPickerField(label="deputy")

    def __init__(self, *args: Any, term: Term, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = selectors.deputies_serving_in(term.pk)  # type: ignore[attr-defined]


def test_without_script_a_unique_match_is_taken_and_namesakes_come_back_to_tick() -> None:
    seat = _serving().memberships.filter(status=MembershipStatus.SERVING).first()
    assert seat is not None
    term = seat.term
    serving = selectors.deputies_serving_in(term.pk)
    target = next(d for d in serving[:50] if serving.filter(name__contains=d.name).count() == 1)
    form = _One({"deputy_q": target.name}, term=term)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["deputy"] == target
    twin = _namesake(target)
    form = _One({"deputy_q": target.name}, term=term)
    assert not form.is_valid()
    html = str(form["deputy"])
    assert f'value="{target.pk}"' in html and f'value="{twin.pk}"' in html
    assert 'type="radio"' in html
    assert 'value="' + target.name + '"' in html  # what was typed stays in the box
    form = _One({"deputy": str(twin.pk), "deputy_q": ""}, term=term)
    assert form.is_valid() and form.cleaned_data["deputy"] == twin


def test_nothing_found_says_so_in_chinese() -> None:
    term = Term.objects.filter(is_current=True).first()
    assert term is not None
    form = _One({"deputy_q": "zzzzqqq"}, term=term)
    assert not form.is_valid()
    assert "拼音" in str(form.errors["deputy"])


def test_a_whole_group_is_added_at_once() -> None:
    seat = (
        Membership.objects.filter(status=MembershipStatus.SERVING, deputy_group__isnull=False)
        .select_related("deputy_group", "term")
        .first()
    )
    assert seat is not None
    group = seat.deputy_group
    assert group is not None
    candidates = selectors.deputies_serving_in(seat.term_id)
    picks = search_groups(candidates, group.name)
    assert f"g{group.pk}" in {p.value for p in picks}
    members = set(
        Membership.objects.filter(
            deputy_group=group, status=MembershipStatus.SERVING, term=seat.term
        ).values_list("deputy_id", flat=True)
    )
    form = _Invite({"deputy": [f"g{group.pk}"]}, term=seat.term)
    assert form.is_valid(), form.errors
    assert {d.pk for d in form.cleaned_data["deputy"]} == members


def test_the_value_data_of_a_plain_post_is_read() -> None:
    data = DeputiesPickerField().widget.value_from_datadict(
        {"deputy": "12", "deputy_q": " li "}, {}, "deputy"
    )
    assert data == PickerData(values=["12"], q="li")
    assert DeputiesPickerField().has_changed([], data)
    assert not DeputiesPickerField().has_changed([], PickerData())


def test_the_endpoint_keeps_to_the_scope(login: Any) -> None:
    # A deputy seated only outside Yining city: the city's staff do not find them.
    outside = (
        Membership.objects.filter(status=MembershipStatus.SERVING, level="county")
        .exclude(electoral_unit__division__code__startswith="654002")
        .select_related("deputy")
        .first()
    )
    assert outside is not None
    name = outside.deputy.name
    if Membership.objects.filter(
        deputy__name=name, electoral_unit__division__code__startswith="654002"
    ).exists():
        pytest.skip("a namesake sits in Yining")
    found = login("yining").get("/registry/pick/deputies/", {"q": name}).json()["results"]
    assert outside.deputy.name not in {r["label"] for r in found}
    found = login("office").get("/registry/pick/deputies/", {"q": name}).json()["results"]
    assert str(outside.deputy_id) in {r["value"] for r in found}


def test_the_endpoint_answers_in_a_bounded_number_of_queries(login: Any) -> None:
    client = login("office")
    for query in ("a", "li", "王"):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/registry/pick/deputies/", {"q": query, "groups": "1"})
        assert response.status_code == 200
        assert len(response.json()["results"]) <= 25
        assert len(ctx.captured_queries) <= MAX_QUERIES, [q["sql"] for q in ctx.captured_queries]
        with CaptureQueriesContext(connection) as ctx:
            client.get("/registry/pick/organisations/", {"q": query, "kinds": "electoral_unit"})
        assert len(ctx.captured_queries) <= MAX_QUERIES


def test_a_deputy_finds_the_deputies_of_their_own_terms_only(login: Any) -> None:
    me = user("deputy")
    terms = set(
        Membership.objects.filter(
            deputy__user=me, status=MembershipStatus.SERVING, term__is_current=True
        ).values_list("term_id", flat=True)
    )
    found = login("deputy").get("/registry/pick/deputies/", {"q": "a"}).json()["results"]
    ids = [int(r["value"]) for r in found]
    assert ids, "a deputy finds co-signers"
    assert Membership.objects.filter(deputy_id__in=ids, term_id__in=terms).values(
        "deputy_id"
    ).distinct().count() == len(set(ids))


def test_the_organisation_picker_field_takes_a_unique_match() -> None:
    org = Organisation.objects.filter(kind=OrgKind.GOVERNMENT_DEPARTMENT).first()
    assert org is not None

    class F(forms.Form):
        unit = OrganisationPickerField(
            label="unit", queryset=Organisation.objects.filter(pk=org.pk)
        )

    form = F({"unit_q": org.name})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == org


@pytest.mark.parametrize("kind", ["deputies", "organisations", "terms", "divisions"])
def test_a_nul_or_control_character_in_the_search_is_dropped_not_a_server_error(
    client: Any, kind: str
) -> None:
    """Found by the fuzzing of every form: PostgreSQL refuses NUL in a query; what is typed is
    cleaned like any text, on the JSON endpoint and in the form's no-script search."""
    client.force_login(user("office"))
    response = client.get(f"/registry/pick/{kind}/", {"q": "阿\x00赛\x07"})
    assert response.status_code == 200
    page = client.post("/contacts/meetings/new/", {"co_deputies_q": "\x00", "subject": ""})
    assert page.status_code < 500
