"""Complaint sources, states, tiers and whom a complaint is against (SPEC §4; 篇1 2.16, 4.8)."""

from django.db import models
from django.utils.translation import gettext_noop

from aftersales.accounts.choices import Role


class Source(models.TextChoices):
    """How the complaint reached us."""

    HOTLINE = "hotline", gettext_noop("监督电话")
    CALLBACK = "callback", gettext_noop("回访")
    PORTAL = "portal", gettext_noop("客户门户")
    EMAIL = "email", gettext_noop("电子邮件")
    WALK_IN = "walk_in", gettext_noop("来访")


class Status(models.TextChoices):
    RECEIVED = "received", gettext_noop("已受理")
    REPLIED = "replied", gettext_noop("已回复")
    ESCALATED_SENIOR = "escalated_senior", gettext_noop("已升级高级工程师")
    ESCALATED_MANAGER = "escalated_manager", gettext_noop("领导到场")
    RESOLVED = "resolved", gettext_noop("已解决")
    CLOSED = "closed", gettext_noop("已关闭")


class Tier(models.IntegerChoices):
    """Who handles it: the desk, then a more senior engineer, then the company's manager on site (篇1 2.16)."""

    DESK = 1, gettext_noop("客服/值班")
    SENIOR = 2, gettext_noop("高级工程师")
    MANAGER = 3, gettext_noop("公司领导到场")


class Against(models.TextChoices):
    """Whom the complaint is about: one of our (or a partner's) engineers, a partner company, or us in general."""

    ENGINEER = "engineer", gettext_noop("工程师")
    PARTNER = "partner", gettext_noop("合作伙伴")
    COMPANY = "company", gettext_noop("公司")


class Severity(models.IntegerChoices):
    SERIOUS = 1, gettext_noop("严重")
    NORMAL = 2, gettext_noop("一般")
    MINOR = 3, gettext_noop("轻微")


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
