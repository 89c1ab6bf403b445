"""Queue indexes that intake no longer writes: severity and due_at go, tier only for escalated requests (issue 2)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0002_asset_asset_vendor_model_customer"),
        ("customers", "0002_anhui_regions"),
        ("sla", "0002_reference_data"),
        ("tickets", "0003_escalation_notice_outbox"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="ticket",
            name="ticket_severity_id",
        ),
        migrations.RemoveIndex(
            model_name="ticket",
            name="ticket_tier_id",
        ),
        migrations.RemoveIndex(
            model_name="ticket",
            name="ticket_due_at",
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("tier__gt", 1)), fields=["tier", "-id"], name="ticket_escalated_tier_id"
            ),
        ),
    ]
