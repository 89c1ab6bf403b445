"""This area's section of the access table (merged into `aftersales.accounts.access_table`; vocabulary in
`aftersales.accounts.access`). Every API operation_id and page URL name of the area is listed here.

Who (篇4 二, 篇9 六): the enterprise files its outlets (OWN_ENTERPRISE); the outlet's clerk enters sales and
returns (OWN_OUTLET); the county commerce bureau reviews and suspends outlets (OWN_COUNTY); the township finance
office takes claims of its residents and confirms refunds (OWN_TOWNSHIP); the county finance bureau verifies,
pays and keeps the ledger (OWN_COUNTY); the administrator sets up programmes and enterprises (ANY). Every kind
below says, for each of these home scopes, which rows are the user's: anything else is a 404.
"""

from __future__ import annotations

from django.db.models import Q

from aftersales.accounts.access import (
    ANY,
    OWN_COUNTY,
    OWN_ENTERPRISE,
    OWN_OUTLET,
    OWN_TOWNSHIP,
    ByField,
    Kind,
    Rule,
    grant,
    rule,
)
from aftersales.accounts.choices import Role

ADMIN = Role.ADMIN
ENTERPRISE, CLERK, COMMERCE = Role.ENTERPRISE, Role.OUTLET_CLERK, Role.COMMERCE
TOWNSHIP, COUNTY_FINANCE = Role.TOWNSHIP_FINANCE, Role.COUNTY_FINANCE
SUBSIDY_ROLES = frozenset({ENTERPRISE, CLERK, COMMERCE, TOWNSHIP, COUNTY_FINANCE})

_HOME = {
    **grant(OWN_ENTERPRISE, ENTERPRISE),
    **grant(OWN_OUTLET, CLERK),
    **grant(OWN_COUNTY, COMMERCE, COUNTY_FINANCE),
    **grant(OWN_TOWNSHIP, TOWNSHIP),
}

RULES: dict[str, Rule] = {
    "subsidy.public": rule(public=True),  # the public outlet list (公告) and the programme's facts
    "subsidy.home": rule(grant(ANY, ADMIN), _HOME),
    "subsidy.admin": rule(grant(ANY, ADMIN)),  # programmes, enterprises
    "subsidy.outlets_read": rule(grant(ANY, ADMIN), _HOME),
    "subsidy.outlet_file": rule(grant(ANY, ADMIN), grant(OWN_ENTERPRISE, ENTERPRISE)),
    "subsidy.outlet_review": rule(grant(ANY, ADMIN), grant(OWN_COUNTY, COMMERCE)),  # review, suspend, restore
    "subsidy.sales_read": rule(grant(ANY, ADMIN), _HOME),
    "subsidy.sale_create": rule(grant(ANY, ADMIN), grant(OWN_OUTLET, CLERK)),
    "subsidy.late_outlets": rule(grant(ANY, ADMIN), grant(OWN_COUNTY, COMMERCE)),
    "subsidy.claims_read": rule(
        grant(ANY, ADMIN), grant(OWN_COUNTY, COUNTY_FINANCE, COMMERCE), grant(OWN_TOWNSHIP, TOWNSHIP)
    ),
    "subsidy.claim_file": rule(grant(ANY, ADMIN), grant(OWN_TOWNSHIP, TOWNSHIP)),
    "subsidy.claim_verify": rule(grant(ANY, ADMIN), grant(OWN_COUNTY, COUNTY_FINANCE)),
    "subsidy.claim_pay": rule(grant(ANY, ADMIN), grant(OWN_COUNTY, COUNTY_FINANCE)),
    "subsidy.returns_read": rule(grant(ANY, ADMIN), _HOME),
    "subsidy.return_request": rule(grant(ANY, ADMIN), grant(OWN_OUTLET, CLERK)),
    "subsidy.return_refund": rule(grant(ANY, ADMIN), grant(OWN_TOWNSHIP, TOWNSHIP)),
    "subsidy.ledger": rule(grant(ANY, ADMIN), grant(OWN_COUNTY, COUNTY_FINANCE)),
    "subsidy.group_deliver": rule(grant(ANY, ADMIN), grant(OWN_OUTLET, CLERK)),
    "subsidy.group_read": rule(grant(ANY, ADMIN), grant(OWN_OUTLET, CLERK), grant(OWN_COUNTY, COMMERCE)),
}

