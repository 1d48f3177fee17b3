"""Issue 17: this app's timeline table moves into the one event log (core.Event) and goes."""

from django.db import migrations

from lvzhi.core import eventcopy


def forward(apps, schema_editor):
    eventcopy.copy(
        apps,
        old=("proposals", "Event"),
        app="proposals",
        subject_type="proposals.proposal",
        fields={
            "subject_id": "proposal_id",
            "subject_label": "proposal__subject",
            "term_id": "proposal__term_id",
            "data": "payload",
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_event_log"),
        ("proposals", "0003_extraordinary_session"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="Event",
        ),
    ]
