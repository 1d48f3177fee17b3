"""Issue 17: this app's timeline table moves into the one event log (core.Event) and goes."""

from django.db import migrations

from lvzhi.core import eventcopy


def forward(apps, schema_editor):
    eventcopy.copy(
        apps,
        old=("contacts", "MeetingEvent"),
        app="contacts",
        subject_type="contacts.meetingrequest",
        fields={"subject_id": "request_id", "subject_label": "request__subject", "note": "note"},
        kind_of=lambda k: f"meeting_{k}",
        data_of=lambda row: {"note": row["note"]},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_event_log"),
        ("contacts", "0006_holder_active_account"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="MeetingEvent",
        ),
    ]
