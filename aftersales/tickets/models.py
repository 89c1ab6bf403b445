"""Service requests (服务请求 / 服务跟踪卡, SPEC §2) and their timeline."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimelineEvent, TimeStampedModel
from aftersales.customers.choices import Zone
from aftersales.sla.choices import Severity
from aftersales.tickets.choices import Channel, Status, Tier
from aftersales.tickets.querysets import TicketQuerySet

DEADLINE_FIELDS = ("respond_by", "escalate_by", "restore_by", "arrive_by", "resolve_by")
EVENT_FIELDS = (
    "responded_at",
    "escalated_at",
    "dispatched_at",
    "arrived_at",
    "restored_at",
    "resolved_at",
    "closed_at",
    "cancelled_at",
)


def ticket_number(pk: int, created_at: dt.datetime | None) -> str:
    """SR-<year of intake>-<row id, six digits>: the number on the tracking card (服务跟踪卡)."""
    return f"SR-{created_at.year if created_at else 0}-{pk:06d}"


class Ticket(TimeStampedModel):
    """A service request: a fault or question reported by a customer, followed until it is closed.

    Its deadlines are computed at intake from the SLA policy that applies (asset → contract → customer →
    default) and recomputed when the class or policy changes. `breach_at`, `due_at` and
    `next_escalation_at` are derived from the deadlines and events by the service on every write, so the
    queue and the sweep can find what is late with one index range each.
    """

    # Every index is written by each intake (the hot path, issue 2), so a foreign key gets its own index only
    # where no composite or partial index in Meta already leads with it (customer, asset, region are covered).
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="tickets", verbose_name=_("客户"), db_index=False
    )
    asset = models.ForeignKey(
        "assets.Asset",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
        verbose_name=_("设备"),
        db_index=False,
    )
    channel = models.CharField(_("受理渠道"), max_length=16, choices=Channel.choices)
    severity = models.PositiveSmallIntegerField(_("故障级别"), choices=Severity.choices)
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("描述"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    tier = models.PositiveSmallIntegerField(_("升级层级"), choices=Tier.choices, default=Tier.DESK)
    zone = models.CharField(_("到场区域"), max_length=16, choices=Zone.choices)
    region = models.ForeignKey(
        "customers.Region", on_delete=models.PROTECT, related_name="tickets", verbose_name=_("地区"), db_index=False
    )
    # Not indexed: only a policy's recompute (open requests, found by status) and deleting a policy or a user
    # look requests up by these; both are rare administrative acts that may scan.
    sla_policy = models.ForeignKey(
        "sla.SlaPolicy", on_delete=models.PROTECT, related_name="tickets", verbose_name=_("服务级别"), db_index=False
    )
    reported_at = models.DateTimeField(_("报告时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("受理人"),
        db_index=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
        verbose_name=_("处理人"),
        db_index=False,  # partial index in Meta: unassigned at intake, so intake does not write it
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        verbose_name=_("重复于"),
        db_index=False,  # partial index in Meta
    )
    contact_name = models.CharField(_("报告人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)

    # Deadlines (SLA clocks); null where the class has no such target.
    respond_by = models.DateTimeField(_("响应时限"), null=True, blank=True)
    escalate_by = models.DateTimeField(_("提交时限"), null=True, blank=True)
    restore_by = models.DateTimeField(_("恢复时限"), null=True, blank=True)
    arrive_by = models.DateTimeField(_("到场时限"), null=True, blank=True)
    resolve_by = models.DateTimeField(_("解决时限"), null=True, blank=True)
    vendor_by = models.DateTimeField(_("上报厂商时限"), null=True, blank=True)
    leadership_by = models.DateTimeField(_("领导到场时限"), null=True, blank=True)
    deadline_uncertain = models.BooleanField(_("时限涉及未知节假日年份"), default=False)

    # Clock events.
    responded_at = models.DateTimeField(_("响应时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("升级时间"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("派工时间"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("到场时间"), null=True, blank=True)
    restored_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    paused_at = models.DateTimeField(_("暂停开始"), null=True, blank=True)
    resume_status = models.CharField(max_length=20, blank=True)
    pauses = models.JSONField(_("暂停记录"), default=list, blank=True)

    # Derived on every write (see the class docstring).
    breach_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    next_escalation_at = models.DateTimeField(null=True, blank=True)

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务请求")
        verbose_name_plural = _("服务请求")
        # No index on severity (four classes: the queue walks the id order and finds 50 of any class within a
        # few thousand rows) nor on due_at (the "due within 30 minutes" filter reads breach_at).
        indexes = [
            models.Index(fields=["status", "-id"], name="ticket_status_id"),
            models.Index(fields=["customer", "-id"], name="ticket_customer_id"),
            models.Index(fields=["region", "-id"], name="ticket_region_id"),
            # Escalated requests only: most are at the desk, which a walk down the id order finds at once, and
            # intake (tier 1) then need not write it. The queue adds `tier > 1` so SQLite can use it.
            models.Index(fields=["tier", "-id"], name="ticket_escalated_tier_id", condition=models.Q(tier__gt=1)),
            models.Index(fields=["breach_at"], name="ticket_breach_at"),
            # A device's requests in time order: its history, and the assessment's "failed again within 30 days"
            # (one range per request handled, where (asset, status) read every request of the device).
            models.Index(fields=["asset", "reported_at"], name="ticket_asset_reported"),
            models.Index(
                fields=["next_escalation_at"],
                name="ticket_next_escalation",
                condition=models.Q(next_escalation_at__isnull=False),
            ),
            models.Index(
                fields=["assignee", "-id"], name="ticket_assignee_id", condition=models.Q(assignee__isnull=False)
            ),
            models.Index(
                fields=["duplicate_of"], name="ticket_duplicate_of", condition=models.Q(duplicate_of__isnull=False)
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(severity__gte=1, severity__lte=4), name="ticket_severity_1_4"),
            models.CheckConstraint(condition=models.Q(tier__gte=1, tier__lte=4), name="ticket_tier_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        """The request number shown to people, e.g. SR-2026-000123 (year of intake and the row id)."""
        return ticket_number(self.pk, self.created_at)


class TicketEvent(TimelineEvent):
    """One line of a request's timeline: who did what, when, from which status to which, and why.

    It is also the request's history: field edits record their old and new values in `changes`.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作人"),
        db_index=False,  # never looked up by actor; only deleting a user scans (users are deactivated instead)
    )
    changes = models.JSONField(_("变更"), default=dict, blank=True)

    class Meta:
        verbose_name = _("请求记录")
        verbose_name_plural = _("请求记录")
        ordering = ["ticket", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class EscalationNotice(models.Model):
    """A climb of a request whose people have not been told yet (an outbox, drained by `escalation_notices_send`).

    Written in the same transaction as the climb, so no climb goes untold and none is told twice; the job
    tells each person once per batch (a digest), away from the request that caused it.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+", db_index=False)
    tier = models.PositiveSmallIntegerField(_("升级至"))
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("待发升级通知")
        verbose_name_plural = _("待发升级通知")

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.tier}"


class EscalationBatch(models.Model):
    """The climbs of one batch of the SLA sweep whose people have not been told yet (the sweep's outbox).

    One row per batch, written in the batch's transaction: `climbs` holds each climb as [id, number, tier,
    title, assignee id]. `escalation_notices_send` takes the rows with the queued `EscalationNotice`s and tells
    each person once for all of them, so a sweep of 100,000 climbs in 50 batches sends each person one digest,
    not 50; the sweep drains it as soon as its batches are done, and the notices job picks up what a sweep
    cut short left behind.
    """

    created_at = models.DateTimeField()
    climbs = models.JSONField()

    class Meta:
        verbose_name = _("待发升级通知批")
        verbose_name_plural = _("待发升级通知批")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} × {len(self.climbs)}"


class QueueSearch(models.Model):
    """The queue's search entry of a request (issue 10): its words as one text of space-separated terms.

    The terms are the jieba words of the title, description and customer name (`bulletins.segment`, the
    knowledge base's engine), `n<id>` for the number, `s<serial>` for the asset's serial and `p<4 digits>` for
    every run of four digits of the contact's and the customer's phone (so any part of 4+ digits finds it).
    Written beside the request, not by intake (`tickets.search.index_catch_up` indexes new requests when a
    search runs; edits re-index at once). SQLite searches it through the FTS5 table `tickets_queuesearch_fts`
    (external content, kept in step by triggers); PostgreSQL through a GIN index on its tsvector.
    """

    ticket = models.OneToOneField(
        Ticket, primary_key=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    terms = models.TextField(blank=True)

    class Meta:
        verbose_name = _("请求搜索条目")
        verbose_name_plural = _("请求搜索条目")

    def __str__(self) -> str:
        return str(self.ticket_id)


class SavedFilter(models.Model):
    """A queue filter a user saved under a name (保存的筛选): the query string of the workspace."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_queue_filters", verbose_name=_("用户")
    )
    name = models.CharField(_("名称"), max_length=64)
    query = models.CharField(_("筛选条件"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("保存的筛选")
        verbose_name_plural = _("保存的筛选")
        ordering = ["user", "name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="savedfilter_user_name_unique")]

    def __str__(self) -> str:
        return self.name
