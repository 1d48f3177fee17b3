"""Names in the prefecture's scripts (issue 9, item 7): deputies, stations (organisations) and
divisions carry a Uyghur and a Kazakh form beside the Chinese one; the portal shows the form
of the active language and falls back to Chinese."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from lvzhi.core.models import AuditEvent, Division
from lvzhi.registry.demo.scripts import names_in_scripts
from lvzhi.registry.models import Deputy, Organisation, OrgKind

pytestmark = pytest.mark.django_db


def _portal(language: str, path: str) -> str:
    cache.clear()
    client = Client()
    client.cookies["django_language"] = language
    return client.get(path).content.decode()


def test_divisions_carry_their_uyghur_and_kazakh_names() -> None:
    yining = Division.objects.get(code="654002")
    assert (yining.name, yining.name_ug, yining.name_kk) == (
        "伊宁市",
        "غۇلجا شەھىرى",
        "قۇلجا قالاسى",
    )


def test_deputy_profile_shows_the_name_of_the_active_language_else_chinese() -> None:
    deputy = Deputy.objects.filter(memberships__isnull=False).first()
    assert deputy is not None
    Deputy.objects.filter(pk=deputy.pk).update(name_ug="ئابدۇراخمان مەمەت", name_kk="")
    path = reverse("portal:deputy", args=[deputy.pk])
    assert "<h1>ئابدۇراخمان مەمەت</h1>" in _portal("ug", path)
    assert f"<h1>{deputy.name}</h1>" in _portal("kk", path)  # no Kazakh form: Chinese
    assert f"<h1>{deputy.name}</h1>" in _portal("zh-hans", path)


def test_find_my_deputy_lists_places_in_uyghur() -> None:
    body = _portal("ug", reverse("portal:find"))
    assert 'label="غۇلجا شەھىرى"' in body


def test_station_page_shows_the_station_name_in_kazakh() -> None:
    org = Organisation.objects.filter(kind=OrgKind.STATION, station_profile__isnull=False).first()
    assert org is not None
    Organisation.objects.filter(pk=org.pk).update(name_kk="قۇلجا قالالىق بايلانىس پۋنكتى")
    body = _portal("kk", reverse("stations:detail", args=[org.station_profile.pk]))
    assert "<h1>قۇلجا قالالىق بايلانىس پۋنكتى</h1>" in body


def test_deputy_form_saves_the_names_and_audits_them(login: Any) -> None:
    from lvzhi.registry.models import Membership

    m = (
        Membership.objects.filter(electoral_unit__division__code__startswith="654002")
        .select_related("deputy")
        .first()
    )
    assert m is not None
    deputy = m.deputy
    response = login("yining").post(
        reverse("registry:deputy_edit", args=[deputy.pk]),
        {
            "name": deputy.name,
            "name_ug": " ئەخمەت  تۇرسۇن ",
            "name_kk": "احمەت تۇرسىن",
            "gender": deputy.gender,
            "ethnicity": deputy.ethnicity,
            "birth_date": deputy.birth_date.isoformat(),
            "political_status": deputy.political_status,
            "occupation_category": deputy.occupation_category,
            "languages": ["zh"],
        },
    )
    assert response.status_code == 302
    deputy.refresh_from_db()
    assert (deputy.name_ug, deputy.name_kk) == ("ئەخمەت تۇرسۇن", "احمەت تۇرسىن")
    event = AuditEvent.objects.filter(action="deputy.updated", object_id=str(deputy.pk)).last()
    assert event is not None and event.after["name_ug"] == "ئەخمەت تۇرسۇن"


def test_organisation_form_saves_the_names(login: Any) -> None:
    org = Organisation.objects.filter(kind=OrgKind.STATION).first()
    assert org is not None
    response = login("admin").post(
        reverse("registry:organisation_edit", args=[org.pk]),
        {
            "name": org.name,
            "name_ug": "غۇلجا شەھەرلىك ئالاقە پونكىتى",
            "name_kk": "قۇلجا قالالىق بايلانىس پۋنكتى",
            "short_name": org.short_name,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name_ug == "غۇلجا شەھەرلىك ئالاقە پونكىتى"
    assert org.name_kk == "قۇلجا قالالىق بايلانىس پۋنكتى"


def test_demo_gives_names_only_when_both_parts_are_known() -> None:
    assert names_in_scripts("叶尔兰·别克") == ("ئېرلان بەك", "ەرلان بەك")
    assert names_in_scripts("叶尔兰·不在表里") is None
    assert Organisation.objects.filter(kind=OrgKind.DELEGATION).exclude(name_kk="").exists()
