"""Complaint sources, states, tiers and whom a complaint is against (SPEC §4; 篇1 2.16, 4.8)."""

from django.db import models

from aftersales.accounts.choices import Role


class Source(models.TextChoices):
    """How the complaint reached us."""

    HOTLINE = "hotline", "监督电话"
    CALLBACK = "callback", "回访"
    PORTAL = "portal", "客户门户"
    EMAIL = "email", "电子邮件"
    WALK_IN = "walk_in", "来访"


class Status(models.TextChoices):
    RECEIVED = "received", "已受理"
    REPLIED = "replied", "已回复"
    ESCALATED_SENIOR = "escalated_senior", "已升级高级工程师"
    ESCALATED_MANAGER = "escalated_manager", "领导到场"
    RESOLVED = "resolved", "已解决"
    CLOSED = "closed", "已关闭"


class Tier(models.IntegerChoices):
    """Who handles it: the desk, then a more senior engineer, then the company's manager on site (篇1 2.16)."""

    DESK = 1, "客服/值班"
    SENIOR = 2, "高级工程师"
    MANAGER = 3, "公司领导到场"


class Against(models.TextChoices):
    """Whom the complaint is about: one of our (or a partner's) engineers, a partner company, or us in general."""

    ENGINEER = "engineer", "工程师"
    PARTNER = "partner", "合作伙伴"
    COMPANY = "company", "公司"


class Severity(models.IntegerChoices):
    SERIOUS = 1, "严重"
    NORMAL = 2, "一般"
    MINOR = 3, "轻微"


# Finished: no deadline runs, the sweep leaves them alone.
DONE = frozenset({Status.RESOLVED, Status.CLOSED})
OPEN = frozenset(set(Status) - DONE)

# Who takes, handles and assesses complaints: the access table (accounts.access_table, complaints.*).
# Who is told when a complaint reaches a tier.
TIER_ROLES: dict[int, tuple[str, ...]] = {
    Tier.DESK: (Role.SUPERVISOR,),
    Tier.SENIOR: (Role.EXPERT, Role.SUPERVISOR),
    Tier.MANAGER: (Role.SUPERVISOR,),
}
