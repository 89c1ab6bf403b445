"""The "received" line of a request's timeline is the request's own row (who took it, reported_at, created_at);
intake no longer writes it as an event of its own (one row and one index entry less per intake, issue 2).
Stored "create" lines are removed; going back re-creates them from the rows."""

from django.db import migrations

FORWARD = "DELETE FROM tickets_ticketevent WHERE action = 'create'"
BACKWARD = (
    "INSERT INTO tickets_ticketevent "
    "(ticket_id, action, from_status, to_status, tier, actor_id, at, recorded_at, note, changes) "
    "SELECT id, 'create', '', 'received', 1, created_by_id, reported_at, created_at, '', '{}' FROM tickets_ticket"
)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0004_queue_indexes_for_cheaper_intake")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
