"""PostgreSQL only: GIN indexes for full-text search over the jieba-token columns ('simple' configuration,
title weighted A and body B — the same expression as `bulletins.search.PG_VECTOR`). Skipped elsewhere."""

from django.db import migrations

VECTOR = ("(setweight(to_tsvector('simple', search_title), 'A') || "
          "setweight(to_tsvector('simple', search_text), 'B'))")
TABLES = ("bulletins_article", "bulletins_ticketsearch")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {table}_search ON {table} USING GIN ({VECTOR})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search")


class Migration(migrations.Migration):
    dependencies = [("bulletins", "0002_fts5_indexes")]
    operations = [migrations.RunPython(create, drop)]
