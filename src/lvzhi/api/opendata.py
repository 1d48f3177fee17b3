"""Open data: people, organisations and memberships in a Popolo-compatible JSON
(http://www.popoloproject.com/specs/). Only the public seats of the public list (the same as
the portal's directory): names, gender, work unit — never ID numbers, phones or birth dates.

Every ``area_id`` the export names is one of its ``areas`` (issue 25.4): the administrative
divisions with their GB/T 2260 (or statistical) code, and the divisions above them, so each
``parent_id`` resolves too.

Ids are stable strings: ``division/<code>``, ``deputy/<id>``, ``congress/<id>``, ``org/<id>``,
``membership/<id>`` (a seat in a congress term) and ``membership/<id>/delegation`` or
``/group`` for the delegation and deputy group of that seat.
"""

from __future__ import annotations

from typing import Any

from lvzhi.core.models import Division
from lvzhi.registry import selectors as registry_selectors
from lvzhi.registry.models import Congress, Deputy, Membership

_GENDER = {"1": "male", "2": "female"}


def _person(d: Deputy) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": f"deputy/{d.pk}",
        "name": d.name,
        "sort_name": d.name_pinyin,
        "other_names": [{"name": d.name_pinyin, "note": "pinyin"}] if d.name_pinyin else [],
    }
    if d.gender in _GENDER:
        out["gender"] = _GENDER[d.gender]
    if d.position:
        out["summary"] = d.position
    if d.public_contact:
        out["contact_details"] = [
            {"type": "public", "label": "公开联系渠道", "value": d.public_contact}
        ]
    return out


def _memberships(m: Membership) -> list[dict[str, Any]]:
    person = f"deputy/{m.deputy_id}"
    start = m.elected_on.isoformat()
    area = m.electoral_unit.division
    seat: dict[str, Any] = {
        "id": f"membership/{m.pk}",
        "label": f"{m.term}代表",
        "role": "代表",
        "person_id": person,
        "organization_id": f"congress/{m.term.congress_id}",
        "on_behalf_of_id": f"org/{m.electoral_unit_id}",
        "start_date": start,
    }
    if area is not None:
        seat["area_id"] = f"division/{area.code}"
    rows = [seat]
    if m.delegation_id:
        rows.append(
            {
                "id": f"membership/{m.pk}/delegation",
                "role": "代表团成员",
                "person_id": person,
                "organization_id": f"org/{m.delegation_id}",
                "start_date": start,
            }
        )
    if m.deputy_group_id:
        rows.append(
            {
                "id": f"membership/{m.pk}/group",
                "role": "代表小组成员",
                "person_id": person,
                "organization_id": f"org/{m.deputy_group_id}",
                "start_date": start,
            }
        )
    return rows


AREA_PREFIX = "division/"
DIVISION_CODE_SCHEME = "GB/T 2260"  # six digits; townships and streets: the statistical code


def _areas(named: set[str]) -> list[dict[str, Any]]:
    """The divisions named by an ``area_id`` and every division above them, in code order."""
    rows = {
        pk: (code, name, level, parent)
        for pk, code, name, level, parent in Division.objects.values_list(
            "pk", "code", "name", "level", "parent_id"
        )
    }
    by_code = {code: pk for pk, (code, *_rest) in rows.items()}
    wanted: set[int] = set()
    for code in named:
        pk = by_code.get(code)
        while pk is not None and pk not in wanted:
            wanted.add(pk)
            pk = rows[pk][3]
    out = []
    for pk in sorted(wanted, key=lambda k: rows[k][0]):
        code, name, level, parent = rows[pk]
        area: dict[str, Any] = {
            "id": AREA_PREFIX + code,
            "name": name,
            "classification": level,
            "identifiers": [{"identifier": code, "scheme": DIVISION_CODE_SCHEME}],
        }
        if parent is not None:
            area["parent_id"] = AREA_PREFIX + rows[parent][0]
        out.append(area)
    return out


def popolo() -> dict[str, Any]:
    """The whole export in five queries (deputies, their seats, congresses, organisations,
    divisions)."""
    deputies = list(registry_selectors.public_deputies())
    persons = [_person(d) for d in deputies]
    memberships = [row for d in deputies for m in d.public_seats for row in _memberships(m)]  # type: ignore[attr-defined]
    organizations: list[dict[str, Any]] = [
        {
            "id": f"congress/{c.pk}",
            "name": c.name,
            "classification": "legislature",
            "area_id": f"division/{c.division.code}",
        }
        for c in Congress.objects.select_related("division").order_by("division__code")
    ]
    for o in registry_selectors.public_organisations():
        org: dict[str, Any] = {
            "id": f"org/{o.pk}",
            "name": o.name,
            "classification": o.kind,
        }
        if o.short_name:
            org["other_names"] = [{"name": o.short_name, "note": "short name"}]
        if o.parent_id:
            org["parent_id"] = f"org/{o.parent_id}"
        if o.division is not None:
            org["area_id"] = f"division/{o.division.code}"
        organizations.append(org)
    named = {
        item["area_id"].removeprefix(AREA_PREFIX)
        for item in (*organizations, *memberships)
        if item.get("area_id")
    }
    return {
        "persons": persons,
        "organizations": organizations,
        "memberships": memberships,
        "areas": _areas(named),
    }
