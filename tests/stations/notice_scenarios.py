"""Scenarios of the stations rows of the notice table (``tests/test_notice_table.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lvzhi.stations import services
from lvzhi.stations.models import Opinion, Outcome

from .helpers import assigned, received, u


def _received() -> tuple[Opinion, set[str]]:
    return received(), {"station"}


def _assigned() -> tuple[Opinion, set[str]]:
    return assigned(), {"deputy"}


def _handled() -> tuple[Opinion, set[str]]:
    o = services.opinion_handle(
        actor=u("deputy"), opinion=assigned(), outcome=Outcome.ANSWERED, note="已现场答复。"
    )
    return o, {"station"}


SCENARIOS: dict[str, Callable[[], tuple[Any, set[str]]]] = {
    "stations.received": _received,
    "stations.assigned": _assigned,
    "stations.handled": _handled,
}
