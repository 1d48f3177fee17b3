"""Scope follows the organisation tree: staff of a county see that county's subtree and
nothing else; a record outside one's scope answers 404, the same as a missing one."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q
from django.urls import reverse

from lvzhi.core.models import AuditEvent
from lvzhi.registry.models import Deputy, Membership

pytestmark = pytest.mark.django_db


def _deputy_of(county_code: str) -> Deputy:
    m = (
        Membership.objects.filter(electoral_unit__division__code__startswith=county_code)
        .select_related("deputy")
        .order_by("id")
        .first()
    )
    assert m is not None
    return m.deputy


def test_county_staff_directory_lists_only_their_county(login: Any) -> None:
    client = login("yining")
    response = client.get(reverse("registry:deputy_list"), {"status": ""})
    page = response.context["page"]
    assert page.paginator.count > 0
    units = {
        m.electoral_unit.division.code[:6]
        for m in Membership.objects.filter(pk__in=[m.pk for m in page.object_list]).select_related(
            "electoral_unit__division"
        )
    }
    assert units == {"654002"}
    yining_total = Membership.objects.filter(
        electoral_unit__division__code__startswith="654002"
    ).count()
    assert page.paginator.count == yining_total


def test_county_staff_cannot_read_another_countys_deputy(login: Any) -> None:
    client = login("yining")
    other = _deputy_of("654022")
    response = client.get(reverse("registry:deputy_detail", args=[other.pk]))
    missing = client.get(reverse("registry:deputy_detail", args=[10**9]))
    assert response.status_code == missing.status_code == 404
    assert response.templates[0].name == missing.templates[0].name == "404.html"
    assert other.name not in response.content.decode()


def test_county_staff_cannot_change_another_countys_deputy(login: Any) -> None:
    client = login("yining")
    other = _deputy_of("654022")
    before = Deputy.objects.get(pk=other.pk)
    events = AuditEvent.objects.count()
    response = client.post(
        reverse("registry:deputy_edit", args=[other.pk]),
        {
            "name": "改名",
            "gender": "1",
            "ethnicity": "01",
            "birth_date": "1980-01-01",
            "political_status": "01",
            "occupation_category": "worker",
        },
    )
    assert response.status_code == 404
    after = Deputy.objects.get(pk=other.pk)
    assert (after.name, after.updated_at) == (before.name, before.updated_at)
    assert AuditEvent.objects.count() == events


def test_county_staff_cannot_reveal_another_countys_id_number(login: Any) -> None:
    client = login("yining")
    other = _deputy_of("654022")
    response = client.post(reverse("registry:deputy_reveal", args=[other.pk, "id_number"]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="personal_data.revealed").exists()


def test_regional_work_committee_sees_all_its_counties(login: Any) -> None:
    client = login("tacheng")
    response = client.get(reverse("registry:deputy_list"), {"status": ""})
    codes = set(
        Membership.objects.filter(pk__in=[m.pk for m in response.context["page"]]).values_list(
            "electoral_unit__division__code", flat=True
        )
    )
    assert codes and all(code.startswith("6542") for code in codes)


def test_prefecture_office_sees_every_county(login: Any) -> None:
    client = login("office")
    response = client.get(reverse("registry:deputy_list"), {"status": ""})
    assert response.context["page"].paginator.count == Membership.objects.count()


def test_deputy_sees_own_record_but_not_the_directory_or_others(login: Any) -> None:
    client = login("deputy")
    own = Deputy.objects.get(user__username="deputy")
    assert client.get(reverse("registry:deputy_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("registry:deputy_list")).status_code == 404
    other = Deputy.objects.exclude(pk=own.pk).first()
    assert other is not None
    assert client.get(reverse("registry:deputy_detail", args=[other.pk])).status_code == 404


def test_handling_unit_cannot_open_the_deputy_directory(login: Any) -> None:
    client = login("handling")
    assert client.get(reverse("registry:deputy_list")).status_code == 404
    assert client.get(reverse("registry:import_start")).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client: Any) -> None:
    response = client.get(reverse("registry:deputy_list"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("core:login"))


def test_only_administrators_browse_the_audit_log(login: Any) -> None:
    assert login("office").get(reverse("registry:audit_list")).status_code == 403
    assert login("admin").get(reverse("registry:audit_list")).status_code == 200


def _office() -> Any:
    from lvzhi.core.models import User

    return User.objects.get(username="office")


def test_a_scope_over_the_whole_tree_selects_what_the_subtree_selects() -> None:
    """The prefecture office covers every root: its scope is asked without the subquery over
    every organisation, and selects exactly the same seats."""
    from lvzhi.registry import policies
    from lvzhi.registry.models import Organisation

    office = _office()
    paths = policies.scope_paths(office, policies.DIRECTORY_ROLES)
    assert paths and policies.covers_every_root(paths)
    in_tree = Organisation.objects.filter(policies.subtree_q(paths)).values("id")
    by_subquery = Membership.objects.filter(
        Q(electoral_unit_id__in=in_tree) | Q(delegation_id__in=in_tree)
    )
    shortcut = Membership.objects.filter(
        policies.membership_scope_q(office, policies.DIRECTORY_ROLES)
    )
    assert set(shortcut.values_list("pk", flat=True)) == set(
        by_subquery.values_list("pk", flat=True)
    )


def test_a_new_root_outside_the_scope_ends_the_shortcut_at_once() -> None:
    """Saving a root organisation forgets the cached roots: the office no longer covers the
    whole tree, and its congresses are asked through the scope again."""
    from lvzhi.registry import policies, selectors, services
    from lvzhi.registry.models import OrgKind

    office = _office()
    assert selectors.congress_ids_in_scope(office, policies.DIRECTORY_ROLES) is None
    services.organisation_create(
        actor=None, name="另一个自治州人大常委会", kind=OrgKind.STANDING_COMMITTEE, parent=None
    )
    paths = policies.scope_paths(office, policies.DIRECTORY_ROLES)
    assert paths and not policies.covers_every_root(paths)
    assert selectors.congress_ids_in_scope(office, policies.DIRECTORY_ROLES) is not None


def test_county_staff_never_cover_the_whole_tree() -> None:
    from lvzhi.core.models import User
    from lvzhi.registry import policies

    paths = policies.scope_paths(User.objects.get(username="yining"), policies.DIRECTORY_ROLES)
    assert paths and not policies.covers_every_root(paths)
