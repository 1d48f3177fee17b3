"""Issue 18.7: the password policy refuses Django's list of 20,000 common passwords, the
platform's own published strings (the demo password, organisation names) and the current
password."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from lvzhi.core.models import User
from lvzhi.registry.demo.seed import DEMO_PASSWORD
from lvzhi.registry.models import Organisation

pytestmark = pytest.mark.django_db


def _refused(password: str, user: User | None = None) -> str:
    with pytest.raises(ValidationError) as exc:
        validate_password(password, user)
    return " ".join(exc.value.messages)


def test_the_published_demo_password_is_refused() -> None:
    assert "演示" in _refused(DEMO_PASSWORD)
    assert "演示" in _refused(DEMO_PASSWORD.upper() + "!")


def test_an_organisation_name_in_the_password_is_refused() -> None:
    org = Organisation.objects.filter(name__regex=r"^.{4,}$").first()
    assert org is not None
    assert "机构" in _refused(f"{org.name}Ab-2026")


def test_the_current_password_cannot_be_chosen_again(password: str) -> None:
    user = User.objects.get(username="yining")
    user.set_password("Current-Strong-77")
    user.save()
    assert "当前" in _refused("Current-Strong-77", user)
    validate_password("Another-Strong-78", user)


def test_a_common_password_from_djangos_list_is_refused() -> None:
    assert _refused("Password1234")  # on Django's CommonPasswordValidator list
