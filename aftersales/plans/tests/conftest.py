"""Fixtures of the plan tests: a contract customer, staff of each role, a plan factory and a pinned clock."""

from __future__ import annotations

import datetime as dt

import pytest

# Sunday 2026-09-20 10:00 in China (a make-up workday before National Day).
AT = dt.datetime(2026, 9, 20, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor", "supervisor", first_name="静", last_name="赵")


@pytest.fixture
def callback_user(make_user):
    return make_user("caller", "callback", first_name="芳", last_name="王")


@pytest.fixture
def engineer(make_user):
    return make_user("eng1", "engineer", first_name="强", last_name="李")


@pytest.fixture
def contract(customer, agent):
    from aftersales.customers import services

    return services.contract_create(
        actor=agent,
        customer_id=customer.pk,
        number="HT-2026-001",
        name="信息系统运维服务",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2028, 12, 31),
    )


@pytest.fixture
def make_plan(supervisor, contract):
    """make_plan(kind, day_of_month=15, month_of_period=1, **rule) → a plan on the contract with one rule."""
    from aftersales.plans import services

    def make(kind: str, day_of_month: int = 15, month_of_period: int = 1, *, plan_contract=None, **rule):
        plan_fields = {k: rule.pop(k) for k in ("starts_on", "ends_on") if k in rule}
        return services.service_plan_create(
            actor=supervisor,
            name="运维服务计划",
            contract_id=(plan_contract or contract).pk,
            **plan_fields,
            rules=[services.RuleSpec(kind=kind, day_of_month=day_of_month, month_of_period=month_of_period, **rule)],
        )

    return make
