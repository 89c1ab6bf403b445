"""Fixtures of the dealer network tests: a supplier with two brands, its users, dealers with valid credit codes."""

from __future__ import annotations

import itertools

import pytest
from stdnum.cn import uscc

_serial = itertools.count(1)


def credit_code(n: int | None = None) -> str:
    """A valid unified social credit code (统一社会信用代码), different for each n."""
    n = next(_serial) if n is None else n
    base = f"91340100MA2{n:06d}"
    return base + uscc.calc_check_digit(base)


@pytest.fixture
def supplier(db):
    from aftersales.network.models import Supplier

    return Supplier.objects.create(name="皖风汽车销售有限公司", credit_code=credit_code(900001))


@pytest.fixture
def other_supplier(db):
    from aftersales.network.models import Supplier

    return Supplier.objects.create(name="徽光汽车有限公司", credit_code=credit_code(900002))


@pytest.fixture
def brand(supplier):
    from aftersales.network.models import Brand

    return Brand.objects.create(name="皖风", supplier=supplier)


@pytest.fixture
def admin(make_user):
    return make_user("netadmin", "admin")


@pytest.fixture
def supplier_user(make_user, supplier):
    return make_user("supplier1", "supplier", supplier=supplier)


@pytest.fixture
def make_dealer(supplier, brand):
    from aftersales.core import clock
    from aftersales.network.models import Authorisation, Dealer

    def make(name="合肥皖风汽车销售服务有限公司", brands=(), supplier_row=None, **extra):
        dealer = Dealer.objects.create(name=name, credit_code=credit_code(), supplier=supplier_row or supplier, **extra)
        for b in brands or (brand,):
            Authorisation.objects.create(dealer=dealer, brand=b, valid_from=clock.today())
        return dealer

    return make


@pytest.fixture
def make_outlet():
    from aftersales.network.models import Outlet

    def make(dealer, brand, kind, lat, lng, name=None, address="安徽省合肥市蜀山区", **extra):
        return Outlet.objects.create(
            dealer=dealer,
            brand=brand,
            kind=kind,
            name=name or f"{dealer.name}{kind}",
            address=address,
            lat=lat,
            lng=lng,
            **extra,
        )

    return make
