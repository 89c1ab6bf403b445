"""THE access table: who may do what (role × action × scope), one section per area.

Read by the API (`aftersales.api.access.guard`, every operation by its ``operation_id``), by the pages
(`aftersales.web.access.AccessMiddleware`, every page by its URL name) and by templates (the ``may`` filter,
for which buttons to show). Vocabulary and the decision: `aftersales.accounts.access`. A view or an API
function does not check roles itself; services keep their own invariants (who may be an assignee, which moves a
stock keeper makes) as a second line.

Areas added later keep their section in their own module (``aftersales.<area>.access_rules``: RULES,
OPERATIONS, PAGES, KINDS, PARAMS), merged below into the one table; a name defined twice is an import error.

Scopes: ANY every object; OWN_CUSTOMER the customer user's organisation; OWN_PARTNER requests (and their visits)
dispatched to the partner user's company; MINE assigned to / kept by / recorded by the user. A scoped role is
checked on every target the call names (path parameters and body fields listed in PARAMS).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from aftersales.accounts.access import (
    ANY,
    MINE,
    OWN_CUSTOMER,
    OWN_PARTNER,
    ByField,
    Kind,
    Rule,
    grant,
    rule,
)
from aftersales.accounts.choices import STAFF_ROLES, Role

# ------------------------------------------------------------------------------------------------ roles

AGENT, ENGINEER, EXPERT, SUPERVISOR = Role.AGENT, Role.ENGINEER, Role.EXPERT, Role.SUPERVISOR
CUSTOMER, ADMIN, PARTNER, WAREHOUSE, CALLBACK = Role.CUSTOMER, Role.ADMIN, Role.PARTNER, Role.WAREHOUSE, Role.CALLBACK

STAFF = STAFF_ROLES  # see every customer's data (accounts.choices)
ALL_ROLES = STAFF | {CUSTOMER, PARTNER}
INTAKE = frozenset({AGENT, ENGINEER, EXPERT, SUPERVISOR, ADMIN})  # take and work requests for any customer
ARCHIVE = frozenset({AGENT, SUPERVISOR, ADMIN})  # change the customer and equipment archive
SUPERVISING = frozenset({SUPERVISOR, ADMIN})
DISPATCHERS = frozenset({SUPERVISOR, AGENT, EXPERT, ADMIN})
STOCK_KEEPERS = frozenset({WAREHOUSE, SUPERVISOR, ADMIN})
INSPECTORS = frozenset({ENGINEER, PARTNER})  # inspect, on the inspections they run (MINE)
COMPLAINT_INTAKE = frozenset({AGENT, SUPERVISOR, EXPERT, ADMIN, CALLBACK})
COMPLAINT_HANDLERS = frozenset({AGENT, SUPERVISOR, EXPERT, ADMIN})
ASSESSORS = frozenset({SUPERVISOR, ADMIN, EXPERT})
FOLLOWUP_READERS = frozenset({CALLBACK, SUPERVISOR, ADMIN, AGENT})
FOLLOWUP_WRITERS = frozenset({CALLBACK, SUPERVISOR, ADMIN})
VEHICLE_DESK = frozenset({AGENT, CALLBACK, SUPERVISOR, ADMIN})
BULLETIN_EDITORS = frozenset({SUPERVISOR, EXPERT, ADMIN})
PHONE_ACK = BULLETIN_EDITORS | {AGENT, CALLBACK}
KNOWLEDGE_WRITERS = frozenset({AGENT, ENGINEER, EXPERT, SUPERVISOR, ADMIN})
VENDOR_CASE_DESK = frozenset({AGENT, EXPERT, SUPERVISOR, ADMIN})
SELLERS = frozenset({Role.SALESPERSON, Role.SALES_MANAGER})  # read the customer archive they sell to (篇5)

# Reads of a request and what hangs off it: staff any, the customer its own, a partner what was dispatched to it.
TICKET_READERS = {**grant(ANY, STAFF), **grant(OWN_CUSTOMER, CUSTOMER), **grant(OWN_PARTNER, PARTNER)}

# Lifecycle verbs of a request (tickets.policy.lifecycle.Action), each its own action.
TICKET_WORK_VERBS = ("respond", "escalate", "dispatch", "arrive", "restore", "resolve", "wait_customer", "resume")
PARTNER_VERBS = ("respond", "arrive", "restore", "resolve", "wait_customer", "resume")
CUSTOMER_VERBS = ("cancel", "reopen", "close")

# ------------------------------------------------------------------------------------------------ rules

RULES: dict[str, Rule] = {
    # ---- accounts
    "accounts.token": rule(public=True),
    "accounts.me": rule(signed_in=True),
    "accounts.own_tokens": rule(signed_in=True),  # sign out, list and revoke the caller's own tokens
    "accounts.create_user": rule(grant(ANY, ADMIN)),
    "web.public": rule(public=True),  # sign-in, sign-out, the language switch
    "web.home": rule(signed_in=True),  # sends each signed-in user to their place
    # ---- customers and assets (archive)
    "customers.read": rule(grant(ANY, STAFF, SELLERS), grant(OWN_CUSTOMER, CUSTOMER)),
    "customers.browse": rule(grant(ANY, STAFF, SELLERS)),  # the archive pages and lookups of the desk
    "customers.create": rule(grant(ANY, ARCHIVE)),
    "customers.export": rule(grant(ANY, STAFF)),
    "customers.import": rule(grant(ANY, ARCHIVE)),
    "assets.read": rule(grant(ANY, STAFF), grant(OWN_CUSTOMER, CUSTOMER)),
    "assets.create": rule(grant(ANY, ARCHIVE)),
    # ---- tickets (service requests)
    "tickets.create": rule(grant(ANY, INTAKE), grant(OWN_CUSTOMER, CUSTOMER)),
    "tickets.intake_desk": rule(grant(ANY, INTAKE)),  # the desk's intake page
    "tickets.read": rule(TICKET_READERS),
    "tickets.queue": rule(grant(ANY, STAFF), grant(OWN_PARTNER, PARTNER)),  # the workspace pages
    "tickets.update": rule(grant(ANY, INTAKE)),
    "tickets.portal": rule(grant(OWN_CUSTOMER, CUSTOMER)),
    **{f"tickets.{verb}": rule(grant(ANY, INTAKE)) for verb in TICKET_WORK_VERBS},
    **{f"tickets.{verb}": rule(grant(ANY, INTAKE), grant(OWN_PARTNER, PARTNER)) for verb in PARTNER_VERBS},
    **{f"tickets.{verb}": rule(grant(ANY, INTAKE), grant(OWN_CUSTOMER, CUSTOMER)) for verb in CUSTOMER_VERBS},
    # ---- dispatch and visits
    "dispatch.candidates": rule(grant(ANY, DISPATCHERS)),
    "dispatch.create": rule(grant(ANY, DISPATCHERS)),
    "dispatch.cancel": rule(grant(ANY, DISPATCHERS)),  # services only (no operation or page yet)
    "dispatch.engineers_manage": rule(grant(ANY, SUPERVISING)),  # register field engineers (services, admin)
    "dispatch.rota": rule(grant(ANY, SUPERVISING)),  # write the on-call rota (services, admin)
    "dispatch.list": rule(grant(ANY, STAFF), grant(OWN_PARTNER, PARTNER)),
    "dispatch.engineers": rule(grant(ANY, STAFF), grant(OWN_PARTNER, PARTNER)),  # a partner: its own engineers
    "dispatch.my_day": rule(grant(ANY, ENGINEER, SUPERVISING), grant(OWN_PARTNER, PARTNER)),
    "visits.read": rule(grant(ANY, STAFF), grant(OWN_PARTNER, PARTNER)),
    "visits.record": rule(grant(ANY, ENGINEER, SUPERVISING), grant(OWN_PARTNER, PARTNER)),
    "visits.edit": rule(grant(ANY, SUPERVISING), grant(MINE, ENGINEER, PARTNER)),
    # ---- parts
    "parts.read": rule(grant(ANY, STAFF)),
    "parts.keep_store": rule(grant(ANY, STOCK_KEEPERS)),  # catalogue, locations, reorder rules, counts, loaners
    "parts.move": rule(grant(ANY, STOCK_KEEPERS), grant(MINE, ENGINEER)),  # an engineer: own van, own requests
    "parts.lend": rule(grant(ANY, STOCK_KEEPERS, ENGINEER)),
    # ---- warranty
    "warranty.read": rule(grant(ANY, STAFF), grant(OWN_CUSTOMER, CUSTOMER), grant(OWN_PARTNER, PARTNER)),
    "warranty.lookup": rule(public=True),
    "warranty.vendor_cases": rule(grant(ANY, VENDOR_CASE_DESK)),
    # ---- plans and work items
    "plans.my_day": rule(grant(ANY, STAFF, PARTNER)),  # the caller's own items by construction
    "plans.complete": rule(grant(ANY, SUPERVISING), grant(MINE, STAFF - SUPERVISING, PARTNER)),
    "plans.supervise": rule(grant(ANY, SUPERVISING)),
    "plans.service_plans": rule(grant(ANY, STAFF)),
    "plans.create_service_plan": rule(grant(ANY, SUPERVISING)),
    # ---- follow-ups (callbacks, surveys)
    "followups.read": rule(grant(ANY, FOLLOWUP_READERS)),
    "followups.write": rule(grant(ANY, FOLLOWUP_WRITERS)),
    "followups.public_survey": rule(public=True),  # the signed token in the link is the credential
    # ---- complaints
    "complaints.create": rule(grant(ANY, COMPLAINT_INTAKE), grant(OWN_CUSTOMER, CUSTOMER)),
    # name whom a new complaint is against, its policy or its callback (the desk's fields; services only)
    "complaints.attribute": rule(grant(ANY, COMPLAINT_INTAKE)),
    "complaints.read": rule(grant(ANY, STAFF), grant(OWN_CUSTOMER, CUSTOMER)),
    "complaints.handle": rule(grant(ANY, COMPLAINT_HANDLERS)),
    "complaints.assess": rule(grant(ANY, ASSESSORS)),
    "complaints.customer_lookup": rule(grant(ANY, COMPLAINT_INTAKE)),
    # ---- inspections
    "inspections.checklists": rule(grant(ANY, STAFF, PARTNER)),
    "inspections.read": rule(grant(ANY, STAFF), grant(OWN_CUSTOMER, CUSTOMER), grant(MINE, PARTNER)),
    "inspections.start": rule(grant(ANY, ENGINEER, SUPERVISING), grant(MINE, PARTNER)),
    "inspections.work": rule(grant(ANY, SUPERVISING), grant(MINE, INSPECTORS)),
    # ---- notifications and webhooks
    "notifications.own": rule(grant(MINE, ALL_ROLES)),  # each user's own inbox and settings
    "notifications.webhooks": rule(grant(ANY, ADMIN)),
    # ---- vehicles
    "vehicles.desk": rule(grant(ANY, VEHICLE_DESK)),
    "vehicles.events": rule(grant(ANY, SUPERVISING)),
    "vehicles.reassign": rule(grant(ANY, SUPERVISING)),
    # ---- bulletins and knowledge
    "bulletins.manage": rule(grant(ANY, BULLETIN_EDITORS)),
    "bulletins.acknowledge": rule(grant(ANY, PHONE_ACK), grant(OWN_CUSTOMER, CUSTOMER)),
    "bulletins.phone_ack": rule(grant(ANY, PHONE_ACK)),  # record what a customer said on the phone (services)
    "bulletins.portal": rule(grant(OWN_CUSTOMER, CUSTOMER)),
    "bulletins.deliveries": rule(grant(ANY, BULLETIN_EDITORS), grant(OWN_CUSTOMER, CUSTOMER)),  # a bulletin's
    "bulletins.ack_link": rule(public=True),  # the signed token in the link is the credential
    "knowledge.read": rule(grant(ANY, STAFF, PARTNER)),
    "knowledge.write": rule(grant(ANY, KNOWLEDGE_WRITERS)),
}

# ---------------------------------------------------------------------------------- API operations → action

OPERATIONS: dict[str, str | ByField] = {
    # accounts
    "create_token": "accounts.token",
    "get_me": "accounts.me",
    "logout": "accounts.own_tokens",
    "list_tokens": "accounts.own_tokens",
    "revoke_token": "accounts.own_tokens",
    "create_user": "accounts.create_user",
    # customers, assets
    "create_customer": "customers.create",
    "list_customers": "customers.read",
    "get_customer": "customers.read",
    "export_archive": "customers.export",
    "import_archive": "customers.import",
    "create_asset": "assets.create",
    "list_assets": "assets.read",
    "get_asset": "assets.read",
    # tickets
    "create_ticket": "tickets.create",
    "list_tickets": "tickets.read",
    "get_ticket": "tickets.read",
    "apply_ticket_action": ByField("action", "tickets.{}"),
    "update_ticket": "tickets.update",
    # dispatch, visits
    "list_dispatch_candidates": "dispatch.candidates",
    "list_ticket_dispatches": "dispatch.list",
    "create_dispatch": "dispatch.create",
    "list_engineers": "dispatch.engineers",
    "create_visit": "visits.record",
    "get_visit": "visits.read",
    "update_visit": "visits.edit",
    "get_visit_report": "visits.read",
    # parts
    "list_parts": "parts.read",
    "get_part": "parts.read",
    "create_part": "parts.keep_store",
    "list_locations": "parts.read",
    "create_location": "parts.keep_store",
    "list_stock": "parts.read",
    "create_stock_move": "parts.move",
    "list_stock_moves": "parts.read",
    "list_reorder": "parts.read",
    "set_reorder_rule": "parts.keep_store",
    "list_reservations": "parts.read",
    "check_stock_ledger": "parts.keep_store",  # the store keepers (the service said so; now the table)
    "open_stock_count": "parts.keep_store",
    "get_stock_count": "parts.read",
    "record_stock_count": "parts.keep_store",
    "close_stock_count": "parts.keep_store",
    "list_loaners": "parts.read",
    "create_loaner": "parts.keep_store",
    "list_loans": "parts.read",
    "create_loan": "parts.lend",
    "get_loan": "parts.read",
    "return_loan": "parts.lend",
    # warranty
    "get_asset_warranty": "warranty.read",
    "get_ticket_warranty": "warranty.read",
    "lookup_warranty": "warranty.lookup",
    "open_vendor_case": "warranty.vendor_cases",
    "list_vendor_cases": "warranty.vendor_cases",
    "get_vendor_case": "warranty.vendor_cases",
    "update_vendor_case": "warranty.vendor_cases",
    # plans
    "get_my_day": "plans.my_day",
    "complete_work_item": "plans.complete",
    "list_overdue_work_items": "plans.supervise",
    "reassign_work_items": "plans.supervise",
    "create_service_plan": "plans.create_service_plan",
    "list_service_plans": "plans.service_plans",
    "get_service_plan": "plans.service_plans",
    # follow-ups
    "list_callbacks": "followups.read",
    "record_callback_result": "followups.write",
    "list_surveys": "followups.read",
    "create_survey": "followups.write",
    "get_survey": "followups.read",
    "launch_survey": "followups.write",
    "get_survey_results": "followups.read",
    "record_survey_response": "followups.write",
    "get_public_survey": "followups.public_survey",
    "answer_public_survey": "followups.public_survey",
    # complaints
    "create_complaint": "complaints.create",
    "list_complaints": "complaints.read",
    "complaint_assessment": "complaints.assess",
    "get_complaint": "complaints.read",
    "apply_complaint_action": "complaints.handle",
    # inspections
    "list_checklists": "inspections.checklists",
    "list_inspections": "inspections.read",
    "start_inspection": "inspections.start",
    "get_inspection": "inspections.read",
    "record_finding": "inspections.work",
    "create_ticket_from_finding": "inspections.work",
    "sign_inspection": "inspections.work",
    "apply_inspection_action": "inspections.work",
    "get_inspection_feedback": "inspections.read",
    # notifications
    "list_notifications": "notifications.own",
    "read_notification": "notifications.own",
    "read_all_notifications": "notifications.own",
    "list_notification_preferences": "notifications.own",
    "update_notification_preferences": "notifications.own",
    "create_webhook": "notifications.webhooks",
    "list_webhooks": "notifications.webhooks",
    "list_webhook_deliveries": "notifications.webhooks",
    # vehicles
    "list_vehicles": "vehicles.desk",
    "create_vehicle": "vehicles.desk",
    "get_vehicle_summary": "vehicles.desk",
    "export_vehicle_register": "vehicles.desk",
    "reassign_follow_ups": "vehicles.reassign",
    "get_vehicle": "vehicles.desk",
    "update_vehicle": "vehicles.desk",
    "create_pickup": "vehicles.desk",
    "create_follow_up_call": "vehicles.desk",
    "create_vehicle_letter": "vehicles.desk",
    "create_vehicle_event": "vehicles.events",
    # bulletins, knowledge
    "list_bulletins": "bulletins.manage",
    "create_bulletin": "bulletins.manage",
    "get_bulletin": "bulletins.manage",
    "publish_bulletin": "bulletins.manage",
    "list_bulletin_deliveries": "bulletins.deliveries",
    "list_my_bulletin_deliveries": "bulletins.portal",
    "acknowledge_bulletin_delivery": "bulletins.acknowledge",
    "search_knowledge": "knowledge.read",
    "create_article": "knowledge.write",
    "suggest_knowledge": "knowledge.read",
    "get_article": "knowledge.read",
}

# ------------------------------------------------------------------------------------------ pages → action
# A page answering GET and POST differently maps each method: {"GET": read action, "POST": write action}.

PAGES: dict[str, str | ByField | dict[str, str | ByField]] = {
    # web
    "set_language": "web.public",
    "web:home": "web.home",
    "web:login": "web.public",
    "web:logout": "web.public",
    "web:notifications": "notifications.own",
    "web:notification_read": "notifications.own",
    "notifications:preferences": "notifications.own",
    # tickets and the portal
    "tickets:queue": "tickets.queue",
    "tickets:queue_rows": "tickets.queue",
    "tickets:create": "tickets.intake_desk",
    "tickets:detail": "tickets.read",
    "tickets:action": ByField("action", "tickets.{}"),
    "portal:home": "tickets.portal",
    "portal:report": {"GET": "tickets.portal", "POST": "tickets.create"},
    # customers
    "customers:list": "customers.browse",
    "customers:lookup": "customers.browse",
    "customers:search_box": "customers.browse",
    "customers:detail": "customers.browse",
    "customers:pick": "customers.browse",
    "customers:asset_lookup": "customers.browse",
    # dispatch
    "dispatch:ticket": "dispatch.candidates",
    "dispatch:assign": "dispatch.create",
    "dispatch:my_day": "dispatch.my_day",
    "dispatch:visit_new": "visits.record",
    "dispatch:visit_detail": "visits.read",
    "dispatch:visit_edit": "visits.edit",
    "dispatch:visit_signature": "visits.read",
    "dispatch:visit_report": "visits.read",
    # parts
    "parts:stock": "parts.read",
    "parts:move_create": {"GET": "parts.read", "POST": "parts.move"},
    "parts:ledger": "parts.read",
    "parts:reorder": "parts.read",
    "parts:reorder_export": "parts.read",
    "parts:counts": {"GET": "parts.read", "POST": "parts.keep_store"},
    "parts:count_detail": {"GET": "parts.read", "POST": "parts.keep_store"},
    "parts:loaners": {"GET": "parts.read", "POST": "parts.lend"},
    "parts:loan_return": "parts.lend",
    # warranty
    "warranty:lookup": "warranty.lookup",
    "warranty:vendor_case_list": "warranty.vendor_cases",
    "warranty:vendor_case_create": "warranty.vendor_cases",
    "warranty:vendor_case_detail": "warranty.vendor_cases",
    # plans
    "plans:my_day": "plans.my_day",
    "plans:complete": "plans.complete",
    "plans:overdue": "plans.supervise",
    "plans:reassign": "plans.supervise",
    # follow-ups
    "followups:callbacks": "followups.read",
    "followups:callback": {"GET": "followups.read", "POST": "followups.write"},
    "followups:surveys": "followups.read",
    "followups:survey_create": "followups.write",
    "followups:survey_detail": "followups.read",
    "followups:survey_launch": "followups.write",
    "followups:survey_close": "followups.write",
    "followups:invitation_answer": "followups.write",
    "followups:public_survey": "followups.public_survey",
    # complaints
    "complaints:list": "complaints.read",
    "complaints:create": "complaints.create",
    "complaints:customer_lookup": "complaints.customer_lookup",
    "complaints:assessment": "complaints.assess",
    "complaints:detail": "complaints.read",
    "complaints:action": "complaints.handle",
    "complaints:edit": "complaints.handle",
    # inspections
    "inspections:list": "inspections.read",
    "inspections:new": "inspections.start",
    "inspections:start": "inspections.start",
    "inspections:detail": "inspections.read",
    "inspections:sign": "inspections.work",
    "inspections:action": "inspections.work",
    "inspections:all_normal": "inspections.work",
    "inspections:signature": "inspections.read",
    "inspections:feedback_pdf": "inspections.read",
    "inspections:finding": "inspections.work",
    "inspections:finding_ticket": "inspections.work",
    # vehicles
    "vehicles:list": "vehicles.desk",
    "vehicles:create": "vehicles.desk",
    "vehicles:customer_options": "vehicles.desk",
    "vehicles:detail": "vehicles.desk",
    "vehicles:pickup": "vehicles.desk",
    "vehicles:call": "vehicles.desk",
    "vehicles:letter": "vehicles.desk",
    "vehicles:register": "vehicles.desk",
    "vehicles:summary": "vehicles.desk",
    "vehicles:events": {"GET": "vehicles.desk", "POST": "vehicles.events"},
    "vehicles:event_detail": "vehicles.desk",
    "vehicles:event_notify": "vehicles.desk",
    "vehicles:reassign": "vehicles.reassign",
    # bulletins, knowledge
    "bulletins:list": "bulletins.manage",
    "bulletins:new": "bulletins.manage",
    "bulletins:detail": "bulletins.manage",
    "bulletins:publish": "bulletins.manage",
    "bulletins:acknowledge": "bulletins.acknowledge",
    "bulletins:portal": "bulletins.portal",
    "bulletins:portal_detail": "bulletins.portal",
    "bulletins:ack_link": "bulletins.ack_link",
    "bulletins:knowledge": "knowledge.read",
    "bulletins:article_new": "knowledge.write",
    "bulletins:article": "knowledge.read",
    "bulletins:suggest": "knowledge.read",
}

# ------------------------------------------------------------------------------- targets and their scopes


def _ticket_dispatched_to_partner(user) -> Q:
    from aftersales.dispatch.models import Dispatch

    return Q(
        Exists(Dispatch.objects.filter(ticket=OuterRef("pk"), partner_id=user.partner_id).exclude(status="cancelled"))
    )


def _ticket_mine(user) -> Q:
    from aftersales.dispatch.models import Dispatch

    dispatched = Dispatch.objects.filter(ticket=OuterRef("pk"), engineer__user=user).exclude(status="cancelled")
    return Q(assignee=user) | Q(Exists(dispatched))


KINDS: dict[str, Kind] = {
    "customer": Kind(
        "customers.Customer",
        {OWN_CUSTOMER: lambda u: Q(pk=u.customer_id)},
        "客户",
        "Customer",
        known={OWN_CUSTOMER: lambda u: u.customer_id},  # on the user row: no query
    ),
    "asset": Kind(
        "assets.Asset",
        {OWN_CUSTOMER: lambda u: Q(customer_id=u.customer_id)},
        "设备",
        "Asset",
    ),
    "ticket": Kind(
        "tickets.Ticket",
        {
            OWN_CUSTOMER: lambda u: Q(customer_id=u.customer_id),
            OWN_PARTNER: _ticket_dispatched_to_partner,
            MINE: _ticket_mine,
        },
        "服务请求",
        "Service request",
    ),
    "dispatch": Kind(
        "dispatch.Dispatch",
        {OWN_PARTNER: lambda u: Q(partner_id=u.partner_id), MINE: lambda u: Q(engineer__user=u)},
        "派工",
        "Dispatch",
    ),
    "visit": Kind(
        "dispatch.Visit",
        {OWN_PARTNER: lambda u: Q(partner_id=u.partner_id), MINE: lambda u: Q(recorded_by=u)},
        "上门服务记录",
        "Visit",
    ),
    "location": Kind(
        "parts.Location",
        {MINE: lambda u: Q(keeper=u), OWN_PARTNER: lambda u: Q(partner_id=u.partner_id)},
        "库位",
        "Location",
    ),
    "inspection": Kind(
        "inspections.Inspection",
        {OWN_CUSTOMER: lambda u: Q(customer_id=u.customer_id), MINE: lambda u: Q(engineer=u)},
        "巡检单",
        "Inspection",
    ),
    "finding": Kind(
        "inspections.Finding",
        {
            OWN_CUSTOMER: lambda u: Q(inspection_asset__inspection__customer_id=u.customer_id),
            MINE: lambda u: Q(inspection_asset__inspection__engineer=u),
        },
        "巡检结果",
        "Finding",
    ),
    "complaint": Kind(
        "complaints.Complaint",
        {OWN_CUSTOMER: lambda u: Q(customer_id=u.customer_id)},
        "投诉",
        "Complaint",
    ),
    "delivery": Kind(
        "bulletins.BulletinDelivery",
        {OWN_CUSTOMER: lambda u: Q(customer_id=u.customer_id)},
        "通知送达",
        "Bulletin delivery",
    ),
    "work_item": Kind(
        "plans.WorkItem",
        {MINE: lambda u: Q(assignee=u) | Q(assignee__isnull=True, role=u.role)},
        "待办事项",
        "Work item",
    ),
    "notification": Kind(
        "notifications.Notification",
        {MINE: lambda u: Q(user=u)},
        "通知",
        "Notification",
    ),
}

# Which parameter (path or body field) names an object of which kind.
PARAMS: dict[str, str] = {
    "customer_id": "customer",
    "asset_id": "asset",
    "asset_ids": "asset",
    "ticket_id": "ticket",
    "dispatch_id": "dispatch",
    "visit_id": "visit",
    "location_id": "location",
    "to_location_id": "location",
    "inspection_id": "inspection",
    "finding_id": "finding",
    "complaint_id": "complaint",
    "delivery_id": "delivery",
    "item_id": "work_item",
    "work_item_id": "work_item",
    "notification_id": "notification",
}


# ------------------------------------------------------------------------------ the areas' own sections


def _merge_sections() -> None:
    from aftersales.attachments import access_rules as attachments_section
    from aftersales.network import access_rules as network_section
    from aftersales.portal import access_rules as portal_section
    from aftersales.reports import access_rules as reports_section
    from aftersales.sales import access_rules as sales_section
    from aftersales.subsidy import access_rules as subsidy_section
    from aftersales.tickets import access_rules as desk_section

    for section in (
        subsidy_section,
        sales_section,
        network_section,
        reports_section,
        attachments_section,
        portal_section,
        desk_section,
    ):
        for mine, theirs in (
            (RULES, section.RULES),
            (OPERATIONS, section.OPERATIONS),
            (PAGES, section.PAGES),
            (KINDS, section.KINDS),
            (PARAMS, section.PARAMS),
        ):
            twice = sorted(set(mine) & set(theirs))
            if twice:
                raise ImportError(f"{section.__name__} defines again: {twice}")
            mine.update(theirs)


_merge_sections()
