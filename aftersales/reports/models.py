"""The management view's own records (issue 12): the per-day SLA rollup it keeps for speed, the periodic
service reports sent to key customers, technical analysis reports of one fault, and background exports.
It owns no workflow of the desk: everything else is read from the areas that store it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.core.models import TimeStampedModel
from aftersales.reports.choices import ExportStatus, Period, ReportStatus

CLOCK_COLUMNS = tuple(
    f"{clock}_{part}" for clock in ("respond", "arrive", "restore", "resolve") for part in ("due", "met")
)


class DayCounts(models.Model):
    """What the rollup counts of the requests reported on one Beijing day: how many, each clock's due and met, and
    the time-to-respond and time-to-restore buckets (`selectors.clock_aggregates`, `duration_aggregates`)."""

    requests = models.PositiveIntegerField(_("请求数"), default=0)
    respond_due = models.PositiveIntegerField(default=0)
    respond_met = models.PositiveIntegerField(default=0)
    arrive_due = models.PositiveIntegerField(default=0)
    arrive_met = models.PositiveIntegerField(default=0)
    restore_due = models.PositiveIntegerField(default=0)
    restore_met = models.PositiveIntegerField(default=0)
    resolve_due = models.PositiveIntegerField(default=0)
    resolve_met = models.PositiveIntegerField(default=0)
    # Time to respond and to restore (minutes after the report): how many requests fall in each bucket of
    # `selectors.RESPOND_BUCKETS` / `RESTORE_BUCKETS` (b0: up to the first limit … b7: over the last).
    respond_b0 = models.PositiveIntegerField(default=0)
    respond_b1 = models.PositiveIntegerField(default=0)
    respond_b2 = models.PositiveIntegerField(default=0)
    respond_b3 = models.PositiveIntegerField(default=0)
    respond_b4 = models.PositiveIntegerField(default=0)
    respond_b5 = models.PositiveIntegerField(default=0)
    respond_b6 = models.PositiveIntegerField(default=0)
    respond_b7 = models.PositiveIntegerField(default=0)
    restore_b0 = models.PositiveIntegerField(default=0)
    restore_b1 = models.PositiveIntegerField(default=0)
    restore_b2 = models.PositiveIntegerField(default=0)
    restore_b3 = models.PositiveIntegerField(default=0)
    restore_b4 = models.PositiveIntegerField(default=0)
    restore_b5 = models.PositiveIntegerField(default=0)
    restore_b6 = models.PositiveIntegerField(default=0)
    restore_b7 = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class SlaDay(DayCounts):
    """SLA attainment of the requests reported on one Beijing day, per class, region, SLA policy and the device's
    vendor, as of the rollup's run (`RollupState`). Rebuilt by `reports.tasks.sla_rollup_job`; the API adds the
    requests newer than the rollup live (docs/decisions/016-management-view.md)."""

    day = models.DateField(_("日期"))
    severity = models.PositiveSmallIntegerField(_("故障级别"))
    region_id = models.PositiveIntegerField(_("地区"))
    sla_policy_id = models.PositiveIntegerField(_("服务级别"))
    vendor_id = models.PositiveIntegerField(_("厂商"), null=True)  # the device's vendor; null: no device

    class Meta:
        verbose_name = _("SLA日汇总")
        verbose_name_plural = _("SLA日汇总")
        indexes = [models.Index(fields=["day"], name="reports_sladay_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.severity}"


class DeviceDay(models.Model):
    """Requests with a device reported on one Beijing day, per the device's vendor, model and category."""

    day = models.DateField("日期")
    vendor_name = models.CharField("厂商", max_length=100)
    model = models.CharField("型号", max_length=64)
    category = models.CharField("类别", max_length=32)
    requests = models.PositiveIntegerField("请求数", default=0)

    class Meta:
        abstract = True


