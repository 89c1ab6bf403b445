"""Roles (SPEC: the people who use it)."""

from django.db import models
from django.utils.translation import gettext_noop


class Role(models.TextChoices):
    AGENT = "agent", gettext_noop("客服坐席")
    ENGINEER = "engineer", gettext_noop("工程师")
    EXPERT = "expert", gettext_noop("专家组")
    SUPERVISOR = "supervisor", gettext_noop("主管")
    CUSTOMER = "customer", gettext_noop("客户用户")
    ADMIN = "admin", gettext_noop("管理员")
    PARTNER = "partner", gettext_noop("合作伙伴工程师")
    WAREHOUSE = "warehouse", gettext_noop("备件库管理员")
    CALLBACK = "callback", gettext_noop("回访专员")
    # 家电下乡 subsidy programme (篇3/4/9; aftersales.subsidy): each sees only its own enterprise, outlet or area.
    ENTERPRISE = "enterprise", gettext_noop("中标销售企业")
    OUTLET_CLERK = "outlet_clerk", gettext_noop("销售网点录入员")
    COMMERCE = "commerce", gettext_noop("县商务局")
    TOWNSHIP_FINANCE = "township_finance", gettext_noop("乡镇财政所")
    COUNTY_FINANCE = "county_finance", gettext_noop("县财政局")
    # sale to service (篇5; aftersales.sales) and the brand dealer network (篇10; aftersales.network)
    SALESPERSON = "salesperson", gettext_noop("销售人员")
    SALES_MANAGER = "sales_manager", gettext_noop("销售经理")
    SUPPLIER = "supplier", gettext_noop("供应商")
    DEALER = "dealer", gettext_noop("经销商")


# Our own people: they see every customer's requests. Partner and customer users are scoped.
STAFF_ROLES = frozenset(
    {Role.AGENT, Role.ENGINEER, Role.EXPERT, Role.SUPERVISOR, Role.ADMIN, Role.WAREHOUSE, Role.CALLBACK}
)
# Who may do what (taking requests, changing the archive, …) is the access table's: accounts/access_table.py.
ARCHIVE_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})
