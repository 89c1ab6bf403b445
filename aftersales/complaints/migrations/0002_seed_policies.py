"""Seed the complaint deadline policies of 篇1 2.16 (10 minutes, 7×24, default) and 4.8 (2 hours, office hours)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from aftersales.complaints import reference

    reference.seed({"ComplaintPolicy": apps.get_model("complaints", "ComplaintPolicy"),
                    "Calendar": apps.get_model("sla", "Calendar")})


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("sla", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
