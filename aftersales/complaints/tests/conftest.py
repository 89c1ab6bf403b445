"""Fixtures of the complaint tests: a pinned clock, supervisors and senior engineers, engineers and partners,
requests, the two seeded policies, and a helper that opens a complaint through the service."""

from __future__ import annotations

import datetime as dt

import pytest

# Thursday 2026-11-26 10:00 in China: a working day inside office hours.
NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)
CHINA = dt.timezone(dt.timedelta(hours=8))


def china(*args) -> dt.datetime:
    """A China-time instant: china(2026, 11, 27, 17, 0)."""
    return dt.datetime(*args, tzinfo=CHINA)


@pytest.fixture
def now(frozen_now):
    with frozen_now(NOW):
        yield NOW


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor", "supervisor", first_name="静", last_name="赵")


@pytest.fixture
def supervisor2(make_user):
    return make_user("supervisor2", "supervisor", first_name="强", last_name="钱")


@pytest.fixture
def expert(make_user):
    return make_user("expert", "expert", first_name="工", last_name="高")


@pytest.fixture
def policy_7x24(db):
    from aftersales.complaints import reference
    from aftersales.complaints.models import ComplaintPolicy

    return ComplaintPolicy.objects.get(name=reference.HOTLINE_10_MINUTES)


@pytest.fixture
def policy_office(db):
    from aftersales.complaints import reference
    from aftersales.complaints.models import ComplaintPolicy

    return ComplaintPolicy.objects.get(name=reference.HOTLINE_2_HOURS)


@pytest.fixture
def regions(db):
    from aftersales.customers.models import Region

    return {r.name: r for r in Region.objects.all()}


@pytest.fixture
def make_partner(regions):
    from aftersales.network.models import Partner

    def make(name: str, city: str = "阜阳市", kind: str = "alliance"):
        return Partner.objects.create(kind=kind, name=name, region=regions[city], phone="0558-1234567")

    return make


@pytest.fixture
def make_engineer(make_user, regions, supervisor):
    """make_engineer(username, name, partner=None) → a dispatch Engineer (ours, or a partner's)."""
    from aftersales.dispatch import services

    def make(username: str, name: str = "", partner=None):
        user = make_user(username, "partner" if partner else "engineer", partner=partner, first_name=name or username)
        return services.engineer_create(
            actor=supervisor,
            user_id=user.pk,
            home_region_id=regions["合肥市"].pk,
            partner_id=partner.pk if partner else None,
        )

    return make


@pytest.fixture
def make_ticket(agent):
    from aftersales.tickets import services

    def make(customer, **fields):
        values = {"channel": "phone", "severity": 2, "title": "服务器主板故障，系统无法启动"} | fields
        return services.ticket_create(actor=agent, customer_id=customer.pk, **values).ticket

    return make


@pytest.fixture
def open_complaint(agent):
    """open_complaint(customer, **fields) → a hotline complaint taken by the agent through the service."""
    from aftersales.complaints import services

    def make(customer, **fields):
        values = {"source": "hotline", "summary": "工程师未按约定时间到场", "actor": agent} | fields
        return services.complaint_open(customer_id=customer.pk, **values)

    return make


@pytest.fixture
def make_callback(make_ticket):
    """make_callback(customer) → the callback (回访) row of a new request of the customer."""
    from aftersales.followups.models import Callback

    def make(customer):
        ticket = make_ticket(customer)
        return Callback.objects.create(ticket=ticket, customer=customer, resolved_at=NOW, due_on=NOW.date())

    return make
