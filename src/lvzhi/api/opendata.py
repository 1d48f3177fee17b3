"""Open data: people, organisations and memberships in a Popolo-compatible JSON
(http://www.popoloproject.com/specs/). Only the public seats of the public list (the same as
the portal's directory): names, gender, work unit — never ID numbers, phones or birth dates.

Ids are stable strings: ``deputy/<id>``, ``congress/<id>``, ``org/<id>``, ``membership/<id>``
(a seat in a congress term) and ``membership/<id>/delegation`` or ``/group`` for the
delegation and deputy group of that seat.
"""

from __future__ import annotations

from typing import Any

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


def popolo() -> dict[str, Any]:
    """The whole export in four queries (deputies, their seats, congresses, organisations)."""
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
    return {"persons": persons, "organizations": organizations, "memberships": memberships}
