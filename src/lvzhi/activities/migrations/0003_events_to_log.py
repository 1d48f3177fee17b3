"""Issue 17: the activities' timeline (activities.Event, "group:3" subjects) moves into the one
event log (core.Event) and its table goes."""

from django.db import migrations

from lvzhi.core import eventcopy

# The subject prefixes of the old table and the models they named (as activities/events.py).
SUBJECTS = {
    "group": "activities.deputygroup",
    "inspection": "activities.inspection",
    "project": "activities.legislativeproject",
    "draft": "activities.draft",
    "supervision": "activities.supervision",
    "training": "activities.training",
    "material": "activities.material",
    "thread": "activities.thread",
    "research": "activities.research",
}


def forward(apps, schema_editor):
    Old = apps.get_model("activities", "Event")
    Event = apps.get_model("core", "Event")
    actors = eventcopy.actor_labels(apps)
    for prefix, subject_type in SUBJECTS.items():
        old = Old.objects.filter(subject__startswith=f"{prefix}:").order_by("at", "pk")
        rows = (
            {
                "at": r["at"],
                "actor_id": r["actor_id"],
                "kind": r["kind"],
                "subject_id": int(r["subject"].split(":", 1)[1]),
                "subject_label": r["subject"],
                "data": r["payload"],
            }
            for r in old.values("at", "actor_id", "kind", "subject", "payload").iterator()
        )
        converted = eventcopy.convert(
            rows,
            app="activities",
            subject_type=subject_type,
            actors=actors,
            kind_of=lambda k, p=prefix: k if k.startswith(f"{p}_") else f"{p}_{k}",
        )
        Event.objects.bulk_create([Event(**f) for f in converted], batch_size=eventcopy.BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_event_log"),
        ("activities", "0002_clearer_labels"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="Event",
        ),
    ]
