"""SQLite only: FTS5 tables over the jieba-token columns of articles and resolved requests, with vocabulary
tables for document frequencies (see aftersales/bulletins/search.py). Skipped on other databases, and on a
SQLite built without FTS5 (search then falls back to substring matching)."""

from django.db import migrations
from django.db.utils import OperationalError

TABLES = ("bulletins_article", "bulletins_ticketsearch")


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in TABLES:
            try:
                cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {table}_fts USING fts5(title, body)")
            except OperationalError:
                return  # no FTS5 in this SQLite build
            cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {table}_fts_vocab USING fts5vocab({table}_fts, 'row')")


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {table}_fts_vocab")
            cursor.execute(f"DROP TABLE IF EXISTS {table}_fts")


class Migration(migrations.Migration):
    dependencies = [("bulletins", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
