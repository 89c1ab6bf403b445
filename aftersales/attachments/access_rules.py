"""This area's section of the access table (merged into `aftersales.accounts.access_table`): attachments.

Reading a file is ``attachments.read`` on the attachment itself (scoped by the columns copied from its owner);
attaching is one action per owner kind, checked on the owner's own parameter (``ticket_id``, ``visit_id``…)
so the owner's scope decides: a customer its own requests and complaints, an engineer his own visits and
inspections, a partner the work dispatched to it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from aftersales.accounts.access import ANY, MINE, OWN_CUSTOMER, OWN_PARTNER, ByField, Kind, Rule, grant, rule
from aftersales.accounts.choices import STAFF_ROLES, Role
from aftersales.attachments.choices import CUSTOMER_VISIBLE

SUPERVISING = frozenset({Role.SUPERVISOR, Role.ADMIN})
COMPLAINT_DESK = frozenset({Role.AGENT, Role.SUPERVISOR, Role.EXPERT, Role.ADMIN, Role.CALLBACK})


def _dispatched_to_partner(user) -> Q:
    from aftersales.dispatch.models import Dispatch

    dispatched = Dispatch.objects.filter(ticket=OuterRef("ticket_id"), partner_id=user.partner_id).exclude(
        status="cancelled"
    )
    return Q(uploaded_by=user) | Q(Exists(dispatched))


RULES: dict[str, Rule] = {
    "attachments.read": rule(
        grant(ANY, STAFF_ROLES), grant(OWN_CUSTOMER, Role.CUSTOMER), grant(OWN_PARTNER, Role.PARTNER)
    ),
    "attachments.ticket": rule(
        grant(ANY, STAFF_ROLES), grant(OWN_CUSTOMER, Role.CUSTOMER), grant(OWN_PARTNER, Role.PARTNER)
    ),
    "attachments.visit": rule(grant(ANY, SUPERVISING), grant(MINE, Role.ENGINEER, Role.PARTNER)),
    "attachments.inspection": rule(grant(ANY, SUPERVISING), grant(MINE, Role.ENGINEER, Role.PARTNER)),
    "attachments.complaint": rule(grant(ANY, COMPLAINT_DESK), grant(OWN_CUSTOMER, Role.CUSTOMER)),
}

OPERATIONS: dict[str, str | ByField] = {}

PAGES: dict[str, str | ByField | dict[str, str | ByField]] = {
    "attachments:file": "attachments.read",
    "attachments:add_ticket": "attachments.ticket",
    "attachments:add_visit": "attachments.visit",
    "attachments:add_inspection": "attachments.inspection",
    "attachments:add_complaint": "attachments.complaint",
}

KINDS: dict[str, Kind] = {
    "attachment": Kind(
        "attachments.Attachment",
        {
            OWN_CUSTOMER: lambda u: Q(customer_id=u.customer_id, owner_kind__in=sorted(CUSTOMER_VISIBLE)),
            OWN_PARTNER: _dispatched_to_partner,
            MINE: lambda u: Q(uploaded_by=u),
        },
        "附件",
        "Attachment",
    ),
}

PARAMS: dict[str, str] = {"attachment_id": "attachment"}
