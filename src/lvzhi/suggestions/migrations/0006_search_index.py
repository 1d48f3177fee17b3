"""On PostgreSQL, a full-text index over the jieba tokens (space-separated words, so the
'simple' configuration indexes them as they are). SQLite searches with LIKE instead."""

from django.db import migrations

FORWARD = (
    "CREATE INDEX IF NOT EXISTS suggestion_search_fts ON suggestions_suggestion "
    "USING gin (to_tsvector('simple', search_tokens))"
)
BACKWARD = "DROP INDEX IF EXISTS suggestion_search_fts"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0005_list_indexes")]
    operations = [migrations.RunPython(forward, backward)]
