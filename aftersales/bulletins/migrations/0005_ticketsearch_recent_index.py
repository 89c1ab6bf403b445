"""PostgreSQL only: a partial GIN index over the newest similar-request keys (`bulletins.search.RECENT_KEYS`),
beside the whole table's, so that a search's newest-keys window reads a tenth of the posting lists at 10M rows
(docs/decisions/021-postgresql-at-scale.md §8). Built here only when the table spans more than twice that many
keys; the daily job `ticket_search_recent` builds and moves it after. CONCURRENTLY: not atomic."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from aftersales.bulletins import search

        search.ticket_search_recent_index()


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS bulletins_ticketsearch_recent")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("bulletins", "0004_article_search_vector")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
