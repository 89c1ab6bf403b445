"""Stages, outcomes and kinds of the sale-to-service area (篇5, 篇6)."""

from __future__ import annotations

from django.db import models

from aftersales.sales.policy.gates import Stage as PolicyStage


class Stage(models.TextChoices):
    """The five stages of the consultative sale (篇5 §3)."""

    QUALIFY = PolicyStage.QUALIFY.value, "确认商机"
    LEAD = PolicyStage.LEAD.value, "主导进程"
    VALIDATE = PolicyStage.VALIDATE.value, "方案论证"
    NEGOTIATE = PolicyStage.NEGOTIATE.value, "商务洽谈"
    CLOSE = PolicyStage.CLOSE.value, "销售成交"


class Status(models.TextChoices):
    OPEN = "open", "进行中"
    WON = "won", "赢单"
    LOST = "lost", "丢单"


class BuyingRole(models.TextChoices):
    """The roles of the customer's buying centre (采购中心, 篇5 1.2(2), 3.2)."""

    DECISION_MAKER = "decision_maker", "决策人"
    TECHNICAL_EVALUATOR = "technical_evaluator", "技术评估人"
    USER = "user", "使用者"
    PURCHASING = "purchasing", "采购经理"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SENT = "sent", "已提交客户"
    APPROVED = "approved", "客户已审核通过"
    REJECTED = "rejected", "客户要求修改"


class InstallationStatus(models.TextChoices):
    PLANNING = "planning", "筹备中"
    ACCEPTED = "accepted", "已验收"


class LineKind(models.TextChoices):
    DEVICE = "device", "设备"
    ACCESSORY = "accessory", "配件及材料"
    DOCUMENT = "document", "技术资料（说明书、手册、图纸）"


class TaskKind(models.TextChoices):
    DELIVERY = "delivery", "送货清点"
    INSTALLATION = "installation", "现场安装"
    COMMISSIONING = "commissioning", "调试"
    ACCEPTANCE_TEST = "acceptance_test", "验收测试"


class CheckResult(models.TextChoices):
    PASSED = "passed", "通过"
    FAILED = "failed", "未通过"


class TrainingKind(models.TextChoices):
    AFTER_ACCEPTANCE = "after_acceptance", "验收后现场培训"
    PERIODIC = "periodic", "定期培训（5月、10月）"


class TrainingStatus(models.TextChoices):
    PLANNED = "planned", "已安排"
    HELD = "held", "已完成"
