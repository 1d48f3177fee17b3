"""Issue 17: this app's timeline table moves into the one event log (core.Event) and goes."""

from django.db import migrations

from lvzhi.core import eventcopy


def forward(apps, schema_editor):
    eventcopy.copy(
        apps,
        old=("stations", "OpinionEvent"),
        app="stations",
        subject_type="stations.opinion",
        fields={
            "subject_id": "opinion_id",
            "subject_label": "opinion__tracking_code",
            "data": "payload",
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_event_log"),
        ("stations", "0003_clearer_labels"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="OpinionEvent",
        ),
    ]
