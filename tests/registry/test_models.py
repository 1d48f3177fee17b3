"""Invariants the database holds for the registry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from lvzhi.core.models import Division
from lvzhi.registry.models import Congress, Deputy, Membership, Organisation, OrgKind, Term

pytestmark = pytest.mark.django_db


def test_real_divisions_are_loaded_with_their_gb_t_2260_codes() -> None:
    counties = dict(Division.objects.filter(level="county").values_list("code", "name"))
    assert len(counties) == 25
    assert counties["654002"] == "伊宁市" and counties["654203"] == "沙湾市"
    assert counties["654226"] == "和布克赛尔蒙古自治县"
    assert Division.objects.get(code="654201").parent.name == "塔城地区"
    assert Division.objects.get(code="654022").parent.code == "654000"
    assert Division.objects.filter(level="township").count() > 200
    assert all(
        d.code.startswith(d.parent.code)
        for d in Division.objects.filter(level="township").select_related("parent")
    )


def test_one_seat_per_deputy_per_term() -> None:
    m = Membership.objects.first()
    assert m is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            deputy=m.deputy,
            term=m.term,
            level=m.level,
            electoral_unit=m.electoral_unit,
            elected_on=m.elected_on,
        )


def test_the_same_id_number_hash_cannot_be_stored_twice() -> None:
    d = Deputy.objects.exclude(id_number_hash="").first()
    assert d is not None
    d.pk = None
    d.user = None
    with pytest.raises(IntegrityError), transaction.atomic():
        d.save()


def test_one_current_term_per_congress() -> None:
    congress = Congress.objects.get(level="prefecture")
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.create(
            congress=congress,
            number=16,
            starts_on=dt.date(2027, 1, 5),
            ends_on=dt.date(2032, 1, 4),
            is_current=True,
        )


def test_a_term_ends_after_it_starts() -> None:
    congress = Congress.objects.get(level="prefecture")
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.create(
            congress=congress, number=9, starts_on=dt.date(2027, 1, 5), ends_on=dt.date(2020, 1, 4)
        )


def test_organisation_paths_nest_children_under_parents() -> None:
    for org in Organisation.objects.exclude(parent=None).select_related("parent")[:200]:
        assert org.path.startswith(org.parent.path) and len(org.path) == len(org.parent.path) + 8


def test_every_organisation_kind_of_the_spec_exists_in_the_demo_tree() -> None:
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == set(OrgKind.values)


def test_streets_have_no_congress_but_towns_and_townships_do() -> None:
    heads = Organisation.objects.filter(
        division__level="township", kind__in=[OrgKind.TOWNSHIP_PRESIDIUM, OrgKind.WORKING_BODY]
    ).select_related("division")
    seen = set()
    for head in heads:
        is_street = head.division.code[6] == "0"
        seen.add(is_street)
        assert Congress.objects.filter(division=head.division).exists() is not is_street
        assert head.kind == (OrgKind.WORKING_BODY if is_street else OrgKind.TOWNSHIP_PRESIDIUM)
    assert seen == {True, False}


def test_terms_and_sessions_are_named_with_chinese_numerals() -> None:
    from lvzhi.registry.models import Session, chinese_number

    assert [chinese_number(n) for n in (1, 10, 15, 20, 99)] == [
        "一",
        "十",
        "十五",
        "二十",
        "九十九",
    ]
    term = Term.objects.select_related("congress__division").get(congress__level="prefecture")
    assert str(term) == "伊犁哈萨克自治州第十五届人民代表大会"
    assert str(Session.objects.filter(term=term).order_by("number").first()) == "第一次会议"
