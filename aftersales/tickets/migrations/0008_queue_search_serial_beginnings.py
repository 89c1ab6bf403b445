# The queue's search stores a serial's beginnings (3–8 characters) as terms of their own (tickets.search): the
# requests indexed before are written again with them, in batches (not one transaction: at 1M indexed requests
# this takes minutes; `manage.py queue_reindex` does the same for every request). Nothing to do on an empty index.

from django.db import migrations


def forward(apps, schema_editor):
    from aftersales.tickets import search  # today's terms: this migration exists to write them

    search.index_refresh()


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("tickets", "0007_covering_indexes_for_sweep_and_due_soon")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop, elidable=True)]
