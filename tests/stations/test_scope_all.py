"""Station staff over the whole organisation tree see every opinion, and their lists ask the
opinions' own indexes, not a join to the organisations (issue 26.2)."""

from __future__ import annotations

import pytest
from django.db.models import Q

from lvzhi.registry import services as registry_services
from lvzhi.registry.models import Organisation, OrgKind, Role
from lvzhi.stations import policies, selectors
from lvzhi.stations.models import Opinion, Station

pytestmark = pytest.mark.django_db


def _staff_at(org: Organisation, username: str):
    from lvzhi.core.models import User

    user = User.objects.create(username=username, display_name=username)
    registry_services.role_grant(actor=None, user=user, role=Role.STATION_STAFF, organisation=org)
    return user


def test_staff_over_the_whole_tree_see_every_opinion_without_a_join_to_the_organisations():
    root = Organisation.objects.get(parent__isnull=True, kind=OrgKind.STANDING_COMMITTEE)
    user = _staff_at(root, "all-stations")
    seen = selectors.visible(user)
    assert seen.count() == Opinion.objects.count() > 0
    assert "registry_organisation" not in str(seen.query)
    assert set(selectors.staff_stations(user).values_list("pk", flat=True)) == set(
        Station.objects.values_list("pk", flat=True)
    )


def test_staff_of_one_station_keep_to_their_subtree():
    station = Station.objects.select_related("organisation").order_by("pk").first()
    assert station is not None
    user = _staff_at(station.organisation, "one-station")
    seen = selectors.visible(user)
    assert "registry_organisation" in str(seen.query)
    path = station.organisation.path
    assert (
        seen.count() == Opinion.objects.filter(station__organisation__path__startswith=path).count()
    )
    assert seen.count() < Opinion.objects.count()


def test_everything_stays_everything_when_combined_with_the_deputy_condition():
    everything = ~Q(pk__in=[])
    assert Opinion.objects.filter(everything | Q(pk=-1)).count() == Opinion.objects.count()
    root = Organisation.objects.get(parent__isnull=True, kind=OrgKind.STANDING_COMMITTEE)
    user = _staff_at(root, "all-and-deputy")
    assert Opinion.objects.filter(policies.visible_q(user)).count() == Opinion.objects.count()
