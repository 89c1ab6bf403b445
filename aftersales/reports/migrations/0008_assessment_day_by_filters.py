# The assessment's rollup kept by everything the report may be narrowed by (class, region, SLA policy, device's
# vendor, large customer). The rows held so far have none of these: they are dropped with the rollup's state, so
# every report counts live until the rollup job's next run, which then recounts everything (as on a new install).

from django.db import migrations, models


def drop_the_rollup_state(apps, schema_editor):
    apps.get_model("reports", "AssessmentDay").objects.all().delete()
    apps.get_model("reports", "RollupState").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_rated_and_consumed_days"),
    ]

    operations = [
        migrations.RunPython(drop_the_rollup_state, migrations.RunPython.noop),
        migrations.AddField(
            model_name="assessmentday",
            name="severity",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="故障级别"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assessmentday",
            name="region_id",
            field=models.PositiveBigIntegerField(default=0, verbose_name="地区"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assessmentday",
            name="sla_policy_id",
            field=models.PositiveBigIntegerField(default=0, verbose_name="服务级别"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assessmentday",
            name="vendor_id",
            field=models.PositiveBigIntegerField(null=True, verbose_name="厂商"),
        ),
        migrations.AddField(
            model_name="assessmentday",
            name="customer_id",
            field=models.PositiveBigIntegerField(null=True, verbose_name="单独汇总的客户"),
        ),
    ]
