"""Learning progress recorded from what the deputy opened (issue 28.4a): the typed percentage
goes; a progress row now says the deputy opened the material (first, last, how many times).
Rows typed before count as opened at the time they were saved. Trainings get a reading list."""

from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Coalesce


def typed_rows_count_as_opened(apps, schema_editor):  # type: ignore[no-untyped-def]
    Progress = apps.get_model("activities", "Progress")
    Progress.objects.update(opened_at=Coalesce(F("completed_at"), F("updated_at")))


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0004_shape_unit_replies"),
    ]

    operations = [
        migrations.AddField(
            model_name="progress",
            name="opened_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="first opened"),
        ),
        migrations.AddField(
            model_name="progress",
            name="opens",
            field=models.PositiveIntegerField(default=1, verbose_name="times opened"),
        ),
        migrations.RunPython(typed_rows_count_as_opened, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="progress",
            name="progress_at_most_100",
        ),
        migrations.RemoveField(
            model_name="progress",
            name="completed_at",
        ),
        migrations.RemoveField(
            model_name="progress",
            name="percent",
        ),
        migrations.AlterField(
            model_name="progress",
            name="updated_at",
            field=models.DateTimeField(verbose_name="last opened"),
        ),
        migrations.AddField(
            model_name="training",
            name="materials",
            field=models.ManyToManyField(
                blank=True,
                related_name="trainings",
                to="activities.material",
                verbose_name="course materials",
            ),
        ),
    ]
