"""Stages, outcomes and kinds of the sale-to-service area (篇5, 篇6)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_noop

from aftersales.sales.policy.gates import Stage as PolicyStage


class Stage(models.TextChoices):
    """The five stages of the consultative sale (篇5 §3)."""

    QUALIFY = PolicyStage.QUALIFY.value, gettext_noop("确认商机")
    LEAD = PolicyStage.LEAD.value, gettext_noop("主导进程")
    VALIDATE = PolicyStage.VALIDATE.value, gettext_noop("方案论证")
    NEGOTIATE = PolicyStage.NEGOTIATE.value, gettext_noop("商务洽谈")
    CLOSE = PolicyStage.CLOSE.value, gettext_noop("销售成交")


class Status(models.TextChoices):
    OPEN = "open", gettext_noop("进行中")
    WON = "won", gettext_noop("赢单")
    LOST = "lost", gettext_noop("丢单")


class BuyingRole(models.TextChoices):
    """The roles of the customer's buying centre (采购中心, 篇5 1.2(2), 3.2)."""

    DECISION_MAKER = "decision_maker", gettext_noop("决策人")
    TECHNICAL_EVALUATOR = "technical_evaluator", gettext_noop("技术评估人")
    USER = "user", gettext_noop("使用者")
    PURCHASING = "purchasing", gettext_noop("采购经理")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", gettext_noop("草稿")
    SENT = "sent", gettext_noop("已提交客户")
    APPROVED = "approved", gettext_noop("客户已审核通过")
    REJECTED = "rejected", gettext_noop("客户要求修改")


class InstallationStatus(models.TextChoices):
    PLANNING = "planning", gettext_noop("筹备中")
    ACCEPTED = "accepted", gettext_noop("已验收")


class LineKind(models.TextChoices):
    DEVICE = "device", gettext_noop("设备")
    ACCESSORY = "accessory", gettext_noop("配件及材料")
    DOCUMENT = "document", gettext_noop("技术资料（说明书、手册、图纸）")


class TaskKind(models.TextChoices):
    DELIVERY = "delivery", gettext_noop("送货清点")
    INSTALLATION = "installation", gettext_noop("现场安装")
    COMMISSIONING = "commissioning", gettext_noop("调试")
    ACCEPTANCE_TEST = "acceptance_test", gettext_noop("验收测试")


class CheckResult(models.TextChoices):
    PASSED = "passed", gettext_noop("通过")
    FAILED = "failed", gettext_noop("未通过")


class TrainingKind(models.TextChoices):
    AFTER_ACCEPTANCE = "after_acceptance", gettext_noop("验收后现场培训")
    PERIODIC = "periodic", gettext_noop("定期培训（5月、10月）")


class TrainingStatus(models.TextChoices):
    PLANNED = "planned", gettext_noop("已安排")
    HELD = "held", gettext_noop("已完成")