OPERATIONS: dict[str, str | ByField] = {
    "subsidy_create_programme": "subsidy.admin",
    "subsidy_list_programmes": "subsidy.public",
    "subsidy_create_enterprise": "subsidy.admin",
    "subsidy_create_outlet": "subsidy.outlet_file",
    "subsidy_list_outlets": "subsidy.outlets_read",
    "subsidy_get_outlet": "subsidy.outlets_read",
    "subsidy_review_outlet": "subsidy.outlet_review",
    "subsidy_suspend_outlet": "subsidy.outlet_review",
    "subsidy_restore_outlet": "subsidy.outlet_review",
    "subsidy_create_sale": "subsidy.sale_create",
    "subsidy_get_sale": "subsidy.sales_read",
    "subsidy_create_claim": "subsidy.claim_file",
    "subsidy_list_claims": "subsidy.claims_read",
    "subsidy_get_claim": "subsidy.claims_read",
    "subsidy_verify_claim": "subsidy.claim_verify",
    "subsidy_pay_claim": "subsidy.claim_pay",
    "subsidy_create_return": "subsidy.return_request",
    "subsidy_get_return": "subsidy.returns_read",
    "subsidy_confirm_refund": "subsidy.return_refund",
    "subsidy_ledger": "subsidy.ledger",
    "subsidy_ledger_xlsx": "subsidy.ledger",
    "subsidy_ledger_pdf": "subsidy.ledger",
}

PAGES: dict[str, str | ByField | dict[str, str | ByField]] = {
    "subsidy:public": "subsidy.public",
    "subsidy:home": "subsidy.home",
    "subsidy:sale_new": {"GET": "subsidy.sale_create", "POST": "subsidy.sale_create"},
    "subsidy:sales": "subsidy.sales_read",
    "subsidy:sale_detail": "subsidy.sales_read",
    "subsidy:return_new": "subsidy.return_request",
    "subsidy:claim_desk": {"GET": "subsidy.claim_file", "POST": "subsidy.claim_file"},
    "subsidy:claims": "subsidy.claims_read",
    "subsidy:claim_detail": "subsidy.claims_read",
    "subsidy:claim_form_pdf": "subsidy.claims_read",
    "subsidy:claim_verify": "subsidy.claim_verify",
    "subsidy:claim_pay": "subsidy.claim_pay",
    "subsidy:refund_confirm": "subsidy.return_refund",
    "subsidy:ledger": "subsidy.ledger",
    "subsidy:ledger_xlsx": "subsidy.ledger",
    "subsidy:ledger_pdf": "subsidy.ledger",
    "subsidy:outlets": "subsidy.outlets_read",
    "subsidy:outlet_form_pdf": "subsidy.outlets_read",
    "subsidy:outlet_review": "subsidy.outlet_review",
    "subsidy:outlet_suspend": "subsidy.outlet_review",
    "subsidy:outlet_restore": "subsidy.outlet_review",
    "subsidy:late_outlets": "subsidy.late_outlets",
    "subsidy:group_orders": {"GET": "subsidy.group_read", "POST": "subsidy.sale_create"},
    "subsidy:group_deliver": "subsidy.group_deliver",
}


def _user_county(u) -> Q:
    return Q(county=u.county)


