# The device's index leads with the device and then the time of the report instead of the status, so "a later
# request on the same device within 30 days" (reports.selectors.assessment_groups) is one short range per request
# (decision 021 §15). On PostgreSQL built CONCURRENTLY beside the old one, then the old one dropped: the table takes
# writes meanwhile (about a minute at 10M), so the migration is not atomic.

from django.db import migrations, models

TABLE = "tickets_ticket"
OLD = models.Index(fields=["asset", "status"], name="ticket_asset_status")
NEW = models.Index(fields=["asset", "reported_at"], name="ticket_asset_reported")


def _swap(apps, schema_editor, add: models.Index, drop: models.Index) -> None:
    ticket = apps.get_model("tickets", "Ticket")
    if schema_editor.connection.vendor == "postgresql":
        columns = ", ".join(ticket._meta.get_field(f).column for f in add.fields)
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {add.name}")
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY {add.name} ON {TABLE} ({columns})")
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {drop.name}")
        return
    schema_editor.add_index(ticket, add)
    schema_editor.remove_index(ticket, drop)


def forward(apps, schema_editor):
    _swap(apps, schema_editor, NEW, OLD)


def backward(apps, schema_editor):
    _swap(apps, schema_editor, OLD, NEW)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("tickets", "0009_escalation_batch_outbox")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="ticket", name=OLD.name),
                migrations.AddIndex(model_name="ticket", index=NEW),
            ],
            database_operations=[migrations.RunPython(forward, backward, elidable=False)],
        )
    ]
