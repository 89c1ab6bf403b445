"""Fixtures of the page tests: requests in known states, a customer user, a signed-in browser-like client."""

from __future__ import annotations

import datetime as dt

import pytest

from aftersales.core import clock


@pytest.fixture
def new_ticket(agent):
    """new_ticket(customer, **fields) → a request taken by the agent through the service."""
    from aftersales.tickets import services

    def make(customer, **fields):
        values = {"channel": "phone", "severity": 3, "title": "打印机卡纸"} | fields
        return services.ticket_create(actor=agent, customer_id=customer.pk, **values).ticket

    return make


@pytest.fixture
def act(agent):
    """act(ticket, action) → the request after the agent applied `action`."""
    from aftersales.tickets import services

    def apply(ticket, action, **extra):
        return services.ticket_apply_action(ticket_id=ticket.pk, action=action, actor=agent, **extra)

    return apply


@pytest.fixture
def customer_user(make_user, customer):
    return make_user("hospital", "customer", customer=customer)


@pytest.fixture
def hours_ago():
    def at(hours: float) -> dt.datetime:
        return clock.now() - dt.timedelta(hours=hours)

    return at
