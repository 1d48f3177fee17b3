"""The database table of the cache's fallback (lvzhi.core.cache, settings.CACHE_FALLBACK):
what Django's ``createcachetable`` writes, made part of ``migrate`` so no operator step is
forgotten."""

from django.core.management import call_command
from django.db import migrations


def forward(apps, schema_editor):
    call_command(
        "createcachetable", "lvzhi_cache_fallback", database=schema_editor.connection.alias
    )


def backward(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS lvzhi_cache_fallback")


class Migration(migrations.Migration):
    dependencies = [("core", "0014_audit_purge_only_old")]
    operations = [migrations.RunPython(forward, backward)]
