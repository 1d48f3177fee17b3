from django.db import migrations, models

from lvzhi.core.migrationops import AddIndexWithoutLocking


class Migration(migrations.Migration):
    # Built without locking the suggestions against writes: at the large scale it reads 2.5
    # million of them (issue 26.3).
    atomic = False

    dependencies = [
        ("suggestions", "0013_key_category_index"),
    ]

    operations = [
        AddIndexWithoutLocking(
            model_name="suggestion",
            index=models.Index(
                condition=models.Q(("status", "assigned")),
                fields=["due_on", "id"],
                name="suggestion_assigned_due",
            ),
        ),
    ]
