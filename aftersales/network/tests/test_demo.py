"""The dealer network's demo data: dealers across 安徽, two sales outlets beyond 150 km, an overdue registration, a
withdrawn authorisation, work for the supplier and the dealer user; a second load adds nothing."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_demo_network_loads_once_with_violations_and_an_overdue_registration():
    from aftersales.accounts.models import User
    from aftersales.demo import network as network_demo
    from aftersales.demo.loader import DemoReport
    from aftersales.network import selectors
    from aftersales.network.models import Dealer, Outlet, Sale

    first = network_demo.load(DemoReport())
    assert first["dealers"] >= 30
    assert len({o.city for o in Outlet.objects.all()}) == 16
    supplier_user = User.objects.get(username="zhou.supplier")
    result = selectors.coverage(supplier_user)
    missing = sorted((v.county, v.missing) for v in result.violations)
    assert missing == [("砀山县", "parts"), ("砀山县", "service"), ("黟县", "service")]
    assert [d.name for d in selectors.overdue_registrations(supplier_user)] == ["界首皖风汽车销售有限公司"]
    dealer_user = User.objects.get(username="sun.dealer")
    assert selectors.outlet_list(dealer_user).count() == 3
    assert Sale.objects.count() == 3
    assert len(selectors.public_withdrawn()) == 1

    counts = (Dealer.objects.count(), Outlet.objects.count(), Sale.objects.count(), User.objects.count())
    assert network_demo.load(DemoReport()) == {"dealers": 0, "outlets": 0, "sales": 0}
    assert counts == (Dealer.objects.count(), Outlet.objects.count(), Sale.objects.count(), User.objects.count())
