"""The synthetic data generator: realistic, deterministic, every role has a persona."""

from __future__ import annotations

import pytest

from lvzhi.core import crypto
from lvzhi.core.models import User
from lvzhi.core.personal import validate_id_number
from lvzhi.registry.models import Deputy, Membership, Role, RoleAssignment

pytestmark = pytest.mark.django_db


def test_small_scale_has_a_persona_for_every_role() -> None:
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles | {Role.DEPUTY} == set(Role.values)
    assert Deputy.objects.filter(user__username="deputy").exists()


def test_demo_identity_numbers_are_valid_and_match_birth_dates() -> None:
    for deputy in Deputy.objects.exclude(id_number_encrypted="")[:300]:
        number = validate_id_number(crypto.decrypt(deputy.id_number_encrypted))
        assert number[6:14] == deputy.birth_date.strftime("%Y%m%d")
        assert int(number[16]) % 2 == (1 if deputy.gender == "1" else 0)


def test_demo_names_reflect_the_prefectures_peoples() -> None:
    ethnicities = set(Deputy.objects.values_list("ethnicity", flat=True))
    assert {"01", "05", "17", "03"} <= ethnicities
    assert Deputy.objects.filter(name__contains="·").exists()


def test_some_people_hold_seats_at_two_levels() -> None:
    from django.db.models import Count

    assert Membership.objects.values("deputy").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_all_demo_accounts_share_the_printed_password(password: str) -> None:
    assert User.objects.get(username="yining").check_password(password)
