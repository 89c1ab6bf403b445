"""This area's section of the access table (merged into `aftersales.accounts.access_table`): the customer
portal's request pages and replies, the public QR fault form, the QR label sheets."""

from __future__ import annotations

from aftersales.accounts.access import ANY, OWN_CUSTOMER, OWN_PARTNER, ByField, Kind, Rule, grant, rule
from aftersales.accounts.choices import STAFF_ROLES, Role

RULES: dict[str, Rule] = {
    # the conversation on a request: staff any, the customer its own, a partner the work dispatched to it
    "portal.reply": rule(grant(ANY, STAFF_ROLES), grant(OWN_CUSTOMER, Role.CUSTOMER), grant(OWN_PARTNER, Role.PARTNER)),
    "portal.qr_report": rule(public=True),  # the signed label link is the credential (portal.links)
    "portal.labels": rule(grant(ANY, STAFF_ROLES)),  # print a customer's QR labels
}

OPERATIONS: dict[str, str | ByField] = {}

PAGES: dict[str, str | ByField | dict[str, str | ByField]] = {
    "customer:ticket": "tickets.portal",
    "customer:reply": "portal.reply",
    "customer:qr_report": "portal.qr_report",
    "customer:labels": "portal.labels",
    "customer:labels_pdf": "portal.labels",
}

KINDS: dict[str, Kind] = {}
PARAMS: dict[str, str] = {}
