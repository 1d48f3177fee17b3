"""What the services of the two kinds of motion (proposals and suggestions) do alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core import clock, events

M = TypeVar("M", bound=models.Model)


def plan_recorded_event(app: str, detail: Iterable[str], doc: str) -> Callable[..., events.Event]:
    """Registers the event ``<app>.plan_recorded`` that ``record_plan`` writes and returns its
    constructor, ``(plan=…, actor=…)``: its subject the plan, its data the plan's number."""

    def write(step: str, plan: Any, actor: Any) -> events.Event:
        data = {"plan": plan.document_no}
        return events.record(kind=f"{app}.{step}", subject=plan, actor=actor, data=data)

    family = events.Family(app, "plan", write, detail=detail)
    return family.define("plan_recorded", _("Assignment plan recorded"), doc=doc)


def record_plan(
    model: type[M], app: str, actor: Any, title: str, decided_on: dt.date, document_no: str
) -> M:
    """The directors' meeting's assignment plan, checked by the caller, stored in
    ``model`` and logged as the event ``<app>.plan_recorded``."""
    plan = model.objects.create(  # type: ignore[attr-defined]
        title=title,
        decided_on=decided_on,
        document_no=document_no,
        created_by=actor,
        created_at=clock.now(),
    )
    events.constructors(app)["plan_recorded"](plan=plan, actor=actor)
    return plan
