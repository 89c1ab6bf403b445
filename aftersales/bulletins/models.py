"""Proactive bulletins (及时通知) with their per-customer deliveries, and the knowledge base (知识库).

SPEC §4; 篇1 2.8 (“把我们刚刚发现的关键问题或软件错误问题提前告知您”), 2.12 (vendors' newly found defects
passed on to users). Search columns (`search_title`, `search_text`) hold jieba tokens joined by spaces; the
full-text indexes over them (SQLite FTS5 tables, a PostgreSQL GIN index) are kept by `bulletins.search`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.bulletins.choices import AckChannel, BulletinKind
from aftersales.core.models import TimeStampedModel


class Bulletin(TimeStampedModel):
    """A notice about a known defect, patch, firmware or safety issue for some vendors' models (及时通知).

    Targets: assets of the `vendors` (any vendor when none is chosen) whose model matches one of the
    `model_patterns` (one per line, `*` and `?` as wildcards, case-insensitive; any model when empty).
    """

    kind = models.CharField(_("类型"), max_length=16, choices=BulletinKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    vendors = models.ManyToManyField("assets.Vendor", verbose_name=_("涉及厂商"), blank=True, related_name="bulletins")
    model_patterns = models.TextField(
        _("涉及型号"), blank=True, help_text=_("每行一个型号，可用 * 通配，如 PowerEdge R7*")
    )
    remind_after_days = models.PositiveSmallIntegerField(_("未确认提醒间隔（天）"), default=3)
    max_reminders = models.PositiveSmallIntegerField(_("最多提醒次数"), default=2)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("撰写人")
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("发布人"),
    )

    class Meta:
        verbose_name = _("及时通知")
        verbose_name_plural = _("及时通知")
        indexes = [models.Index(fields=["-id"], name="bulletin_newest")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class BulletinDelivery(models.Model):
    """A bulletin sent to one customer whose installed base matches (通知送达): channels, delivery and
    acknowledgement (确认), and the reminders sent while it is not acknowledged."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("通知"))
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="bulletin_deliveries", verbose_name=_("客户")
    )
    asset_count = models.PositiveIntegerField(_("涉及设备数"), default=0)
    channels = models.JSONField(_("发送渠道"), default=list, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"))
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("确认人账号"),
    )
    acknowledged_via = models.CharField(_("确认方式"), max_length=8, choices=AckChannel.choices, blank=True)
    acknowledged_name = models.CharField(_("确认人"), max_length=64, blank=True)
    acknowledgement_note = models.TextField(_("确认备注"), blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("已提醒次数"), default=0)
    last_reminded_at = models.DateTimeField(_("最近提醒时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知送达")
        verbose_name_plural = _("通知送达")
        constraints = [models.UniqueConstraint(fields=["bulletin", "customer"], name="bulletin_delivery_unique")]
        indexes = [
            models.Index(fields=["customer", "-id"], name="bulletin_delivery_customer"),
            models.Index(
                fields=["bulletin", "delivered_at"],
                name="bulletin_delivery_unacked",
                condition=models.Q(acknowledged_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bulletin_id} → {self.customer_id}"


class Article(TimeStampedModel):
    """A knowledge-base article (知识库文章): symptom, cause and solution steps of a known fault, often written
    from a resolved request. Only published articles are searchable."""

    title = models.CharField(_("标题"), max_length=200)
    symptom = models.TextField(_("故障现象"))
    cause = models.TextField(_("故障原因"), blank=True)
    solution = models.TextField(_("解决步骤"), help_text=_("每行一步"))
    affected_models = models.TextField(_("涉及型号"), blank=True, help_text=_("每行一个型号"))
    vendor = models.ForeignKey(
        "assets.Vendor", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("厂商")
    )
    category = models.CharField(_("类别"), max_length=32, blank=True)
    source_ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("来源请求")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("作者")
    )
    is_published = models.BooleanField(_("已发布"), default=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    search_title = models.TextField(editable=False, blank=True)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("知识库文章")
        verbose_name_plural = _("知识库文章")

    def __str__(self) -> str:
        return self.title

    @property
    def solution_steps(self) -> list[str]:
        return [line.strip() for line in self.solution.splitlines() if line.strip()]

    @property
    def model_list(self) -> list[str]:
        return [line.strip() for line in self.affected_models.splitlines() if line.strip()]


class TicketSearch(models.Model):
    """The search entry of a resolved request (已解决请求检索), for “similar past requests” at intake.

    Written when a request is resolved (and by `manage.py knowledge_reindex` for older ones). No database
    foreign key: it is an index beside the request, not part of it.
    """

    ticket = models.OneToOneField(
        "tickets.Ticket",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("服务请求"),
    )
    number = models.CharField(_("编号"), max_length=32)
    title = models.CharField(_("标题"), max_length=200)
    resolved_at = models.DateTimeField(_("解决时间"))
    search_title = models.TextField(blank=True)
    search_text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("请求检索条目")
        verbose_name_plural = _("请求检索条目")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
