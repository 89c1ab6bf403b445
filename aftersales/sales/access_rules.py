"""This area's section of the access table (merged into `aftersales.accounts.access_table`; vocabulary in
`aftersales.accounts.access`). Every API operation_id and page URL name of the area is listed here.

A salesperson works on the opportunities they own (MINE) and sees the installation projects of their won deals;
a sales manager sees and works on all (篇5: the sales team). Engineers, supervisors and the sales manager carry
out the installation project (篇6): count the delivery, test the devices, sign the acceptance, hold trainings.
"""

from __future__ import annotations

from django.db.models import Q

from aftersales.accounts.access import ANY, MINE, OWN_CUSTOMER, ByField, Kind, Rule, grant, rule
from aftersales.accounts.choices import STAFF_ROLES, Role

SALESPERSON, SALES_MANAGER = Role.SALESPERSON, Role.SALES_MANAGER
MANAGING = frozenset({SALES_MANAGER, Role.ADMIN})
SITE_WORK = frozenset({Role.ENGINEER, Role.SUPERVISOR, Role.ADMIN, SALES_MANAGER})
PROJECT_PLANNERS = frozenset({Role.SUPERVISOR, Role.ADMIN, SALES_MANAGER})

RULES: dict[str, Rule] = {
    "sales.read": rule(grant(ANY, MANAGING, Role.SUPERVISOR), grant(MINE, SALESPERSON)),
    "sales.create": rule(grant(ANY, MANAGING, SALESPERSON)),
    "sales.write": rule(grant(ANY, MANAGING), grant(MINE, SALESPERSON)),
    "installations.read": rule(grant(ANY, STAFF_ROLES, SALES_MANAGER), grant(MINE, SALESPERSON)),
    "installations.plan": rule(grant(ANY, PROJECT_PLANNERS), grant(MINE, SALESPERSON)),
    "installations.work": rule(grant(ANY, SITE_WORK)),
}

OPERATIONS: dict[str, str | ByField] = {
    "create_opportunity": "sales.create",
    "list_opportunities": "sales.read",
    "get_opportunity": "sales.read",
    "update_opportunity": "sales.write",
    "advance_opportunity": "sales.write",
    "lose_opportunity": "sales.write",
    "add_buying_centre_member": "sales.write",
    "create_proposal": "sales.write",
    "add_proposal_version": "sales.write",
    "send_proposal": "sales.write",
    "review_proposal": "sales.write",
    "get_sales_forecast": "sales.read",
    "create_installation": "installations.plan",
    "list_installations": "installations.read",
    "get_installation": "installations.read",
    "add_delivery_line": "installations.plan",
    "count_delivery_line": "installations.work",
    "schedule_site_task": "installations.plan",
    "record_device_test": "installations.work",
    "sign_acceptance": "installations.work",
    "add_training_attendee": "installations.work",
}

PAGES: dict[str, str | ByField | dict[str, str | ByField]] = {
    "sales:board": "sales.read",
    "sales:forecast": "sales.read",
    "sales:opportunity_new": "sales.create",
    "sales:opportunity_detail": "sales.read",
    "sales:opportunity_edit": "sales.write",
    "sales:opportunity_advance": "sales.write",
    "sales:opportunity_lose": "sales.write",
    "sales:buying_member_add": "sales.write",
    "sales:proposal_create": "sales.write",
    "sales:proposal_version": "sales.write",
    "sales:proposal_send": "sales.write",
    "sales:proposal_review": "sales.write",
    "sales:proposal_document": "sales.read",
    "sales:installation_new": "installations.plan",
    "sales:installation_list": "installations.read",
    "sales:installation_detail": "installations.read",
    "sales:line_add": "installations.plan",
    "sales:line_count": "installations.work",
    "sales:task_add": "installations.plan",
    "sales:task_done": "installations.work",
    "sales:test_add": "installations.work",
    "sales:acceptance_sign": "installations.work",
    "sales:acceptance_pdf": "installations.read",
    "sales:training_detail": "installations.read",
    "sales:training_attendee_add": "installations.work",
    "sales:training_held": "installations.work",
    "sales:training_sheet": "installations.read",
}

KINDS: dict[str, Kind] = {
    "opportunity": Kind("sales.Opportunity", {MINE: lambda u: Q(owner=u)}, "商机", "Opportunity"),
    "proposal": Kind("sales.Proposal", {MINE: lambda u: Q(opportunity__owner=u)}, "方案书", "Proposal"),
    "installation": Kind(
        "sales.Installation", {MINE: lambda u: Q(opportunity__owner=u)}, "安装项目", "Installation project"
    ),
    "training": Kind("sales.Training", {MINE: lambda u: Q(installation__opportunity__owner=u)}, "培训", "Training"),
    # a won deal's contract: the salesperson's own; a customer user's organisation's
    "contract": Kind(
        "customers.Contract",
        {MINE: lambda u: Q(opportunities__owner=u), OWN_CUSTOMER: lambda u: Q(customer_id=u.customer_id)},
        "合同",
        "Contract",
    ),
}
PARAMS: dict[str, str] = {
    "opportunity_id": "opportunity",
    "proposal_id": "proposal",
    "installation_id": "installation",
    "training_id": "training",
    "contract_id": "contract",
}
