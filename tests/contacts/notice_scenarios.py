"""Scenarios of the contacts rows of the notice table (``tests/test_notice_table.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from lvzhi.contacts import services
from lvzhi.contacts.models import ActivityKind, Contact, MeetingRequest, Opinion
from lvzhi.core import clock
from lvzhi.registry.models import Organisation, OrgKind

from .helpers import DAY, member_account, new_member, root, serving_deputies, term, u, with_account

BETWEEN = dt.datetime(2026, 5, 4, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def _linked() -> tuple[Any, set[str]]:
    d = serving_deputies(1)[0]
    user = with_account(d)
    link = services.link_create(actor=u("office"), holder=new_member(), deputy=d).link
    return link, {user.username}


def _contact(opinion: str = "") -> tuple[Contact, Any]:
    account = member_account()
    member = new_member(user=account)
    d = serving_deputies(1)[0]
    with_account(d)
    services.link_create(actor=u("office"), holder=member, deputy=d, on=dt.date(2026, 1, 5))
    c = services.contact_log(
        actor=account, holder=member, deputy=d, method="meeting", on=DAY, opinion=opinion
    )
    return c, account


def _contact_logged() -> tuple[Contact, set[str]]:
    c, _account = _contact()
    return c, {c.deputy.user.username}


def _opinion_answered() -> tuple[Opinion, set[str]]:
    c, account = _contact(opinion="建议修路")
    o = services.opinion_answer(
        actor=account, opinion=Opinion.objects.get(contact=c), answer="已反映到审议中"
    )
    return o, {c.deputy.user.username}


def _forwarded() -> Opinion:
    c, account = _contact(opinion="建议修路")
    return services.opinion_forward(actor=account, opinion=Opinion.objects.get(contact=c))


def _forwarded_to_office() -> tuple[Opinion, set[str]]:
    return _forwarded(), {"office"}


def _forwarded_to_deputy() -> tuple[Opinion, set[str]]:
    o = _forwarded()
    return o, {o.deputy.user.username}


def _activity_recorded() -> tuple[Any, set[str]]:
    group = serving_deputies(6)
    users = [with_account(d) for d in group]
    a = services.activity_record(
        actor=u("committee"),
        organisation=Organisation.objects.get(name="自治州人大财政经济委员会"),
        kind=ActivityKind.GROUP,
        title="上半年集中活动",
        held_on=DAY,
        participants=group,
    ).activity
    return a, {x.username for x in users}


def _requested() -> MeetingRequest:
    with clock.frozen(BETWEEN):
        return services.meeting_request_create(
            actor=u("deputy"),
            term=term(),
            organ=Organisation.objects.get(parent=root(), kind=OrgKind.GOVERNMENT),
            head="州长",
            subject="关于牧区道路除雪问题",
            reason="冬季积雪影响牧民出行，希望当面反映。",
        )


def _arranged() -> MeetingRequest:
    mr = _requested()
    with clock.frozen(BETWEEN + dt.timedelta(days=1)):
        return services.meeting_request_arrange(actor=u("office"), request=mr, note="已联系")


def _confirmed() -> MeetingRequest:
    mr = _arranged()
    with clock.frozen(BETWEEN + dt.timedelta(days=2)):
        return services.meeting_request_confirm(
            actor=u("government"),
            request=mr,
            meets_at=BETWEEN + dt.timedelta(days=9),
            place="州政府第一会议室",
        )


def _held() -> MeetingRequest:
    mr = _confirmed()
    with clock.frozen(BETWEEN + dt.timedelta(days=10)):
        return services.meeting_request_record(actor=u("office"), request=mr, outcome="已承诺")


def _declined() -> MeetingRequest:
    return services.meeting_request_decline(
        actor=u("office"), request=_requested(), reason="属于信访事项"
    )


def _withdrawn() -> MeetingRequest:
    return services.meeting_request_withdraw(actor=u("deputy"), request=_requested())


def _to(step: Callable[[], MeetingRequest], *who: str) -> Callable[[], tuple[Any, set[str]]]:
    return lambda: (step(), set(who))


SCENARIOS: dict[str, Callable[[], tuple[Any, set[str]]]] = {
    "contacts.linked": _linked,
    "contacts.contact_logged": _contact_logged,
    "contacts.opinion_answered": _opinion_answered,
    "contacts.opinion_forwarded": _forwarded_to_office,
    "contacts.opinion_forwarded/deputy": _forwarded_to_deputy,
    "contacts.activity_recorded": _activity_recorded,
    "contacts.meeting_requested": _to(_requested, "office"),
    "contacts.meeting_requested/deputies": _to(_requested, "deputy"),
    "contacts.meeting_arranged": _to(_arranged, "government"),
    "contacts.meeting_arranged/deputies": _to(_arranged, "deputy"),
    "contacts.meeting_confirmed/deputies": _to(_confirmed, "deputy"),
    "contacts.meeting_held/deputies": _to(_held, "deputy"),
    "contacts.meeting_declined/deputies": _to(_declined, "deputy"),
    "contacts.meeting_withdrawn": _to(_withdrawn, "office"),
}
