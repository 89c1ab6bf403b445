# PostgreSQL only: two of the requests' indexes carry the columns their queries read, so that at 10M requests
# the sweep's "which are due" and the queue's "due within 30 minutes" are index-only scans instead of one heap
# page read per matching row (docs/decisions/021-postgresql-at-scale.md). Same names, same key columns as the
# model declares (Django's state does not change); SQLite needs nothing: its index entries carry the rowid (the id)
# already. CONCURRENTLY: the table takes writes while each is built (minutes at 10M), so the migration is not atomic.

from django.db import migrations

TABLE = "tickets_ticket"
# name: (covering definition, the model's plain one)
INDEXES = {
    "ticket_next_escalation": (
        "(next_escalation_at) INCLUDE (id) WHERE next_escalation_at IS NOT NULL",
        "(next_escalation_at) WHERE next_escalation_at IS NOT NULL",
    ),
    "ticket_breach_at": ("(breach_at) INCLUDE (id, status)", "(breach_at)"),
}


def _replace(schema_editor, name: str, definition: str) -> None:
    """Build the new index beside the old one, then swap them: the table is never without it."""
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}_new")
    schema_editor.execute(f"CREATE INDEX CONCURRENTLY {name}_new ON {TABLE} {definition}")
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
    schema_editor.execute(f"ALTER INDEX {name}_new RENAME TO {name}")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, (covering, _) in INDEXES.items():
            _replace(schema_editor, name, covering)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, (_, plain) in INDEXES.items():
            _replace(schema_editor, name, plain)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("tickets", "0006_queue_search_and_saved_filters")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
