"""Pages: my desk per role, role-aware navigation, forms that keep what was typed."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lvzhi.core.models import AuditEvent
from lvzhi.registry.models import Deputy, Membership

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin",
    "office",
    "secretariat",
    "recorder",
    "committee",
    "yining",
    "chabuchaer",
    "tacheng",
    "scmember",
    "handling",
    "station",
    "deputy",
    "groupleader",
]


@pytest.mark.parametrize("username", PERSONAS)
def test_every_persona_has_a_desk_page_in_chinese(login: Any, username: str) -> None:
    response = login(username).get(reverse("core:desk"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "我的工作台" in body and "我的角色" in body


def test_navigation_depends_on_the_role(login: Any) -> None:
    office = login("office").get(reverse("core:desk")).content.decode()
    assert "代表名册" in office and "审计日志" not in office
    admin = login("admin").get(reverse("core:desk")).content.decode()
    assert "审计日志" in admin
    deputy = login("deputy").get(reverse("core:desk")).content.decode()
    assert "代表名册" not in deputy and "我的代表信息" in deputy


def test_deputy_desk_shows_own_seats(login: Any) -> None:
    body = login("deputy").get(reverse("core:desk")).content.decode()
    deputy = Deputy.objects.get(user__username="deputy")
    assert "伊犁哈萨克自治州第十五届人民代表大会" in body
    assert reverse("registry:deputy_detail", args=[deputy.pk]) in body


def _yining_deputy() -> Deputy:
    m = (
        Membership.objects.filter(electoral_unit__division__code__startswith="654002")
        .select_related("deputy")
        .first()
    )
    assert m is not None
    return m.deputy


def test_edit_form_with_bad_input_keeps_what_was_typed_and_explains(login: Any) -> None:
    client = login("yining")
    deputy = _yining_deputy()
    response = client.post(
        reverse("registry:deputy_edit", args=[deputy.pk]),
        {
            "name": "新名字很长的测试",
            "gender": "1",
            "ethnicity": "01",
            "birth_date": deputy.birth_date.isoformat(),
            "id_number": "123",
            "political_status": "01",
            "occupation_category": "worker",
            "position": "我输入的职务",
            "expertise": "农业、法律",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "新名字很长的测试" in body and "我输入的职务" in body and "农业、法律" in body
    assert "18" in body
    deputy.refresh_from_db()
    assert deputy.name != "新名字很长的测试"


def test_edit_form_saves_and_audits(login: Any) -> None:
    client = login("yining")
    deputy = _yining_deputy()
    response = client.post(
        reverse("registry:deputy_edit", args=[deputy.pk]),
        {
            "name": deputy.name,
            "gender": deputy.gender,
            "ethnicity": deputy.ethnicity,
            "birth_date": deputy.birth_date.isoformat(),
            "political_status": deputy.political_status,
            "occupation_category": deputy.occupation_category,
            "position": "新的工作单位及职务",
            "languages": ["zh"],
        },
    )
    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.position == "新的工作单位及职务"
    event = AuditEvent.objects.get(action="deputy.updated", object_id=str(deputy.pk))
    assert event.after["position"] == "新的工作单位及职务"


def test_create_form_with_an_empty_post_lists_required_fields(login: Any) -> None:
    response = login("yining").post(reverse("registry:deputy_create"), {})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()


def test_status_change_with_a_date_before_election_is_explained(login: Any) -> None:
    client = login("yining")
    deputy = _yining_deputy()
    m = deputy.memberships.first()
    response = client.post(
        reverse("registry:membership_status", args=[deputy.pk]),
        {"membership": m.pk, "status": "resigned", "on": "2001-01-01", "reason": "调离"},
    )
    assert response.status_code == 400
    assert "早于当选" in response.content.decode()


def test_organisation_tree_shows_the_scope_only(login: Any) -> None:
    body = login("yining").get(reverse("registry:organisation_tree")).content.decode()
    assert "伊宁市人大常委会" in body and "察布查尔锡伯自治县人大常委会" not in body


def test_health_endpoint_answers(client: Any) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_unknown_url_gives_the_chinese_not_found_page(client: Any) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "不存在" in response.content.decode()


def test_audit_log_shows_chinese_action_labels_and_exports(
    login: Any, client: Any, password: str
) -> None:
    client.post("/login/", {"username": "yining", "password": password})
    admin = login("admin")
    body = admin.get(reverse("registry:audit_list"), {"action": "account"}).content.decode()
    assert "登录" in body
    export = admin.get(reverse("registry:audit_list"), {"format": "csv"})
    text = b"".join(export.streaming_content).decode()
    assert text.startswith("\ufeff时间") and "登录" in text


def test_organisation_list_is_searchable_and_exportable(login: Any) -> None:
    client = login("office")
    body = client.get(reverse("registry:organisation_tree"), {"q": "代表团"}).content.decode()
    assert "伊宁市代表团" in body and "伊宁市人民政府" not in body
    export = client.get(reverse("registry:organisation_tree"), {"kind": "court", "format": "csv"})
    rows = b"".join(export.streaming_content).decode().strip().splitlines()
    assert len(rows) > 1 and all("法院" in r for r in rows[1:])


def test_account_list_exports_csv(login: Any) -> None:
    export = login("admin").get(reverse("registry:account_list"), {"format": "csv"})
    text = b"".join(export.streaming_content).decode()
    assert "yining" in text and "伊宁市人大常委会" in text


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def test_photo_upload_checks_content_and_is_served_only_in_scope(login: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login("yining")
    deputy = _yining_deputy()
    url = reverse("registry:deputy_photo_upload", args=[deputy.pk])
    fake = SimpleUploadedFile("photo.png", b"<html>not an image</html>", "image/png")
    client.post(url, {"photo": fake})
    deputy.refresh_from_db()
    assert not deputy.photo
    client.post(url, {"photo": SimpleUploadedFile("x.bin", PNG, "application/octet-stream")})
    deputy.refresh_from_db()
    assert deputy.photo.name.endswith(".png")
    shown = client.get(reverse("registry:deputy_photo", args=[deputy.pk]))
    assert shown["Content-Type"] == "image/png" and shown["X-Content-Type-Options"] == "nosniff"
    other = login("chabuchaer").get(reverse("registry:deputy_photo", args=[deputy.pk]))
    assert other.status_code == 404
    assert AuditEvent.objects.filter(action="deputy.photo_changed").count() == 1


def test_a_photo_over_two_megabytes_is_refused_with_the_limit(login: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login("yining")
    deputy = _yining_deputy()
    big = SimpleUploadedFile("big.png", PNG + b"\0" * (2 * 1024 * 1024), "image/png")
    response = client.post(
        reverse("registry:deputy_photo_upload", args=[deputy.pk]), {"photo": big}, follow=True
    )
    assert "照片过大" in response.content.decode()


def test_administrators_add_and_rename_organisations_with_audit(login: Any) -> None:
    from lvzhi.registry.models import Organisation, OrgKind

    client = login("admin")
    sc = Organisation.objects.get(kind=OrgKind.STANDING_COMMITTEE, division__code="654002")
    response = client.post(
        reverse("registry:organisation_add_child", args=[sc.pk]),
        {
            "kind": OrgKind.WORKING_BODY,
            "name": "  伊宁市人大常委会  代表工作委员会 ",
            "short_name": "代表工委",
            "division": sc.division_id,
        },
    )
    assert response.status_code == 302
    new = Organisation.objects.get(name="伊宁市人大常委会 代表工作委员会")
    assert new.path.startswith(sc.path) and new.congress_id == sc.congress_id
    response = client.post(
        reverse("registry:organisation_edit", args=[new.pk]),
        {"name": "伊宁市人大常委会代表工作委员会", "short_name": "代表工委"},
    )
    new.refresh_from_db()
    assert new.name == "伊宁市人大常委会代表工作委员会" and not new.is_active
    event = AuditEvent.objects.get(action="organisation.updated", object_id=str(new.pk))
    assert event.after == {"name": "伊宁市人大常委会代表工作委员会", "is_active": False}
    # A county's staff may not touch the tree.
    assert (
        login("yining").get(reverse("registry:organisation_edit", args=[new.pk])).status_code == 404
    )


def test_organisation_form_with_an_empty_name_explains(login: Any) -> None:
    from lvzhi.registry.models import Organisation

    org = Organisation.objects.order_by("id").first()
    assert org is not None
    response = login("admin").post(
        reverse("registry:organisation_edit", args=[org.pk]),
        {"name": "   ", "short_name": "简称保留"},
    )
    assert response.status_code == 400
    assert "简称保留" in response.content.decode()


def test_edit_form_shows_the_birth_date_in_the_date_picker(login: Any) -> None:
    """A date picker needs an ISO value; a localised one would show empty and be lost."""
    deputy = _yining_deputy()
    body = login("yining").get(reverse("registry:deputy_edit", args=[deputy.pk])).content
    assert f'value="{deputy.birth_date.isoformat()}"'.encode() in body
