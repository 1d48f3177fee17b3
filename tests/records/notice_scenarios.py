"""Scenarios of the duty records rows of the notice table (``tests/test_notice_table.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lvzhi.core import clock
from lvzhi.records import services
from lvzhi.records.models import Certificate, DutyEntry
from lvzhi.registry.models import Level, Membership

from .conftest import pdf, persona


def _seat() -> Membership:
    return Membership.objects.get(
        deputy__user__username="deputy", term__congress__level=Level.PREFECTURE
    )


def _entry() -> DutyEntry:
    return services.entry_add(
        actor=persona("deputy"),
        seat=_seat(),
        kind="study",
        on=clock.today(),
        title="参加代表履职学习",
        description="集中学习代表法",
        upload=pdf(),
    )


def _certificate() -> Certificate:
    today = clock.today()
    return services.certificate_request(
        actor=persona("deputy"),
        seat=_seat(),
        period_start=today.replace(month=1, day=1),
        period_end=today,
        employer="伊宁市第三中学",
    )


def _added() -> tuple[DutyEntry, set[str]]:
    return _entry(), {"yining"}


def _confirmed() -> tuple[DutyEntry, set[str]]:
    return services.entry_confirm(actor=persona("yining"), entry=_entry()), {"deputy"}


def _returned() -> tuple[DutyEntry, set[str]]:
    e = services.entry_return(actor=persona("yining"), entry=_entry(), reason="请补充活动照片")
    return e, {"deputy"}


def _requested() -> tuple[Certificate, set[str]]:
    return _certificate(), {"office"}


def _issued() -> tuple[Certificate, set[str]]:
    return services.certificate_issue(actor=persona("office"), certificate=_certificate()), {
        "deputy"
    }


def _declined() -> tuple[Certificate, set[str]]:
    c = services.certificate_decline(
        actor=persona("office"), certificate=_certificate(), reason="请补充单位全称"
    )
    return c, {"deputy"}


SCENARIOS: dict[str, Callable[[], tuple[Any, set[str]]]] = {
    "records.entry_added": _added,
    "records.entry_confirmed": _confirmed,
    "records.entry_returned": _returned,
    "records.certificate_requested": _requested,
    "records.certificate_issued": _issued,
    "records.certificate_declined": _declined,
}
