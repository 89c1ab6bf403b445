"""Fixtures of the parts tests: store keeper and engineer, a warehouse and a van, parts, a request, loaners."""

from __future__ import annotations

import pytest


@pytest.fixture
def keeper(make_user):
    return make_user("wang.warehouse", "warehouse")


@pytest.fixture
def engineer(make_user):
    return make_user("li.engineer", "engineer")


@pytest.fixture
def warehouse(keeper):
    from aftersales.parts import services

    return services.location_create(actor=keeper, name="合肥中心库")


@pytest.fixture
def van(keeper, engineer):
    from aftersales.parts import services

    return services.location_create(actor=keeper, name="李工随车库", kind="van", keeper_id=engineer.pk)


@pytest.fixture
def make_part(keeper):
    from aftersales.parts import services

    def make(part_number="02310XYZ", name="电源模块 PAC600S12", **extra):
        values = {"compatible_models": ["S5720-28P", "S5735"], "unit_cost_amount": "880.00"} | extra
        return services.part_create(actor=keeper, part_number=part_number, name=name, **values)

    return make


@pytest.fixture
def part(make_part):
    return make_part()


@pytest.fixture
def ticket(agent, customer, asset):
    from aftersales.tickets import services

    return services.ticket_create(
        actor=agent, customer_id=customer.pk, asset_id=asset.pk, channel="phone", severity=2, title="服务器电源故障"
    ).ticket


@pytest.fixture
def my_ticket(agent, ticket, engineer):
    """The request, assigned to the engineer."""
    from aftersales.tickets import services

    return services.ticket_update(
        ticket_id=ticket.pk, actor=agent, expected_version=ticket.version, assignee_id=engineer.pk
    )


@pytest.fixture
def other_ticket(agent, customer):
    from aftersales.tickets import services

    return services.ticket_create(
        actor=agent, customer_id=customer.pk, channel="phone", severity=3, title="交换机端口故障"
    ).ticket


@pytest.fixture
def stocked(keeper, part, warehouse):
    """stocked(n) → the part with n units received at the warehouse."""
    from aftersales.parts import services

    def receive(quantity, location=None):
        return services.part_receive(
            actor=keeper, part_id=part.pk, location_id=(location or warehouse).pk, quantity=quantity
        )

    return receive
