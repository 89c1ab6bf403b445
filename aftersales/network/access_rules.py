"""This area's section of the access table (merged into `aftersales.accounts.access_table`; vocabulary in
`aftersales.accounts.access`). Every API operation_id and page URL name of the area is listed here.

The dealer network (篇10): an administrator sees and manages every supplier's network; a supplier user manages
its own network (its dealers, their authorisations and outlets: OWN_SUPPLIER); a dealer user sees its own
outlets and the 150 km check of its brands, and records the sales of its own sales outlets (OWN_DEALER). The
list of authorised and withdrawn dealers and service points is public (第十八条).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from aftersales.accounts.access import ANY, OWN_DEALER, OWN_SUPPLIER, ByField, Kind, Rule, grant, rule
from aftersales.accounts.choices import Role

ADMIN, SUPPLIER, DEALER = Role.ADMIN, Role.SUPPLIER, Role.DEALER

RULES: dict[str, Rule] = {
    "network.read": rule(grant(ANY, ADMIN), grant(OWN_SUPPLIER, SUPPLIER), grant(OWN_DEALER, DEALER)),
    "network.manage": rule(grant(ANY, ADMIN), grant(OWN_SUPPLIER, SUPPLIER)),
    "network.sell": rule(grant(ANY, ADMIN), grant(OWN_DEALER, DEALER)),
    "network.suppliers": rule(grant(ANY, ADMIN)),
    "network.public": rule(public=True),
}

OPERATIONS: dict[str, str | ByField] = {
    "create_network_supplier": "network.suppliers",
    "list_network_brands": "network.read",
    "create_network_brand": "network.manage",
    "list_network_dealers": "network.read",
    "create_network_dealer": "network.manage",
    "get_network_dealer": "network.read",
    "update_network_dealer": "network.manage",
    "create_network_authorisation": "network.manage",
    "withdraw_network_authorisation": "network.manage",
    "list_network_outlets": "network.read",
    "create_network_outlet": "network.manage",
    "update_network_outlet": "network.manage",
    "close_network_outlet": "network.manage",
    "get_network_coverage": "network.read",
    "list_network_registrations_overdue": "network.read",
    "create_network_sale": "network.sell",
    "list_network_public_outlets": "network.public",
    "list_network_public_withdrawn": "network.public",
}

PAGES: dict[str, str | ByField | dict[str, str | ByField]] = {
    "network:home": "network.read",
    "network:map_data": "network.read",
    "network:dealers": {"GET": "network.read", "POST": "network.manage"},
    "network:dealer": {"GET": "network.read", "POST": "network.manage"},
    "network:authorise": "network.manage",
    "network:withdraw": "network.manage",
    "network:outlet_new": "network.manage",
    "network:outlet": {"GET": "network.read", "POST": "network.manage"},
    "network:outlet_close": "network.manage",
    "network:sale": "network.sell",
    "network:overdue": "network.read",
    "network:public": "network.public",
}


def _brand_of_dealer(user) -> Q:
    from aftersales.network.models import Authorisation

    return Q(Exists(Authorisation.objects.filter(brand=OuterRef("pk"), dealer_id=user.dealer_id)))


KINDS: dict[str, Kind] = {
    "network_supplier": Kind(
        "network.Supplier",
        {OWN_SUPPLIER: lambda u: Q(pk=u.supplier_id), OWN_DEALER: lambda u: Q(dealers__pk=u.dealer_id)},
        "供应商",
        "Supplier",
        known={OWN_SUPPLIER: lambda u: u.supplier_id},
    ),
    "network_brand": Kind(
        "network.Brand",
        {OWN_SUPPLIER: lambda u: Q(supplier_id=u.supplier_id), OWN_DEALER: _brand_of_dealer},
        "品牌",
        "Brand",
    ),
    "network_dealer": Kind(
        "network.Dealer",
        {OWN_SUPPLIER: lambda u: Q(supplier_id=u.supplier_id), OWN_DEALER: lambda u: Q(pk=u.dealer_id)},
        "经销商",
        "Dealer",
        known={OWN_DEALER: lambda u: u.dealer_id},
    ),
    "network_outlet": Kind(
        "network.Outlet",
        {OWN_SUPPLIER: lambda u: Q(dealer__supplier_id=u.supplier_id), OWN_DEALER: lambda u: Q(dealer_id=u.dealer_id)},
        "网点",
        "Outlet",
    ),
    "network_authorisation": Kind(
        "network.Authorisation",
        {OWN_SUPPLIER: lambda u: Q(dealer__supplier_id=u.supplier_id), OWN_DEALER: lambda u: Q(dealer_id=u.dealer_id)},
        "品牌授权",
        "Authorisation",
    ),
}

PARAMS: dict[str, str] = {
    "supplier_id": "network_supplier",
    "brand_id": "network_brand",
    "dealer_id": "network_dealer",
    "network_outlet_id": "network_outlet",
    "authorisation_id": "network_authorisation",
}
