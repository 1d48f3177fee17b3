"""The key-supervised items of one category, newest first, from an index alone (issue 26.2)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0012_events_to_log"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(
                condition=models.Q(("key_supervision", True)),
                fields=["category", "submitted_at", "id"],
                include=("status", "term"),
                name="suggestion_key_cat_sub",
            ),
        ),
    ]
