"""Registry services: validation, uniqueness, history, audit (R46, Art 89; SPEC section 2)."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.core import crypto, events
from lvzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from lvzhi.core.models import AuditEvent, User
from lvzhi.registry import services
from lvzhi.registry.models import Deputy, Membership, MembershipStatus

from .factories import deputy_data, id_number, yining_membership

pytestmark = pytest.mark.django_db


def u(name: str) -> User:
    return User.objects.get(username=name)


def test_r46_electoral_unit_staff_register_a_deputy_with_encrypted_numbers() -> None:
    data = deputy_data()
    full_id = data.id_number
    deputy = services.deputy_create(actor=u("yining"), data=data, membership=yining_membership())
    deputy.refresh_from_db()
    assert deputy.id_number_masked == full_id[:4] + "**********" + full_id[-4:]
    assert deputy.phone_masked == "139****1111"
    assert crypto.decrypt(deputy.id_number_encrypted) == full_id
    assert deputy.name_initials == "csdb"
    assert sorted(deputy.expertise.values_list("name", flat=True)) == sorted(["农业", "水利"])
    m = deputy.memberships.get()
    assert m.level == "prefecture"
    (elected,) = events.of(m)
    assert elected.kind == "registry.seat_elected" and elected.data["status"] == "serving"
    assert elected.actor_id == u("yining").pk and elected.term_id == m.term_id
    event = AuditEvent.objects.get(action="deputy.created", object_id=str(deputy.pk))
    assert full_id not in str(event.after) and "13900001111" not in str(event.after)


def test_same_id_number_cannot_be_registered_twice() -> None:
    data = deputy_data()
    services.deputy_create(actor=u("yining"), data=data, membership=yining_membership())
    again = deputy_data(name="另一人", id_number=data.id_number)
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_create(actor=u("yining"), data=again, membership=yining_membership())
    assert exc.value.field == "id_number"


def test_birth_date_must_match_the_id_number() -> None:
    data = deputy_data()
    data.birth_date = dt.date(1981, 1, 1)
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_create(actor=u("yining"), data=data, membership=yining_membership())
    assert exc.value.field == "birth_date"


def test_a_deputy_must_be_at_least_eighteen() -> None:
    young = dt.date.today().replace(year=dt.date.today().year - 17)
    data = deputy_data(birth_date=young, id_number="")
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_create(actor=u("yining"), data=data, membership=yining_membership())
    assert exc.value.field == "birth_date"


def test_staff_cannot_register_into_an_electoral_unit_outside_their_scope() -> None:
    with pytest.raises(PermissionDenied):
        services.deputy_create(
            actor=u("chabuchaer"), data=deputy_data(), membership=yining_membership()
        )
    assert not Deputy.objects.filter(name="测试代表").exists()


def test_roles_without_edit_right_cannot_register_deputies() -> None:
    with pytest.raises(PermissionDenied):
        services.deputy_create(
            actor=u("handling"), data=deputy_data(), membership=yining_membership()
        )


def test_r46_update_writes_before_and_after_to_the_audit_log() -> None:
    deputy = services.deputy_create(
        actor=u("yining"), data=deputy_data(), membership=yining_membership()
    )
    data = deputy_data(name="测试代表二", id_number="", phone="")
    services.deputy_update(actor=u("yining"), deputy=deputy, data=data)
    event = AuditEvent.objects.get(action="deputy.updated", object_id=str(deputy.pk))
    assert event.before == {"name": "测试代表"}
    assert event.after == {"name": "测试代表二"}
    assert event.actor == u("yining")


def test_update_outside_scope_is_not_found_and_changes_nothing() -> None:
    deputy = services.deputy_create(
        actor=u("yining"), data=deputy_data(), membership=yining_membership()
    )
    with pytest.raises(NotFound):
        services.deputy_update(
            actor=u("chabuchaer"), deputy=deputy, data=deputy_data(name="别人改的", id_number="")
        )
    deputy.refresh_from_db()
    assert deputy.name == "测试代表"


def test_status_change_is_recorded_in_the_history_with_its_date() -> None:
    deputy = services.deputy_create(
        actor=u("yining"), data=deputy_data(), membership=yining_membership()
    )
    m = deputy.memberships.get()
    services.membership_change_status(
        actor=u("yining"),
        membership=m,
        status=MembershipStatus.RESIGNED,
        on=dt.date(2024, 6, 1),
        reason="工作调动",
        document_no="伊人常〔2024〕8号",
    )
    m.refresh_from_db()
    assert m.status == "resigned" and m.ended_on == dt.date(2024, 6, 1)
    history = [(e.kind, e.data["status"], e.data["on"]) for e in events.of(m)]
    assert history == [
        ("registry.seat_elected", "serving", "2021-12-28"),
        ("registry.seat_status_changed", "resigned", "2024-06-01"),
    ]
    changed = events.of(m).last()
    assert changed is not None
    assert changed.data["reason"] == "工作调动"
    assert changed.data["document_no"] == "伊人常〔2024〕8号"
    assert changed.subject_label == str(m)


def test_a_resigned_membership_cannot_become_recalled() -> None:
    deputy = services.deputy_create(
        actor=u("yining"), data=deputy_data(), membership=yining_membership()
    )
    m = deputy.memberships.get()
    services.membership_change_status(
        actor=u("yining"), membership=m, status="resigned", on=dt.date(2024, 6, 1)
    )
    with pytest.raises(ValidationFailed):
        services.membership_change_status(
            actor=u("yining"), membership=m, status="recalled", on=dt.date(2024, 7, 1)
        )


def test_one_person_can_hold_seats_at_several_levels() -> None:
    deputy = services.deputy_create(
        actor=u("yining"), data=deputy_data(), membership=yining_membership()
    )
    from lvzhi.registry.models import Organisation, OrgKind, Term
    from lvzhi.registry.services import MembershipData

    unit = Organisation.objects.filter(
        kind=OrgKind.ELECTORAL_UNIT, congress__level="county", division__parent__code="654002"
    ).first()
    assert unit is not None
    term = Term.objects.get(congress=unit.congress, is_current=True)
    services.membership_add(
        actor=u("yining"),
        deputy=deputy,
        data=MembershipData(term=term, electoral_unit=unit, elected_on=dt.date(2021, 12, 5)),
    )
    assert sorted(Membership.objects.filter(deputy=deputy).values_list("level", flat=True)) == [
        "county",
        "prefecture",
    ]
    with pytest.raises(ValidationFailed):
        services.membership_add(
            actor=u("yining"),
            deputy=deputy,
            data=MembershipData(term=term, electoral_unit=unit, elected_on=dt.date(2021, 12, 5)),
        )


def test_revealing_a_full_number_needs_the_owning_unit_and_is_logged() -> None:
    data = deputy_data()
    deputy = services.deputy_create(actor=u("yining"), data=data, membership=yining_membership())
    assert (
        services.personal_data_reveal(actor=u("yining"), deputy=deputy, field_name="id_number")
        == data.id_number
    )
    event = AuditEvent.objects.get(action="personal_data.revealed")
    assert event.after == {"field": "id_number"} and event.actor == u("yining")
    # The prefecture office manages deputy work but is not the owning unit.
    with pytest.raises(PermissionDenied):
        services.personal_data_reveal(actor=u("office"), deputy=deputy, field_name="phone")


def test_id_number_helper_builds_valid_numbers() -> None:
    from lvzhi.core.personal import validate_id_number

    assert validate_id_number(id_number())


def test_r46_update_keeping_the_id_number_still_checks_the_birth_date() -> None:
    """An empty ID field keeps the number on file; the birth date must still match it."""
    deputy = services.deputy_create(
        actor=u("yining"), data=deputy_data(), membership=yining_membership()
    )
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_update(
            actor=u("yining"),
            deputy=deputy,
            data=deputy_data(id_number="", birth_date=dt.date(1981, 1, 1)),
        )
    assert exc.value.field == "birth_date"
    deputy.refresh_from_db()
    assert deputy.birth_date == dt.date(1980, 3, 15)
