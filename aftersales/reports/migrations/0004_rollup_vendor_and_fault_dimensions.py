"""The rollup kept per the device's vendor too (`SlaDay`, `OpenSnapshot`), and the per-day faults per class,
region and SLA policy (`FaultDay`), so that every filter of the dashboard but the customer reads the rollup
(docs/decisions/021-postgresql-at-scale.md §13). The rollup's rows are emptied first: the next run of its job
finds no `RollupState` and counts everything again (until then the dashboard counts live)."""

from django.db import migrations, models


def empty_the_rollup(apps, schema_editor):
    for name in ("SlaDay", "FaultDay", "OpenSnapshot", "RollupState"):
        apps.get_model("reports", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_open_snapshot_late")]

    operations = [
        migrations.RunPython(empty_the_rollup, migrations.RunPython.noop, elidable=False),
        migrations.AddField(
            model_name="sladay",
            name="vendor_id",
            field=models.PositiveIntegerField(null=True, verbose_name="厂商"),
        ),
        migrations.AddField(
            model_name="opensnapshot",
            name="vendor_id",
            field=models.PositiveIntegerField(null=True, verbose_name="厂商"),
        ),
        migrations.AddField(
            model_name="faultday",
            name="severity",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="故障级别"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="faultday",
            name="region_id",
            field=models.PositiveIntegerField(default=0, verbose_name="地区"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="faultday",
            name="sla_policy_id",
            field=models.PositiveIntegerField(default=0, verbose_name="服务级别"),
            preserve_default=False,
        ),
    ]
