# PostgreSQL only: statistics of how a device's vendor, model and category go together. A device's model all but
# names its vendor and category, but the planner multiplies the three conditions' shares as if they were
# independent: for the top-faults chart's drill-down (one model's requests in a month, newest first) it expected
# 8 devices where there were 685 and, at 10M requests, gathered and sorted 302,000 of their requests (470 ms)
# instead of walking the newest requests until 50 matched (2 ms). `ANALYZE` (and autovacuum's) keeps them
# current. SQLite has no such statistics and needs nothing (docs/decisions/021-postgresql-at-scale.md §13).

from django.db import migrations

NAME = "asset_vendor_model_category"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {NAME} (dependencies, mcv) ON vendor_id, model, category FROM assets_asset"
        )
        schema_editor.execute("ANALYZE assets_asset")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("assets", "0005_vendor_key_unique")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
