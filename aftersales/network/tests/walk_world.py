"""The dealer network's part of the access walk's world (aftersales/accounts/tests/world.py): a supplier user and a
dealer user of network 1, and every object of network 2 as the foreign targets (supplier_id, brand_id, dealer_id,
network_outlet_id, authorisation_id)."""

from __future__ import annotations

from aftersales.network.tests.conftest import credit_code


def build(user) -> tuple[dict, dict]:
    """(users by role, foreign targets by parameter name); `user(name, role, **extra)` creates a user."""
    from aftersales.core import clock
    from aftersales.network.models import Authorisation, Brand, Dealer, Outlet, Supplier

    def network(n: int):
        supplier = Supplier.objects.create(name=f"供应商{n}", credit_code=credit_code(800_000 + n))
        brand = Brand.objects.create(name=f"品牌{n}", supplier=supplier)
        dealer = Dealer.objects.create(name=f"经销商{n}", credit_code=credit_code(810_000 + n), supplier=supplier)
        authorisation = Authorisation.objects.create(dealer=dealer, brand=brand, valid_from=clock.today())
        outlet = Outlet.objects.create(
            dealer=dealer, brand=brand, kind="sales", name=f"展厅{n}", address="合肥市蜀山区", lat=31.85, lng=117.26
        )
        return supplier, brand, dealer, authorisation, outlet

    supplier, _, dealer, _, _ = network(1)
    s2, b2, d2, a2, o2 = network(2)
    users = {
        "supplier": user("w.supplier", "supplier", supplier=supplier),
        "dealer": user("w.dealer", "dealer", dealer=dealer),
    }
    foreign = {
        "supplier_id": s2.pk,
        "brand_id": b2.pk,
        "dealer_id": d2.pk,
        "network_outlet_id": o2.pk,
        "authorisation_id": a2.pk,
    }
    return users, foreign
