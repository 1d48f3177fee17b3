"""Issue 17: a seat's status history (``MembershipEvent``) moves into the one event log
(core.Event) and the table goes.

Each old row becomes one event of the seat (subject ``registry.membership``): the first row of a
seat, when it made the seat serving, is its election (``registry.seat_elected``), every other
row a status change (``registry.seat_status_changed``). The event happened when the row was
recorded (``recorded_at``), by whom it was recorded; the date the status took effect stays in
the data (``on``, ISO), with the status, the reason and the document number."""

from django.db import migrations
from django.db.models import Min

from lvzhi.core import eventcopy
from lvzhi.core.events import subject_type
from lvzhi.registry.models import term_name


def copy_seat_history(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Copy every ``MembershipEvent`` row into core.Event, oldest recorded first; returns the
    number of events written."""
    old = apps.get_model("registry", "MembershipEvent")
    event = apps.get_model("core", "Event")
    first = dict(
        old.objects.values("membership_id")
        .annotate(first=Min("id"))
        .values_list("membership_id", "first")
    )
    rows = (
        {
            "at": row["recorded_at"],
            "actor_id": row["recorded_by_id"],
            "kind": "seat_elected"
            if row["id"] == first[row["membership_id"]] and row["status"] == "serving"
            else "seat_status_changed",
            "subject_id": row["membership_id"],
            "subject_label": (
                f"{row['membership__deputy__name']} · "
                + term_name(
                    row["membership__term__congress__division__name"],
                    row["membership__term__number"],
                )
            ),
            "term_id": row["membership__term_id"],
            "data": {
                "status": row["status"],
                "on": row["on"].isoformat(),
                "reason": row["reason"],
                "document_no": row["document_no"],
            },
        }
        for row in old.objects.order_by("recorded_at", "id")
        .values(
            "id",
            "membership_id",
            "status",
            "on",
            "reason",
            "document_no",
            "recorded_at",
            "recorded_by_id",
            "membership__deputy__name",
            "membership__term_id",
            "membership__term__number",
            "membership__term__congress__division__name",
        )
        .iterator(chunk_size=eventcopy.BATCH)
    )
    batch = []
    n = 0
    for fields in eventcopy.convert(
        rows,
        app="registry",
        subject_type=subject_type(apps.get_model("registry", "Membership")),
        actors=eventcopy.actor_labels(apps),
    ):
        batch.append(event(**fields))
        if len(batch) >= eventcopy.BATCH:
            event.objects.bulk_create(batch)
            n += len(batch)
            batch = []
    event.objects.bulk_create(batch)
    return n + len(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_event_log"),
        ("registry", "0003_nav_organisation_pinyin"),
    ]

    operations = [
        migrations.RunPython(copy_seat_history, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="MembershipEvent",
        ),
    ]
