"""Issue 17: this app's timeline table moves into the one event log (core.Event) and goes."""

from django.db import migrations

from lvzhi.core import eventcopy


def forward(apps, schema_editor):
    eventcopy.copy(
        apps,
        old=("meetings", "Event"),
        app="meetings",
        subject_type="meetings.meeting",
        fields={"subject_id": "meeting_id", "subject_label": "meeting__title", "data": "payload"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_event_log"),
        ("meetings", "0003_attendee_list"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="Event",
        ),
    ]
