"""Moving the rows of the old per-app timeline tables into the one event log (data migrations of
issue 17). Used only by those migrations, with their historical models; kept here so each
migration is a few lines and the conversion can be tested on prepared rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

BATCH = 2000


def convert(
    rows: Iterable[Mapping[str, Any]],
    *,
    app: str,
    subject_type: str,
    actors: Mapping[int, str],
    kind_of: Callable[[str], str] | None = None,
    data_of: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None,
) -> Iterator[dict[str, Any]]:
    """One event's fields per old row. A row holds ``at``, ``actor_id``, ``kind``, ``data``,
    ``subject_id``, ``subject_label`` and optionally ``term_id``; an old kind ``k`` becomes
    ``"<app>.k"`` (or ``"<app>." + kind_of(k)``); ``data_of(row)`` builds the data when the old
    table had no JSON payload."""
    for row in rows:
        kind = kind_of(row["kind"]) if kind_of else row["kind"]
        actor_id = row.get("actor_id")
        yield {
            "occurred_at": row["at"],
            "kind": f"{app}.{kind}",
            "subject_type": subject_type,
            "subject_id": row["subject_id"],
            "subject_label": str(row.get("subject_label") or "")[:200],
            "actor_id": actor_id,
            "actor_label": actors.get(actor_id, "")[:150] if actor_id else "",
            "term_id": row.get("term_id"),
            "data": data_of(row) if data_of else dict(row.get("data") or {}),
        }


def actor_labels(apps: Any) -> dict[int, str]:
    """Account id → the name shown for it (display name, else user name), as ``User.__str__``."""
    User = apps.get_model("core", "User")
    return {
        pk: (display or username)
        for pk, display, username in User.objects.values_list("pk", "display_name", "username")
    }


def copy(
    apps: Any,
    *,
    old: tuple[str, str],
    app: str,
    subject_type: str,
    fields: Mapping[str, str],
    kind_of: Callable[[str], str] | None = None,
    data_of: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None,
) -> int:
    """Copy every row of the historical model ``old`` (app label, model name) into core.Event,
    oldest first. ``fields`` maps the row keys of ``convert`` to the old model's lookups (for
    example ``{"subject_id": "suggestion_id", "subject_label": "suggestion__title",
    "data": "payload"}``); ``at``, ``actor_id`` and ``kind`` are read as they are."""
    Old = apps.get_model(*old)
    Event = apps.get_model("core", "Event")
    lookups = {"at": "at", "actor_id": "actor_id", "kind": "kind", **fields}
    values = Old.objects.order_by("at", "pk").values(*lookups.values())
    rows = ({key: row[lookup] for key, lookup in lookups.items()} for row in values.iterator())
    actors = actor_labels(apps)
    batch: list[Any] = []
    n = 0
    for fields_ in convert(
        rows, app=app, subject_type=subject_type, actors=actors, kind_of=kind_of, data_of=data_of
    ):
        batch.append(Event(**fields_))
        if len(batch) >= BATCH:
            Event.objects.bulk_create(batch)
            n += len(batch)
            batch = []
    Event.objects.bulk_create(batch)
    return n + len(batch)
