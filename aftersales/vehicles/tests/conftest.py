"""Fixtures of the 4S follow-up tests: a pinned clock, follow-up staff, a person customer and a vehicle."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core import clock

# Monday 2026-03-02 10:00 in China.
NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


def china(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=clock.SHANGHAI)


@pytest.fixture
def now(frozen_now):
    with frozen_now(NOW):
        yield NOW


@pytest.fixture
def follower(make_user):
    """A callback specialist who follows up cars (跟踪业务员)."""
    return make_user("liming", "callback", first_name="明", last_name="李")


@pytest.fixture
def colleague(make_user):
    return make_user("wangfang", "callback", first_name="芳", last_name="王")


@pytest.fixture
def supervisor(make_user):
    return make_user("zhaojing", "supervisor", first_name="静", last_name="赵")


@pytest.fixture
def driver(db, agent):
    """A private customer of the dealer."""
    from aftersales.customers import services

    return services.customer_create(
        actor=agent, name="张伟", kind="person", address="湖南省娄底市娄星区乐坪大道1号", phone="13807381234"
    )


@pytest.fixture
def other_driver(db, agent):
    from aftersales.customers import services

    return services.customer_create(
        actor=agent, name="刘洋", kind="person", address="湖南省娄底市娄星区长青街8号", phone="13907385678"
    )


@pytest.fixture
def make_vehicle(agent, driver, follower):
    from aftersales.vehicles import services

    def make(plate: str = "湘K12345", customer=None, person=follower, **extra):
        fields = {
            "model": "别克英朗 1.5L",
            "vehicle_type": "sedan",
            "purchased_on": dt.date(2025, 9, 1),
            "interval_months": 6,
            "interval_km": 5000,
            **extra,
        }
        return services.vehicle_create(
            actor=agent,
            customer_id=(customer or driver).pk,
            plate=plate,
            follow_up_user_id=person.pk if person else None,
            **fields,
        )

    return make


@pytest.fixture
def vehicle(now, make_vehicle):
    return make_vehicle()
