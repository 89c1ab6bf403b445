"""The desk's section of the access table (issue 10, part A): engineers and the rota, the queue's search and
saved filters, the customer, contact and asset pages of the workspace, live updates. Merged into
`aftersales.accounts.access_table` (vocabulary in `aftersales.accounts.access`)."""

from __future__ import annotations

from django.db.models import Q

from aftersales.accounts.access import ANY, MINE, OWN_CUSTOMER, OWN_PARTNER, ByField, Kind, Rule, grant, rule
from aftersales.accounts.choices import STAFF_ROLES, Role

STAFF = STAFF_ROLES
ARCHIVE = frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN})
DISPATCHERS = frozenset({Role.SUPERVISOR, Role.AGENT, Role.EXPERT, Role.ADMIN})
SUPERVISING = frozenset({Role.SUPERVISOR, Role.ADMIN})
INTAKE = frozenset({Role.AGENT, Role.ENGINEER, Role.EXPERT, Role.SUPERVISOR, Role.ADMIN})

RULES: dict[str, Rule] = {
    # saved queue filters: each user their own
    "desk.saved_filters": rule(grant(MINE, *STAFF), grant(MINE, Role.PARTNER)),
    # bulk assignment and escalation from the queue
    "desk.bulk": rule(grant(ANY, DISPATCHERS)),
    # the queue's "what changed since" poll (cheap, a number and a timestamp)
    "desk.changes": rule(grant(ANY, STAFF), grant(OWN_PARTNER, Role.PARTNER), grant(OWN_CUSTOMER, Role.CUSTOMER)),
    # edit the customer archive from the workspace (contacts, assets, the customer's own fields)
    "customers.edit": rule(grant(ANY, ARCHIVE)),
}
OPERATIONS: dict[str, str | ByField] = {
    "create_engineer": "dispatch.engineers_manage",
    "update_engineer": "dispatch.engineers_manage",
    "generate_rota": "dispatch.rota",
}
PAGES: dict[str, str | ByField | dict[str, str | ByField]] = {
    "dispatch:engineers": "dispatch.engineers",
    "dispatch:engineer_new": "dispatch.engineers_manage",
    "dispatch:engineer_edit": "dispatch.engineers_manage",
    "dispatch:rota": {"GET": "dispatch.engineers_manage", "POST": "dispatch.rota"},
    "tickets:changes": "desk.changes",
    "tickets:bulk": "desk.bulk",
    "tickets:saved_filters": "desk.saved_filters",
    "tickets:saved_filter_delete": "desk.saved_filters",
    "tickets:similar": "tickets.intake_desk",
    "customers:create": {"GET": "customers.create", "POST": "customers.create"},
    "customers:duplicates": "customers.create",
    "customers:edit": "customers.edit",
    "customers:contacts": "customers.browse",
    "customers:contact_new": "customers.edit",
    "customers:contact_edit": "customers.edit",
    "customers:asset_new": "customers.edit",
    "customers:asset_edit": "customers.edit",
}
KINDS: dict[str, Kind] = {
    "engineer": Kind(
        "dispatch.Engineer",
        {OWN_PARTNER: lambda u: Q(partner_id=u.partner_id), MINE: lambda u: Q(user=u)},
        "工程师",
        "Engineer",
    ),
    "saved_filter": Kind("tickets.SavedFilter", {MINE: lambda u: Q(user=u)}, "已保存的筛选", "Saved filter"),
    "contact": Kind("customers.Contact", {}, "联系人", "Contact"),
}
PARAMS: dict[str, str] = {
    "engineer_id": "engineer",
    "saved_filter_id": "saved_filter",
    "contact_id": "contact",
}
