"""Spare-parts and loaner codes (SPEC §3; 篇1 2.6, 2.7): location kinds, move kinds, loaner states, grades."""

from django.db import models
from django.utils.translation import gettext_noop

from aftersales.accounts.choices import Role


class LocationKind(models.TextChoices):
    WAREHOUSE = "warehouse", gettext_noop("仓库")
    VAN = "van", gettext_noop("工程师随车库")
    PARTNER_STORE = "partner_store", gettext_noop("合作伙伴库房")


class MoveKind(models.TextChoices):
    """One line of the stock ledger (库存流水)."""

    RECEIVE = "receive", gettext_noop("入库")
    RESERVE = "reserve", gettext_noop("预留")
    RELEASE = "release", gettext_noop("取消预留")
    ISSUE = "issue", gettext_noop("领用出库")
    RETURN = "return", gettext_noop("退回入库")
    SCRAP = "scrap", gettext_noop("报废")
    TRANSFER_OUT = "transfer_out", gettext_noop("调拨出库")
    TRANSFER_IN = "transfer_in", gettext_noop("调拨入库")
    COUNT_ADJUST = "count_adjust", gettext_noop("盘点调整")


# Kinds a person asks for through the move form or POST /stock/moves. A transfer writes transfer_out and
# transfer_in together; count adjustments come only from closing a stock count.
REQUESTED_KINDS = ("receive", "reserve", "release", "issue", "return", "scrap", "transfer")
# Kinds that need a service request (reservations are always for one).
TICKET_REQUIRED_KINDS = frozenset({MoveKind.RESERVE, MoveKind.RELEASE})


class CountStatus(models.TextChoices):
    OPEN = "open", gettext_noop("盘点中")
    CLOSED = "closed", gettext_noop("已完成")
    CANCELLED = "cancelled", gettext_noop("已取消")


class LoanerStatus(models.TextChoices):
    AVAILABLE = "available", gettext_noop("可借")
    LENT = "lent", gettext_noop("已借出")
    REPAIR = "repair", gettext_noop("维修中")
    RETIRED = "retired", gettext_noop("已报废")


class Grade(models.IntegerChoices):
    """Loaner and device grade (档次): a loaner must be of equal or higher grade than the device it stands in for."""

    ENTRY = 1, gettext_noop("入门级")
    STANDARD = 2, gettext_noop("标准级")
    HIGH = 3, gettext_noop("高端级")
    CRITICAL = 4, gettext_noop("关键级")


# Who may do what (the pure rule is parts.policy.access; these are the role names it is given).
STOCK_KEEPER_ROLES = frozenset({Role.WAREHOUSE, Role.SUPERVISOR, Role.ADMIN})
FIELD_ROLES = frozenset({Role.ENGINEER})
