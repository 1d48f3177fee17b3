"""R45 (Art 86): a deputy keeps their own public information up to date, from a PC or a
phone — the public contact channel and the fields of expertise they declare — and the public
portal shows it at once."""

from __future__ import annotations

from typing import Any

import pytest

from lvzhi.core.errors import PermissionDenied, ValidationFailed
from lvzhi.core.models import AuditEvent, User
from lvzhi.registry import services
from lvzhi.registry.models import Deputy

pytestmark = pytest.mark.django_db


def test_r45_deputy_updates_own_public_information_and_the_portal_shows_it(login: Any) -> None:
    client = login("deputy")
    d = Deputy.objects.get(user__username="deputy")
    assert "/registry/me/public/" in client.get("/desk/").content.decode()  # from the desk
    page = client.get("/registry/me/public/")
    assert page.status_code == 200 and "公开" in page.content.decode()
    response = client.post(
        "/registry/me/public/",
        {"public_contact": "伊宁市代表联络站 0999-8123456", "expertise": "草原畜牧、水利"},
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.public_contact == "伊宁市代表联络站 0999-8123456"
    assert sorted(d.expertise.values_list("name", flat=True)) == ["水利", "草原畜牧"]
    assert AuditEvent.objects.filter(action="deputy.public_info_updated").exists()
    client.logout()
    assert "0999-8123456" in client.get(f"/portal/deputies/{d.pk}/").content.decode()


def test_r45_bad_input_keeps_what_was_typed_and_only_a_deputy_may_do_it(login: Any) -> None:
    client = login("deputy")
    typed = "联络" * 60  # 120 characters: more than the 100 the field holds
    page = client.post("/registry/me/public/", {"public_contact": typed, "expertise": "水利"})
    assert page.status_code == 400
    body = page.content.decode()
    assert typed in body and "100" in body
    with pytest.raises(PermissionDenied):
        services.deputy_public_info_update(
            actor=User.objects.get(username="office"), public_contact="x", expertise=[]
        )
    with pytest.raises(ValidationFailed):
        services.deputy_public_info_update(
            actor=User.objects.get(username="deputy"), public_contact="x", expertise=["字" * 33]
        )
