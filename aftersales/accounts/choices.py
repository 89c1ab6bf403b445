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
    # 家电下乡 subsidy programme (篇3/4/9; aftersales.subsidy): each sees only its own enterprise, outlet or area.
    ENTERPRISE = "enterprise", "中标销售企业"
    OUTLET_CLERK = "outlet_clerk", "销售网点录入员"
    COMMERCE = "commerce", "县商务局"
    TOWNSHIP_FINANCE = "township_finance", "乡镇财政所"
    COUNTY_FINANCE = "county_finance", "县财政局"
    # sale to service (篇5; aftersales.sales) and the brand dealer network (篇10; aftersales.network)
    SALESPERSON = "salesperson", "销售人员"
    SALES_MANAGER = "sales_manager", "销售经理"
    SUPPLIER = "supplier", "供应商"
    DEALER = "dealer", "经销商"


# Our own people: they see every customer's requests. Partner and customer users are scoped.
STAFF_ROLES = frozenset(
    {Role.AGENT, Role.ENGINEER, Role.EXPERT, Role.SUPERVISOR, Role.ADMIN, Role.WAREHOUSE, Role.CALLBACK}
)
# Who may do what (taking requests, changing the archive, …) is the access table's: accounts/access_table.py.
ARCHIVE_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})
