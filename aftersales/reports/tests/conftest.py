"""Fixtures of the management view's tests: hand-built requests (rows written as the ticket service stores
them: deadlines in force, events, waits), a pinned clock, supervisors and customer users."""

from __future__ import annotations

import datetime as dt

import pytest

CHINA = dt.timezone(dt.timedelta(hours=8))
# Tuesday 2026-11-10 12:00 in Beijing.
NOW = dt.datetime(2026, 11, 10, 4, 0, tzinfo=dt.UTC)


def china(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CHINA)


@pytest.fixture
def now(frozen_now):
    with frozen_now(NOW):
        yield NOW


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor", "supervisor", first_name="静", last_name="赵")


@pytest.fixture
def policy(db):
    from aftersales.sla.models import SlaPolicy

    return SlaPolicy.objects.get(is_default=True)


@pytest.fixture
def other_customer(db, agent):
    from aftersales.customers import services

    return services.customer_create(actor=agent, name="芜湖市中医院", address="芜湖市镜湖区")


@pytest.fixture
def make_ticket(customer, policy):
    """make_ticket(reported_at, **fields) → a request row as the service stores it (no clock arithmetic here:
    the deadlines given are the ones in force)."""
    from aftersales.tickets.models import Ticket

    def make(reported_at: dt.datetime, *, customer_obj=None, **fields):
        c = customer_obj or customer
        fields.setdefault("status", "received")
        return Ticket.objects.create(
            customer=c,
            region_id=fields.pop("region_id", c.region_id),
            sla_policy=fields.pop("sla_policy", policy),
            channel="phone",
            severity=fields.pop("severity", 2),
            zone=fields.pop("zone", "city"),
            title=fields.pop("title", "服务器宕机"),
            reported_at=reported_at,
            **fields,
        )

    return make
