"""Issue 26.3: the marking triggers installed again as ``stored.install_triggers`` now makes
them — a TRUNCATE of a watched table drops the stored counts (``lvzhi_duty_trunc``), and the
INSERT triggers on ``voting_namedvote`` and ``voting_receipt`` are gone (a vote counts once
its poll is closed; the close marks its voters). ``post_migrate`` does the same after every
migrate; this migration makes the change part of the upgrade itself."""

from django.db import migrations


def install(apps, schema_editor):
    from lvzhi.records import stored

    stored.install_triggers(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("records", "0003_duty_counts")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
