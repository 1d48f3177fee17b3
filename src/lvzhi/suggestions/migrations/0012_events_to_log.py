"""Issue 17: the suggestions' timeline (suggestions.Event) moves into the one event log (core.Event), then its table goes."""

from django.db import migrations

from lvzhi.core import eventcopy


def forward(apps, schema_editor):
    eventcopy.copy(
        apps,
        old=("suggestions", "Event"),
        app="suggestions",
        subject_type="suggestions.suggestion",
        fields={
            "subject_id": "suggestion_id",
            "subject_label": "suggestion__title",
            "term_id": "suggestion__term_id",
            "data": "payload",
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_event_log"),
        ("suggestions", "0011_queue_indexes_carry_term"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="Event",
        ),
    ]
