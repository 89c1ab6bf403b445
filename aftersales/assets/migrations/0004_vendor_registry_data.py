"""Vendor registry data (issue 9, defect 11): one row per vendor, whatever the spellings stored so far.

Every vendor gets its name key; 戴尔, 华为 and 联想 get their default terms and aliases; "Dell", "DELL" and
"戴尔" (and two spellings of any other vendor) are merged into one row with every reference moved to it
(`aftersales.assets.registry.register_vendors`). The references from other apps are why this migration
depends on their latest migrations. The key becomes required and unique in 0005, in its own transaction:
PostgreSQL refuses to ALTER a table with the merge's pending foreign-key trigger events in the same one.
"""

from django.db import migrations

from aftersales.assets.registry import register_vendors


def forwards(apps, schema_editor):
    report = register_vendors(apps.get_model("assets", "Vendor"), apps.get_model("assets", "VendorAlias"))
    for name in report.kept_apart:
        print(f"\n  厂商“{name}”与同一厂商的另一登记有相同序列号或工单号，未自动合并，请在管理后台处理")


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0003_vendor_registry"),
        ("bulletins", "0003_postgresql_search"),
        ("dispatch", "0001_initial"),
        ("parts", "0001_initial"),
        ("warranty", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
