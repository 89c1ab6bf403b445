"""The vendor name key becomes required and unique once 0004 has given every vendor its key."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0004_vendor_registry_data"),
    ]

    operations = [
        migrations.AlterField(
            model_name="vendor",
            name="key",
            field=models.CharField(editable=False, max_length=128, unique=True, verbose_name="名称键"),
        ),
    ]
