"""From sale to service (SPEC §7; 篇5, 篇6): opportunities through the five stages of the consultative sale, their
buying centre and proposals; the installation project of a won contract with its delivery checklist, site tasks,
device tests, the acceptance certificate (设备验收合格书) and the trainings that follow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aftersales.core.models import TimeStampedModel
from aftersales.sales.choices import (
    BuyingRole,
    CheckResult,
    InstallationStatus,
    LineKind,
    ProposalStatus,
    Stage,
    Status,
    TaskKind,
    TrainingKind,
    TrainingStatus,
)

USER = settings.AUTH_USER_MODEL


class Opportunity(TimeStampedModel):
    """A sales opportunity (商机) at a customer, owned by a salesperson; moves through the five stages of 篇5 §3.

    `stage` and `status` change only in `services.opportunity_advance` / `opportunity_lose`, each with an
    `OpportunityEvent`. A won opportunity has its `contract` (customers.Contract)."""

    number = models.CharField(_("商机编号"), max_length=20, unique=True)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="opportunities", verbose_name=_("客户")
    )
    name = models.CharField(_("项目名称"), max_length=128)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="opportunities", verbose_name=_("销售人员"))
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.QUALIFY)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    amount = models.DecimalField(_("预计金额"), max_digits=14, decimal_places=2, default=0)
    expected_close_on = models.DateField(_("预计成交日期"), null=True, blank=True)
    competitors = models.JSONField(_("竞争对手"), default=list, blank=True)
    need = models.TextField(_("客户需求（痛点及影响）"), blank=True)
    benefit_analysis = models.TextField(_("效益分析"), blank=True)
    difference_assessment = models.TextField(_("差异评估"), blank=True)
    agreed_amount = models.DecimalField(_("成交金额"), max_digits=14, decimal_places=2, null=True, blank=True)
    terms = models.TextField(_("合同条款（付款、交货、安装）"), blank=True)
    next_step = models.CharField(_("下一步"), max_length=200, blank=True)
    next_step_on = models.DateField(_("下一步日期"), null=True, blank=True)
    outcome_reason = models.TextField(_("赢单/丢单原因"), blank=True)
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    contract = models.ForeignKey(
        "customers.Contract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opportunities",
        verbose_name=_("合同"),
    )
    warranty_months = models.PositiveSmallIntegerField(_("质保月数"), default=36, help_text=_("篇6：质保期三年"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("商机")
        verbose_name_plural = _("商机")
        indexes = [
            models.Index(fields=["status", "stage"], name="opportunity_board"),
            models.Index(fields=["owner", "status"], name="opportunity_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class OpportunityEvent(models.Model):
    """One move of an opportunity (阶段变更): from, to, who, when and why."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("动作"), max_length=16)
    from_stage = models.CharField(_("原阶段"), max_length=16, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=16, blank=True)
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("操作人"))
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("商机记录")
        verbose_name_plural = _("商机记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.opportunity_id} {self.action} {self.to_stage}"


class BuyingCentreMember(models.Model):
    """A person of the customer's buying centre (采购中心) in one of its roles; a contact of the customer."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="buying_centre")
    role = models.CharField(_("角色"), max_length=24, choices=BuyingRole.choices)
    contact = models.ForeignKey(
        "customers.Contact", on_delete=models.PROTECT, related_name="buying_roles", verbose_name=_("联系人")
    )
    note = models.CharField(_("关注点"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("采购中心成员")
        verbose_name_plural = _("采购中心成员")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "role", "contact"], name="buying_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.contact_id}"


class Proposal(TimeStampedModel):
    """A proposal (方案书: solution architecture and implementation plan, 篇5 3.3 (3)) with its versions.

    Reviewed with the customer: sent, then approved or sent back for changes; a new version makes it a draft."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("方案名称"), max_length=128)
    status = models.CharField(_("状态"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT)
    sent_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_on = models.DateField(_("客户审核日期"), null=True, blank=True)
    reviewed_by = models.CharField(_("客户审核人"), max_length=64, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("方案书")
        verbose_name_plural = _("方案书")

    def __str__(self) -> str:
        return self.title


def proposal_path(version: ProposalVersion, filename: str) -> str:
    return f"sales/proposals/{version.proposal_id}/v{version.number}-{filename[-80:]}"


class ProposalVersion(models.Model):
    """One version of a proposal: its text and, optionally, the uploaded document (Django storage)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本"))
    body = models.TextField(_("方案内容"), blank=True)
    file = models.FileField(_("文件"), upload_to=proposal_path, max_length=200, blank=True)
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("方案版本")
        verbose_name_plural = _("方案版本")
        ordering = ["proposal", "number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="proposal_version_unique")]

    def __str__(self) -> str:
        return f"{self.proposal_id} v{self.number}"


class Installation(TimeStampedModel):
    """The installation project (安装项目) of a won contract: delivery, installation, commissioning, tests and the
    acceptance signed by both sides (篇6 (一))."""

    number = models.CharField(_("项目编号"), max_length=20, unique=True)
    contract = models.OneToOneField(
        "customers.Contract", on_delete=models.PROTECT, related_name="installation", verbose_name=_("合同")
    )
    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="installations"
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="installations", verbose_name=_("客户")
    )
    site = models.CharField(_("安装地点"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=12, choices=InstallationStatus.choices, default=InstallationStatus.PLANNING
    )
    warranty_months = models.PositiveSmallIntegerField(_("质保月数"), default=36)
    engineer = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("项目工程师")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("安装项目")
        verbose_name_plural = _("安装项目")

    def __str__(self) -> str:
        return f"{self.number} {self.site}"


class DeliveryLine(models.Model):
    """One line of the delivery checklist (交货清单), counted with the customer on arrival (篇6: 由用户人员清点货物)."""

    installation = models.ForeignKey(Installation, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("类型"), max_length=12, choices=LineKind.choices, default=LineKind.DEVICE)
    description = models.CharField(_("名称"), max_length=128)
    vendor = models.CharField(_("厂商"), max_length=64, blank=True)
    model = models.CharField(_("型号"), max_length=64, blank=True)
    serial = models.CharField(_("序列号"), max_length=64, blank=True)
    category = models.CharField(_("类别"), max_length=32, blank=True)
    quantity = models.PositiveIntegerField(_("合同数量"), default=1)
    counted = models.PositiveIntegerField(_("清点数量"), null=True, blank=True)
    counted_on = models.DateField(_("清点日期"), null=True, blank=True)
    counted_with = models.CharField(_("客户清点人"), max_length=64, blank=True)
    appearance_ok = models.BooleanField(_("外观完好"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    asset = models.ForeignKey(
        "assets.Asset", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("设备档案")
    )

    class Meta:
        verbose_name = _("交货清单行")
        verbose_name_plural = _("交货清单")
        ordering = ["installation", "id"]

    def __str__(self) -> str:
        return f"{self.description} {self.serial}".strip()


class SiteTask(models.Model):
    """An installation or commissioning task on site for an engineer, announced to the customer 7 days ahead
    (篇6 (三) 2)."""

    installation = models.ForeignKey(Installation, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("类型"), max_length=16, choices=TaskKind.choices)
    engineer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("工程师"))
    scheduled_on = models.DateField(_("计划日期"))
    notified_on = models.DateField(_("通知客户日期"))
    notified_to = models.CharField(_("通知对象"), max_length=200, blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("现场任务")
        verbose_name_plural = _("现场任务")
        ordering = ["installation", "scheduled_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scheduled_on}"


class TestRecord(models.Model):
    """A test of one device of the checklist (篇6: 测试所有硬件、软件), by an engineer, passed or failed."""

    __test__ = False  # not a pytest class

    line = models.ForeignKey(DeliveryLine, on_delete=models.CASCADE, related_name="tests")
    item = models.CharField(_("测试项目"), max_length=128)
    result = models.CharField(_("结果"), max_length=8, choices=CheckResult.choices)
    measured = models.CharField(_("测试数据"), max_length=200, blank=True)
    tested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    tested_at = models.DateTimeField(_("测试时间"))

    class Meta:
        verbose_name = _("测试记录")
        verbose_name_plural = _("测试记录")
        ordering = ["line", "tested_at", "id"]

    def __str__(self) -> str:
        return f"{self.item} {self.result}"


class Acceptance(models.Model):
    """The acceptance certificate (设备验收合格书) signed by the customer and the engineer (篇6 (一) 3); the warranty
    counts from the next day (篇6: 质保期自工程完成并验收签字次日开始计算)."""

    installation = models.OneToOneField(Installation, on_delete=models.PROTECT, related_name="acceptance")
    signed_on = models.DateField(_("验收日期"))
    customer_signatory = models.CharField(_("客户签字人"), max_length=64)
    engineer_signatory = models.CharField(_("工程师签字人"), max_length=64)
    customer_signature_png = models.BinaryField(_("客户签字"), null=True, blank=True, editable=False)
    engineer_signature_png = models.BinaryField(_("工程师签字"), null=True, blank=True, editable=False)
    remarks = models.TextField(_("验收意见"), blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"))
    service_plan = models.ForeignKey(
        "plans.ServicePlan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("设备验收合格书")
        verbose_name_plural = _("设备验收合格书")

    def __str__(self) -> str:
        return f"{self.installation_id} {self.signed_on}"


class Training(models.Model):
    """An on-site training (技术培训, 篇6 (一) 2): after acceptance, then every May and October."""

    installation = models.ForeignKey(Installation, on_delete=models.CASCADE, related_name="trainings")
    kind = models.CharField(_("类型"), max_length=20, choices=TrainingKind.choices)
    scheduled_on = models.DateField(_("培训日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    trainer = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("培训工程师")
    )
    topics = models.JSONField(_("培训内容"), default=list)
    status = models.CharField(_("状态"), max_length=8, choices=TrainingStatus.choices, default=TrainingStatus.PLANNED)
    held_on = models.DateField(_("实际日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ["installation", "scheduled_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["installation", "scheduled_on"], name="training_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scheduled_on}"


class TrainingAttendee(models.Model):
    """A person of the customer on a training's sign-in sheet (签到表)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("姓名"), max_length=64)
    department = models.CharField(_("部门/职务"), max_length=64, blank=True)
    attended = models.BooleanField(_("已签到"), default=False)

    class Meta:
        verbose_name = _("培训人员")
        verbose_name_plural = _("培训人员")
        ordering = ["training", "id"]

    def __str__(self) -> str:
        return self.name
