"""Roles (SPEC: the people who use it)."""

from django.db import models


class Role(models.TextChoices):
    AGENT = "agent", "客服坐席"
    ENGINEER = "engineer", "工程师"
    EXPERT = "expert", "专家组"
    SUPERVISOR = "supervisor", "主管"
    CUSTOMER = "customer", "客户用户"
    ADMIN = "admin", "管理员"
    PARTNER = "partner", "合作伙伴工程师"
    WAREHOUSE = "warehouse", "备件库管理员"
    CALLBACK = "callback", "回访专员"


# Our own people: they see every customer's requests. Partner and customer users are scoped.
STAFF_ROLES = frozenset(
    {Role.AGENT, Role.ENGINEER, Role.EXPERT, Role.SUPERVISOR, Role.ADMIN, Role.WAREHOUSE, Role.CALLBACK}
)
# Who may do what (taking requests, changing the archive, …) is the access table's: accounts/access_table.py.
ARCHIVE_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})
