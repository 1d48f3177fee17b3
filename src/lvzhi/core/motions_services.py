"""What the services of the two kinds of motion (proposals and suggestions) do alike."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db import models

from lvzhi.core import clock, events

M = TypeVar("M", bound=models.Model)


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
