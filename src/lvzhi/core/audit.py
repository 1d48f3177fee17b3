"""The append-only audit log: one constructor used by every service that changes registry data
or reads personal data in full."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from . import clock, versions
from .context import current_request
from .models import AuditEvent

# Readable labels of audit actions; each app registers its own (AppConfig.ready).
_ACTION_LABELS: dict[str, Any] = {}


def register_actions(labels: Mapping[str, Any]) -> None:
    _ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    """The label of an action code; an unregistered code is shown as it is."""
    label = _ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot_value(value: Any) -> Any:
    """A plain-JSON form of one value (dates as ISO text, decimals as text, records by name)."""
    return _jsonable(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Plain-JSON values of ``fields`` (foreign keys by their id) for before/after."""
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        data[name] = _jsonable(getattr(instance, attname))
    return data


def diff(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only the keys whose value changed."""
    changed = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in changed}, {k: after.get(k) for k in changed}


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
) -> AuditEvent:
    """Append one audit event. Personal numbers must arrive masked: callers pass snapshots of
    masked fields only, never plain ID or phone numbers."""
    info = current_request.get()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)[:200]
    entry = AuditEvent.objects.create(
        at=clock.now(),
        actor=actor if is_user else None,
        actor_label=(str(actor)[:150] if is_user else "system"),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label[:200],
        before=_jsonable(dict(before)) if before is not None else None,
        after=_jsonable(dict(after)) if after is not None else None,
        ip=info.ip,
        user_agent=info.user_agent[:200],
    )
    versions.touched(action)  # retire the cached reads this action changes (core.versions)
    return entry
