from django.db import migrations


def forward(apps, schema_editor):
    from lvzhi.core.divisions import load

    load(apps.get_model("core", "Division"))


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
