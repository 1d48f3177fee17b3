"""Building blocks for station tests: the demo personas and a quick path through the
workflow."""

from __future__ import annotations

from typing import Any

from django.test import Client

from lvzhi.core import clock
from lvzhi.core.models import User
from lvzhi.registry import services as registry_services
from lvzhi.registry.models import PATH_STEP, Deputy, Organisation, OrgKind, Role
from lvzhi.stations import services
from lvzhi.stations.models import MatterLevel, Opinion, Station

BODY = "我们小区的路灯已经坏了一个多月，晚上老人孩子出行很不方便，希望尽快修好。"


def u(name: str) -> User:
    return User.objects.get(username=name)


def station() -> Station:
    """The station persona's post (萨依布依街道), which the deputy persona enters."""
    return Station.objects.select_related("organisation").get(
        organisation__role_assignments__user__username="station"
    )


def other_station() -> Station:
    return (
        Station.objects.exclude(pk=station().pk)
        .filter(entries__isnull=False)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )  # type: ignore[return-value]


def many_stations(n: int, under: Station, name: str = "测试联络站") -> list[Station]:
    """``n`` stations below ``under``'s organisation (in the scope of its staff), in bulk."""
    parent = under.organisation
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"{name}{i}", kind=OrgKind.STATION, parent=parent, division=parent.division
        )
        for i in range(n)
    )
    for org in orgs:
        org.path = f"{parent.path}{org.pk:0{PATH_STEP}d}"
    Organisation.objects.bulk_update(orgs, ["path"])
    return Station.objects.bulk_create(
        Station(organisation=org, level=under.level, created_at=clock.now()) for org in orgs
    )


def staff_of(st: Station, username: str = "otherstaff") -> User:
    user = User.objects.create_user(username=username, password=None)
    registry_services.role_grant(
        actor=None, user=user, role=Role.STATION_STAFF, organisation=st.organisation
    )
    return user


def persona_deputy() -> Deputy:
    return Deputy.objects.get(user__username="deputy")


def deputy_account(d: Deputy, username: str | None = None) -> User:
    if d.user is None:
        user = User.objects.create_user(username=username or f"t{d.pk}", password=None)
        registry_services.deputy_link_account(actor=None, deputy=d, user=user)
        d.user = user
    return d.user


def data(**kw: str) -> services.OpinionData:
    values = {
        "name": "张丽",
        "phone": "13812345678",
        "category": "urban",
        "title": "小区路灯不亮",
        "body": BODY,
    }
    values.update(kw)
    return services.OpinionData(**values)


def received(st: Station | None = None, **kw: str) -> Opinion:
    return services.opinion_record(actor=u("station"), station=st or station(), data=data(**kw))


def assigned(level: str = MatterLevel.LOCAL) -> Opinion:
    o = received()
    return services.opinion_assign(
        actor=u("station"), opinion=o, deputies=[persona_deputy()], matter_level=level
    )


def as_user(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session["last_seen"] = session["started_at"] = clock.now().timestamp()
    session.save()
    return client
