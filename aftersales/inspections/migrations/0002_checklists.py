"""Seed the standard inspection checklists (服务器, 存储, 交换机, 路由器, 防火墙, UPS, 台式机, 笔记本, 打印机, 通用)."""

from django.db import migrations


def seed(apps, schema_editor):
    from aftersales.inspections import checklists

    checklists.seed(apps.get_model("inspections", "ChecklistTemplate"), apps.get_model("inspections", "ChecklistItem"))


class Migration(migrations.Migration):

    dependencies = [
        ("inspections", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
