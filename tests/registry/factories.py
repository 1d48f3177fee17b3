"""Helpers to build valid input for registry services in tests."""

from __future__ import annotations

import datetime as dt
import itertools

from lvzhi.core.models import Division, DivisionLevel
from lvzhi.core.personal import id_check_character
from lvzhi.registry.models import PATH_STEP, Organisation, OrgKind, Term
from lvzhi.registry.services import DeputyData, MembershipData

_seq = itertools.count(1)


def id_number(
    birth: dt.date = dt.date(1980, 3, 15), county: str = "654002", male: bool = True
) -> str:
    n = next(_seq) % 499
    first17 = f"{county}{birth:%Y%m%d}{n * 2 + (1 if male else 0):03d}"
    return first17 + id_check_character(first17)


def deputy_data(**overrides: object) -> DeputyData:
    birth = overrides.pop("birth_date", dt.date(1980, 3, 15))
    assert isinstance(birth, dt.date)
    data = DeputyData(
        name="测试代表",
        gender="1",
        ethnicity="01",
        political_status="01",
        birth_date=birth,
        occupation_category="farmer",
        education="20",
        position="某村党支部书记",
        is_grassroots=True,
        phone="13900001111",
        id_number=id_number(birth),
        expertise=["农业", "水利"],
        languages=["zh", "kk"],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def yining_membership() -> MembershipData:
    unit = Organisation.objects.get(
        kind=OrgKind.ELECTORAL_UNIT, division__code="654002", congress__level="prefecture"
    )
    term = Term.objects.get(congress__level="prefecture", is_current=True)
    return MembershipData(term=term, electoral_unit=unit, elected_on=dt.date(2021, 12, 28))


def add_divisions_and_delegations(n: int, under: Organisation) -> None:
    """``n`` counties and ``n`` delegations below ``under`` (in its staff's scope), in bulk."""
    Division.objects.bulk_create(
        Division(code=f"659{i:03d}", name=f"测试县{i}", level=DivisionLevel.COUNTY)
        for i in range(n)
    )
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"测试代表团{i}", kind=OrgKind.DELEGATION, parent=under) for i in range(n)
    )
    for org in orgs:
        org.path = f"{under.path}{org.pk:0{PATH_STEP}d}"
    Organisation.objects.bulk_update(orgs, ["path"])
