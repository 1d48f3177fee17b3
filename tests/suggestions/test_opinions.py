"""Co-handling units send their opinion to the lead unit by a working-day deadline; the
lead's reply lists their sign-off (会签)."""

from __future__ import annotations

import datetime as dt

import pytest

from lvzhi.core import clock
from lvzhi.core.errors import PermissionDenied
from lvzhi.core.models import Notification, User
from lvzhi.registry import services as registry_services
from lvzhi.suggestions import services

from .helpers import assigned, u, unit

pytestmark = pytest.mark.django_db
SH = dt.timezone(dt.timedelta(hours=8))


def co_user(name: str) -> User:
    user = User.objects.create_user(username=f"co-{name}", password="x")
    registry_services.role_grant(
        actor=None, user=user, role="handling_unit", organisation=unit(name)
    )
    return user


def test_r15_co_handler_opinion_reaches_the_lead_and_the_reply_lists_the_sign_off() -> None:
    finance, transport = co_user("自治州财政局"), co_user("自治州交通运输局")
    s = assigned(on=dt.date(2026, 3, 10), co=("自治州财政局", "自治州交通运输局"))
    with clock.frozen(dt.datetime(2026, 3, 20, 10, tzinfo=SH)):
        o = services.opinion_send(
            actor=finance, suggestion=s, body="同意主办单位意见，资金可从年度专项中安排。"
        )
    assert o.on_time
    assert Notification.objects.filter(user__username="handling", title__contains=s.title).exists()
    r = services.reply(
        actor=u("handling"),
        suggestion=s,
        result_class="B",
        body="已会同财政、交通部门研究，列入明年实施计划。",
    )
    assert r.signoffs == [
        {"unit": "自治州财政局", "sent_on": "2026-03-20"},
        {"unit": "自治州交通运输局", "sent_on": None},
    ]
    assert transport.pk  # the transport bureau sent nothing and is listed as such


def test_opinion_after_twenty_working_days_is_marked_late() -> None:
    finance = co_user("自治州财政局")
    s = assigned(on=dt.date(2026, 3, 10), co=("自治州财政局",))
    with clock.frozen(dt.datetime(2026, 4, 30, 10, tzinfo=SH)):
        o = services.opinion_send(actor=finance, suggestion=s, body="同意，资金从专项中安排解决。")
    assert not o.on_time


def test_the_lead_unit_does_not_send_opinions_to_itself() -> None:
    s = assigned(co=("自治州财政局",))
    with pytest.raises(PermissionDenied):
        services.opinion_send(actor=u("handling"), suggestion=s, body="主办单位意见不走此渠道。")


def test_r15_sign_off_date_is_the_local_day_not_the_utc_day() -> None:
    """会签 dates: an opinion sent at 07:30 Beijing time (23:30 UTC the day before) is dated
    the local day it was sent."""
    co_user("自治州财政局")
    s = assigned(on=dt.date(2026, 3, 10), co=("自治州财政局",))
    with clock.frozen(dt.datetime(2026, 3, 20, 7, 30, tzinfo=SH)):
        services.opinion_send(
            actor=User.objects.get(username="co-自治州财政局"),
            suggestion=s,
            body="同意主办单位意见，资金可从年度专项中安排。",
        )
    # The stored aware datetime is in UTC on the database; read back it has the UTC date 19th.
    r = services.reply(
        actor=u("handling"),
        suggestion=s,
        result_class="B",
        body="已会同财政部门认真研究，列入明年实施计划并安排专项资金。",
    )
    assert r.signoffs == [{"unit": "自治州财政局", "sent_on": "2026-03-20"}]
