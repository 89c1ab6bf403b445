"""Intake writes every index of the ticket table; drop the ones that no query needs (issue 2, intake benchmark).

The foreign-key indexes of customer, asset and region repeat the leading column of a composite index; the
ones of sla_policy, created_by and the event's actor serve only rare administrative deletes; assignee and
duplicate_of become partial indexes that a new, unassigned request does not write. Only the indexes change:
on SQLite, AlterField would rebuild the whole table once per field (minutes at a million rows), so the
database side is plain DROP INDEX with the names Django gave them in 0001.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

DROPPED = (  # (index, table, column) as 0001 created them
    ("tickets_ticket_asset_id_14916b40", "tickets_ticket", "asset_id"),
    ("tickets_ticket_assignee_id_3a5aa407", "tickets_ticket", "assignee_id"),
    ("tickets_ticket_created_by_id_c418a145", "tickets_ticket", "created_by_id"),
    ("tickets_ticket_customer_id_f2d9135a", "tickets_ticket", "customer_id"),
    ("tickets_ticket_region_id_a1e3f74f", "tickets_ticket", "region_id"),
    ("tickets_ticket_sla_policy_id_ead5adac", "tickets_ticket", "sla_policy_id"),
    ("tickets_ticket_duplicate_of_id_8859d49d", "tickets_ticket", "duplicate_of_id"),
    ("tickets_ticketevent_actor_id_2a65fff2", "tickets_ticketevent", "actor_id"),
)


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0002_asset_asset_vendor_model_customer"),
        ("customers", "0002_anhui_regions"),
        ("sla", "0002_reference_data"),
        ("tickets", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="ticket",
                    name="asset",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tickets",
                        to="assets.asset",
                        verbose_name="设备",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="assignee",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="assigned_tickets",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="处理人",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="created_by",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="受理人",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="customer",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tickets",
                        to="customers.customer",
                        verbose_name="客户",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="duplicate_of",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="duplicates",
                        to="tickets.ticket",
                        verbose_name="重复于",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="region",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tickets",
                        to="customers.region",
                        verbose_name="地区",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="sla_policy",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tickets",
                        to="sla.slapolicy",
                        verbose_name="服务级别",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticketevent",
                    name="actor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="操作人",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"', reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")'
                )
                for name, table, column in DROPPED
            ],
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("assignee__isnull", False)), fields=["assignee", "-id"], name="ticket_assignee_id"
            ),
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("duplicate_of__isnull", False)), fields=["duplicate_of"], name="ticket_duplicate_of"
            ),
        ),
    ]
