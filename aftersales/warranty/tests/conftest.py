"""Fixtures of the warranty tests: assets with chosen dates, vendors with their SLA policies, requests."""

from __future__ import annotations

import datetime as dt

import pytest

UTC = dt.UTC


@pytest.fixture(autouse=True)
def _clear_lookup_counters(request):
    """The public lookup's rate limit lives in Django's cache: start every test with no lookups counted.

    The cache may be the database cache: tests without the database (the pure policy tests) skip this.
    """
    if not request.node.get_closest_marker("django_db") and not {"db", "transactional_db"} & set(request.fixturenames):
        yield
        return
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def at_time(frozen_now):
    """`with at_time(2026, 5, 4, 9): ...` pins the clock to that instant in China time."""
    from aftersales.core.clock import SHANGHAI

    def pin(*parts: int):
        return frozen_now(dt.datetime(*parts, tzinfo=SHANGHAI))

    return pin


@pytest.fixture
def make_asset(customer, agent):
    """make_asset(serial, purchased_on, vendor="戴尔", **fields) → an asset of `customer` registered by the agent."""
    from aftersales.assets import services
    from aftersales.core import clock

    def make(serial: str, purchased_on: dt.date, vendor: str = "戴尔", **fields):
        with clock.frozen(dt.datetime(2026, 11, 26, 12, tzinfo=UTC)):
            return services.asset_create(
                actor=agent,
                customer_id=fields.pop("customer_id", customer.pk),
                vendor=vendor,
                model=fields.pop("model", "PowerEdge R750"),
                serial=serial,
                purchased_on=purchased_on,
                **fields,
            )

    return make


@pytest.fixture
def vendor_with_policy(db):
    """vendor_with_policy("华为", reference.HUAWEI_POLICY) → the vendor attached to that seeded SLA policy."""
    from aftersales.assets.models import Vendor
    from aftersales.sla.models import SlaPolicy

    def attach(name: str, policy_name: str | None):
        vendor, _ = Vendor.objects.get_or_create(name=name)
        vendor.sla_policy = SlaPolicy.objects.get(name=policy_name) if policy_name else None
        vendor.save()
        return vendor

    return attach


@pytest.fixture
def make_ticket(agent, customer):
    """make_ticket(asset=None, severity=2, reported_at=None) → a request taken by the agent."""
    from aftersales.tickets import services

    def make(asset=None, severity: int = 2, reported_at: dt.datetime | None = None, **extra):
        return services.ticket_create(
            actor=extra.pop("actor", agent),
            customer_id=extra.pop("customer_id", customer.pk),
            channel="phone",
            severity=severity,
            title=extra.pop("title", "服务器无法开机"),
            asset_id=asset.pk if asset else None,
            reported_at=reported_at,
            **extra,
        ).ticket

    return make