class FaultDay(DeviceDay):
    """`DeviceDay` per class, region and SLA policy as `SlaDay` (so the dashboard's filters narrow it too), as of
    the rollup's run (the top-faults charts; kept beside `SlaDay` by the same job, for the same requests)."""

    severity = models.PositiveSmallIntegerField("故障级别")
    region_id = models.PositiveIntegerField("地区")
    sla_policy_id = models.PositiveIntegerField("服务级别")

    class Meta:
        verbose_name = "故障日汇总"
        verbose_name_plural = "故障日汇总"
        indexes = [models.Index(fields=["day"], name="reports_faultday_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.model}"


class OpenCounts(models.Model):
    """Open requests (not resolved, closed or cancelled) per status, tier, class and region."""

    status = models.CharField("状态", max_length=20)
    tier = models.PositiveSmallIntegerField("层级")
    severity = models.PositiveSmallIntegerField("故障级别")
    region_id = models.PositiveIntegerField("地区")
    requests = models.PositiveIntegerField("请求数", default=0)
    late = models.PositiveIntegerField("已超时", default=0)  # breached at the snapshot's time (`RollupState.as_of`)

    class Meta:
        abstract = True


class OpenSnapshot(OpenCounts):
    """The open requests up to `RollupState.max_ticket_id`, per status, tier, class, region, SLA policy and the
    device's vendor, as of the rollup's run (the dashboard's open charts add the newer requests live)."""

    sla_policy_id = models.PositiveIntegerField("服务级别")
    vendor_id = models.PositiveIntegerField("厂商", null=True)  # the device's vendor; null: no device

    class Meta:
        verbose_name = "未完成请求快照"
        verbose_name_plural = "未完成请求快照"

    def __str__(self) -> str:
        return f"{self.status} {self.requests}"


class CustomerDay(DayCounts):
    """`SlaDay` of one large customer (`RollupState.customer_ids`): a customer's dashboard (a customer user's is
    always one) reads it instead of counting the customer's requests live (decision 021 §14)."""

    day = models.DateField(_("日期"))
    customer_id = models.PositiveIntegerField(_("客户"))

    class Meta:
        verbose_name = _("客户SLA日汇总")
        verbose_name_plural = _("客户SLA日汇总")
        indexes = [models.Index(fields=["customer_id", "day"], name="reports_customerday_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.customer_id}"


class CustomerFaultDay(DeviceDay):
    """`FaultDay` of one large customer: its requests with a device per day, vendor, model and category."""

    customer_id = models.PositiveIntegerField("客户")

    class Meta:
        verbose_name = "客户故障日汇总"
        verbose_name_plural = "客户故障日汇总"
        indexes = [models.Index(fields=["customer_id", "day"], name="reports_customerfault_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.customer_id} {self.model}"


class CustomerOpen(OpenCounts):
    """`OpenSnapshot` of one large customer: its open requests per status, tier, class and region."""

    customer_id = models.PositiveIntegerField("客户")

    class Meta:
        verbose_name = "客户未完成请求快照"
        verbose_name_plural = "客户未完成请求快照"
        indexes = [models.Index(fields=["customer_id"], name="reports_customeropen_cust")]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.status} {self.requests}"


class AssessmentDay(models.Model):
    """The assessment's counts (`selectors.assessment_groups`) of one engineer or partner (`kind`, `owner`: its id)
    for the requests reported on one Beijing day, per class, region, SLA policy, device's vendor and large customer
    (what the report may be narrowed by), as of the rollup's run; the report adds the newer requests live."""

    day = models.DateField(_("日期"))
    kind = models.CharField(_("考核对象"), max_length=8)
    owner = models.PositiveBigIntegerField(_("工程师或合作伙伴"))
    severity = models.PositiveSmallIntegerField(_("故障级别"))
    region_id = models.PositiveBigIntegerField(_("地区"))
    sla_policy_id = models.PositiveBigIntegerField(_("服务级别"))
    vendor_id = models.PositiveBigIntegerField(_("厂商"), null=True)  # the device's vendor; null: no device
    customer_id = models.PositiveBigIntegerField(_("单独汇总的客户"), null=True)  # a large customer's, else null
    requests = models.PositiveIntegerField(default=0)
    arrive_due = models.PositiveIntegerField(default=0)
    arrived = models.PositiveIntegerField(default=0)
    restored = models.PositiveIntegerField(default=0)
    sat_sum = models.PositiveIntegerField(default=0)
    sat_n = models.PositiveIntegerField(default=0)
    repeats = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("考核日汇总")
        verbose_name_plural = _("考核日汇总")
        indexes = [models.Index(fields=["kind", "day"], name="assessmentday_kind_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.owner}"


class RatedDay(models.Model):
    """The satisfaction scores given on one Beijing day (`followups.selectors.Rated`: callbacks done, survey ratings
    answered), per the customer's region and per large customer (`RollupState.customer_ids`; null for the rest): the
    sums and counts the dashboard's trend averages. Held for the days before the rollup's run (a score is recorded
    at the time it is given, so such a day gets no more)."""

    day = models.DateField(_("日期"))
    region_id = models.PositiveBigIntegerField(_("地区"), null=True)
    customer_id = models.PositiveBigIntegerField(_("单独汇总的客户"), null=True)  # a large customer's, else null
    callbacks_sum = models.PositiveIntegerField(default=0)
    callbacks_n = models.PositiveIntegerField(default=0)
    survey_sum = models.PositiveIntegerField(default=0)
    survey_n = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("满意度日汇总")
        verbose_name_plural = _("满意度日汇总")
        indexes = [models.Index(fields=["day"], name="ratedday_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.region_id}"


class ConsumedDay(models.Model):
    """The parts consumed on one Beijing day (`parts.selectors.Consumed`: issue moves), per part, the request's
    region and large customer (as `RatedDay`): the units (the moves' summed change on hand, negative). Held like
    `RatedDay`."""

    day = models.DateField(_("日期"))
    part_id = models.PositiveBigIntegerField(_("备件"))
    region_id = models.PositiveBigIntegerField(_("地区"), null=True)
    customer_id = models.PositiveBigIntegerField(_("单独汇总的客户"), null=True)  # a large customer's, else null
    on_hand = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("备件消耗日汇总")
        verbose_name_plural = _("备件消耗日汇总")
        indexes = [models.Index(fields=["day"], name="consumedday_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.part_id} {self.on_hand}"


class RollupState(models.Model):
    """The one row saying which requests `SlaDay` holds (ids up to `max_ticket_id`) and when it was counted."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    max_ticket_id = models.PositiveBigIntegerField(default=0)
    as_of = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(_("耗时(秒)"), default=0)
    # The customers kept per customer too (`CustomerDay` …): those with at least `services.CUSTOMER_ROLLUP_MIN`
    # requests at the last full run. Fixed between full runs, so each of their days is held once.
    customer_ids = models.JSONField(_("单独汇总的客户"), default=list, blank=True)

    class Meta:
        verbose_name = _("汇总状态")
        verbose_name_plural = _("汇总状态")

    def __str__(self) -> str:
        return f"≤{self.max_ticket_id} @ {self.as_of}"


class PeriodicReport(TimeStampedModel):
    """A periodic service report of one customer (定期服务报告, 篇1 2.11/2.12, 4.10): figures read live for the
    period, with the open risks and recommendations written by the engineer; sent to the customer's contacts."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="+", verbose_name=_("客户"), db_index=False
    )
    period = models.CharField(_("周期"), max_length=8, choices=Period.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    status = models.CharField(_("状态"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    risks = models.TextField(_("遗留风险"), blank=True)
    recommendations = models.TextField(_("建议"), blank=True)
    scheduled = models.BooleanField(_("定时生成"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    sent_to = models.JSONField(_("收件人"), default=list, blank=True)

    class Meta:
        verbose_name = _("定期服务报告")
        verbose_name_plural = _("定期服务报告")
        constraints = [
            models.UniqueConstraint(fields=["customer", "period", "starts_on"], name="reports_periodic_unique"),
        ]
        indexes = [models.Index(fields=["-starts_on", "-id"], name="reports_periodic_start")]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.period} {self.starts_on}"


class TechnicalReport(TimeStampedModel):
    """技术分析报告 of one fault (篇1 4.10): the cause found, the actions taken, how to prevent it again."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.PROTECT, related_name="+", verbose_name=_("服务请求"), db_index=False
    )
    title = models.CharField(_("标题"), max_length=200)
    symptom = models.TextField(_("故障现象"), blank=True)
    cause = models.TextField(_("原因分析"))
    actions = models.TextField(_("处理措施"))
    prevention = models.TextField(_("预防建议"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("技术分析报告")
        verbose_name_plural = _("技术分析报告")
        indexes = [models.Index(fields=["ticket", "-id"], name="reports_technical_ticket")]

    def __str__(self) -> str:
        return self.title


class Export(models.Model):
    """One background export of a list to Excel: who asked, with which filters, how far it got, the file."""

    kind = models.CharField(_("列表"), max_length=24)
    params = models.JSONField(_("筛选条件"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    rows_done = models.PositiveIntegerField(_("已写行数"), default=0)
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    file = models.CharField(_("文件"), max_length=200, blank=True)
    error = models.CharField(_("错误"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("申请人"), db_index=False
    )
    created_at = models.DateTimeField(_("申请时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台导出")
        verbose_name_plural = _("后台导出")
        indexes = [models.Index(fields=["created_by", "-id"], name="reports_export_user")]

    def __str__(self) -> str:
        return f"{self.kind} {self.status}"

    @property
    def kind_label(self) -> str:
        from aftersales.reports.exports import KINDS

        kind = KINDS.get(self.kind)
        return kind.zh if kind else self.kind

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return min(99, int(self.rows_done * 100 / self.rows_total)) if self.rows_total else 0
