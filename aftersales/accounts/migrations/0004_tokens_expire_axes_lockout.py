"""Tokens expire and record their last use; failed sign-ins move to django-axes (LoginFailure goes)."""

import datetime as dt

from django.db import migrations, models

DAYS = 30  # settings.AFTERSALES_TOKEN_DAYS' default: a token issued before expiry existed lives that long


def _expire_old_tokens(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    for row in ApiToken.objects.filter(expires_at__isnull=True).only("pk", "created_at"):
        ApiToken.objects.filter(pk=row.pk).update(expires_at=row.created_at + dt.timedelta(days=DAYS))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles_partner"),
    ]

    operations = [
        migrations.DeleteModel(name="LoginFailure"),
        migrations.AddField(
            model_name="apitoken",
            name="last_used_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(_expire_old_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
        migrations.AddIndex(
            model_name="apitoken",
            index=models.Index(fields=["user", "-created_at"], name="apitoken_user_created"),
        ),
    ]