KINDS: dict[str, Kind] = {
    "subsidy_programme": Kind(
        "subsidy.Programme",
        {
            OWN_ENTERPRISE: lambda u: Q(),  # an enterprise files outlets in any county's programme
            OWN_OUTLET: lambda u: Q(outlets=u.subsidy_outlet_id),
            OWN_COUNTY: _user_county,
            OWN_TOWNSHIP: _user_county,
        },
        "实施方案",
        "Programme",
    ),
    "subsidy_enterprise": Kind(
        "subsidy.Enterprise",
        {
            OWN_ENTERPRISE: lambda u: Q(pk=u.subsidy_enterprise_id),
            OWN_OUTLET: lambda u: Q(outlets=u.subsidy_outlet_id),
            OWN_COUNTY: lambda u: Q(outlets__county=u.county),
            OWN_TOWNSHIP: lambda u: Q(outlets__county=u.county),
        },
        "销售企业",
        "Enterprise",
        known={OWN_ENTERPRISE: lambda u: u.subsidy_enterprise_id},
    ),
    "subsidy_outlet": Kind(
        "subsidy.Outlet",
        {
            OWN_ENTERPRISE: lambda u: Q(enterprise_id=u.subsidy_enterprise_id),
            OWN_OUTLET: lambda u: Q(pk=u.subsidy_outlet_id),
            OWN_COUNTY: _user_county,
            OWN_TOWNSHIP: _user_county,
        },
        "销售网点",
        "Outlet",
        known={OWN_OUTLET: lambda u: u.subsidy_outlet_id},
    ),
    "subsidy_sale": Kind(
        "subsidy.Sale",
        {
            OWN_ENTERPRISE: lambda u: Q(outlet__enterprise_id=u.subsidy_enterprise_id),
            OWN_OUTLET: lambda u: Q(outlet_id=u.subsidy_outlet_id),
            OWN_COUNTY: _user_county,
            OWN_TOWNSHIP: lambda u: Q(county=u.county, township=u.township),
        },
        "销售登记",
        "Sale",
    ),
    "subsidy_sale_item": Kind(
        "subsidy.SaleItem",
        {
            OWN_ENTERPRISE: lambda u: Q(sale__outlet__enterprise_id=u.subsidy_enterprise_id),
            OWN_OUTLET: lambda u: Q(sale__outlet_id=u.subsidy_outlet_id),
            OWN_COUNTY: lambda u: Q(sale__county=u.county),
            OWN_TOWNSHIP: lambda u: Q(sale__county=u.county, sale__township=u.township),
        },
        "销售商品",
        "Sale item",
    ),
    "subsidy_claim": Kind(
        "subsidy.Claim",
        {
            OWN_ENTERPRISE: lambda u: Q(sale_item__sale__outlet__enterprise_id=u.subsidy_enterprise_id),
            OWN_OUTLET: lambda u: Q(sale_item__sale__outlet_id=u.subsidy_outlet_id),
            OWN_COUNTY: _user_county,
            OWN_TOWNSHIP: lambda u: Q(county=u.county, township=u.township),
        },
        "补贴申报",
        "Claim",
    ),
    "subsidy_return": Kind(
        "subsidy.Return",
        {
            OWN_ENTERPRISE: lambda u: Q(sale_item__sale__outlet__enterprise_id=u.subsidy_enterprise_id),
            OWN_OUTLET: lambda u: Q(sale_item__sale__outlet_id=u.subsidy_outlet_id),
            OWN_COUNTY: lambda u: Q(sale_item__sale__county=u.county),
            OWN_TOWNSHIP: lambda u: Q(sale_item__sale__county=u.county, sale_item__sale__township=u.township),
        },
        "退货",
        "Return",
    ),
    "subsidy_group_order": Kind(
        "subsidy.GroupOrder",
        {
            OWN_ENTERPRISE: lambda u: Q(outlet__enterprise_id=u.subsidy_enterprise_id),
            OWN_OUTLET: lambda u: Q(outlet_id=u.subsidy_outlet_id),
            OWN_COUNTY: lambda u: Q(outlet__county=u.county),
            OWN_TOWNSHIP: lambda u: Q(pk__in=[]),
        },
        "团购订单",
        "Group order",
    ),
}

PARAMS: dict[str, str] = {
    "programme_id": "subsidy_programme",
    "enterprise_id": "subsidy_enterprise",
    "outlet_id": "subsidy_outlet",
    "sale_id": "subsidy_sale",
    "sale_item_id": "subsidy_sale_item",
    "claim_id": "subsidy_claim",
    "return_id": "subsidy_return",
    "group_order_id": "subsidy_group_order",
}
