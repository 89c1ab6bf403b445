"""This area's section of the access table (merged into `aftersales.accounts.access_table`; vocabulary in
`aftersales.accounts.access`). Every API operation_id and page URL name of the area is listed here.

- reports.read: SLA attainment and top faults — supervisors and administrators of every customer, a customer
  user of its own customer only (the selectors force the customer, whatever filter is passed);
- reports.assess: the assessment of engineers and partners (篇6 (6)) — supervisors and administrators;
- reports.dashboard: the management dashboard; reports.desk: the desk's smaller one (agents, experts too);
- reports.periodic: periodic service reports of customers (write the engineer's text, send);
- reports.analysis / reports.analysis_read: technical analysis reports of one fault — written by the desk
  and the engineers, read (printed) by them and by the customer user of that request;
- reports.export: background exports of the lists (each list also asks its own read right).
"""

from __future__ import annotations

from django.db.models import Q

from aftersales.accounts.access import ANY, MINE, OWN_CUSTOMER, ByField, Kind, Rule, grant, rule
from aftersales.accounts.choices import STAFF_ROLES, Role

SUPERVISING = frozenset({Role.SUPERVISOR, Role.ADMIN})
DESK = frozenset({Role.AGENT, Role.EXPERT, Role.SUPERVISOR, Role.ADMIN})
WRITERS = frozenset({Role.AGENT, Role.ENGINEER, Role.EXPERT, Role.SUPERVISOR, Role.ADMIN})

RULES: dict[str, Rule] = {
    "reports.read": rule(grant(ANY, SUPERVISING), grant(OWN_CUSTOMER, Role.CUSTOMER)),
    "reports.assess": rule(grant(ANY, SUPERVISING)),
    "reports.dashboard": rule(grant(ANY, SUPERVISING)),
    "reports.desk": rule(grant(ANY, DESK)),
    "reports.periodic": rule(grant(ANY, SUPERVISING)),
    "reports.analysis": rule(grant(ANY, WRITERS)),
    "reports.analysis_read": rule(grant(ANY, WRITERS), grant(OWN_CUSTOMER, Role.CUSTOMER)),
    "reports.export": rule(grant(ANY, STAFF_ROLES)),
    "reports.shared": rule(public=True),  # the signed link e-mailed to a customer's contacts is the credential
}
OPERATIONS: dict[str, str | ByField] = {
    "report_sla": "reports.read",
    "report_faults": "reports.read",
    "report_assessment": "reports.assess",
}
PAGES: dict[str, str | ByField | dict[str, str | ByField]] = {
    "reports:dashboard": "reports.dashboard",
    "reports:dashboard_data": "reports.dashboard",
    "reports:desk": "reports.desk",
    "reports:desk_data": "reports.desk",
    "reports:assessment": "reports.assess",
    "reports:assessment_xlsx": "reports.assess",
    "reports:periodic_list": "reports.periodic",
    "reports:periodic_new": "reports.periodic",
    "reports:periodic_detail": "reports.periodic",
    "reports:periodic_pdf": "reports.periodic",
    "reports:periodic_xlsx": "reports.periodic",
    "reports:periodic_send": "reports.periodic",
    "reports:analysis_new": "reports.analysis",
    "reports:analysis_detail": {"GET": "reports.analysis_read", "POST": "reports.analysis"},
    "reports:analysis_pdf": "reports.analysis_read",
    "reports:periodic_shared": "reports.shared",
    "reports:export_list": "reports.export",
    "reports:export_start": "reports.export",
    "reports:export_status": "reports.export",
    "reports:export_download": "reports.export",
}
KINDS: dict[str, Kind] = {
    "periodic_report": Kind(
        "reports.PeriodicReport",
        {OWN_CUSTOMER: lambda u: Q(customer_id=u.customer_id)},
        "服务报告",
        "Service report",
    ),
    "analysis_report": Kind(
        "reports.TechnicalReport",
        {OWN_CUSTOMER: lambda u: Q(ticket__customer_id=u.customer_id)},
        "技术分析报告",
        "Technical analysis report",
    ),
    "export": Kind("reports.Export", {MINE: lambda u: Q(created_by=u)}, "导出", "Export"),
}
PARAMS: dict[str, str] = {
    "report_id": "periodic_report",
    "analysis_id": "analysis_report",
    "export_id": "export",
}
