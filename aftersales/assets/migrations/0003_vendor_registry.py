"""Vendor registry (issue 9, defect 11): a name key and aliases per vendor, parts/labour/on-site default terms;
an asset's own warranty months become optional (empty: the vendor's default applies)."""

import django.db.models.deletion
from django.db import migrations, models


def labour_as_parts(apps, schema_editor):
    """The old single `warranty_months` covered parts and labour alike: labour starts equal to it."""
    Vendor = apps.get_model("assets", "Vendor")  # noqa: N806
    Vendor.objects.update(labour_months=models.F("parts_months"))


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0002_asset_asset_vendor_model_customer"),
    ]

    operations = [
        migrations.RenameField(model_name="vendor", old_name="warranty_months", new_name="parts_months"),
        migrations.AlterField(
            model_name="vendor",
            name="parts_months",
            field=models.PositiveSmallIntegerField(default=12, verbose_name="配件保修月数"),
        ),
        migrations.AddField(
            model_name="vendor",
            name="labour_months",
            field=models.PositiveSmallIntegerField(default=12, verbose_name="人工保修月数"),
        ),
        migrations.AddField(
            model_name="vendor",
            name="onsite_months",
            field=models.PositiveSmallIntegerField(
                default=0, help_text="0 表示厂商不承诺上门服务", verbose_name="上门服务月数"
            ),
        ),
        migrations.AddField(
            model_name="vendor",
            name="onsite_response_hours",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="上门响应(小时)"),
        ),
        migrations.AddField(
            model_name="vendor",
            name="key",
            field=models.CharField(editable=False, max_length=128, null=True, verbose_name="名称键"),
        ),
        migrations.RunPython(labour_as_parts, migrations.RunPython.noop),
        migrations.CreateModel(
            name="VendorAlias",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=64, verbose_name="别名")),
                ("key", models.CharField(editable=False, max_length=128, unique=True, verbose_name="别名键")),
                (
                    "vendor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="aliases",
                        to="assets.vendor",
                        verbose_name="厂商",
                    ),
                ),
            ],
            options={"verbose_name": "厂商别名", "verbose_name_plural": "厂商别名"},
        ),
        migrations.AlterField(
            model_name="asset",
            name="warranty_months",
            field=models.PositiveSmallIntegerField(
                blank=True, help_text="留空则按厂商默认条款", null=True, verbose_name="保修月数（本设备）"
            ),
        ),
        migrations.AlterField(
            model_name="historicalasset",
            name="warranty_months",
            field=models.PositiveSmallIntegerField(
                blank=True, help_text="留空则按厂商默认条款", null=True, verbose_name="保修月数（本设备）"
            ),
        ),
        migrations.AlterField(
            model_name="asset",
            name="project_warranty_months",
            field=models.PositiveSmallIntegerField(
                blank=True, help_text="留空则在服务合同下按项目默认质保（3年）", null=True, verbose_name="工程质保月数"
            ),
        ),
        migrations.AlterField(
            model_name="historicalasset",
            name="project_warranty_months",
            field=models.PositiveSmallIntegerField(
                blank=True, help_text="留空则在服务合同下按项目默认质保（3年）", null=True, verbose_name="工程质保月数"
            ),
        ),
    ]
